"""Privacy basics: consent version, minors, export and deletion."""

from sqlalchemy import select

from app.users.models import User
from tests.support import assert_documented


def test_accepting_the_current_privacy_guide_is_recorded(client, app):
    user = client.login("careful_reader")
    version = app.config["PRIVACY_GUIDE_VERSION"]
    body = user.post("/api/v1/me/privacy-consent", json={"version": version}).get_json()
    assert body["privacy_version"] == version
    assert body["privacy_accepted_at"].endswith("+08:00")


def test_an_outdated_privacy_guide_version_is_refused(client):
    user = client.login("late_reader")
    response = user.post("/api/v1/me/privacy-consent", json={"version": "1999-01"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "privacy_version_outdated"
    assert user.get("/api/v1/me").get_json()["privacy_version"] is None


def test_an_under_14_needs_guardian_consent_and_is_not_listed(client):
    """Until a guardian's consent is recorded (tests/users/test_guardian_consent.py)."""
    child = client.login("young_learner")
    body = child.patch("/api/v1/me", json={"age_band": "under_14"}).get_json()
    assert body["is_minor"] and body["needs_guardian_consent"]
    assert body["may_be_listed_publicly"] is False
    assert body["guardian_consent_at"] is None


def test_a_teenager_gets_conservative_defaults(client):
    teen = client.login("teen_learner")
    body = teen.patch("/api/v1/me", json={"age_band": "14_17"}).get_json()
    assert body["is_minor"] and not body["needs_guardian_consent"]
    assert body["may_be_listed_publicly"] is False


def test_an_unknown_age_band_is_a_field_error(client):
    user = client.login("typo_user")
    response = user.patch("/api/v1/me", json={"age_band": "ancient"})
    assert response.status_code == 422
    assert "age_band" in response.get_json()["error"]["details"]["fields"]


def test_export_holds_the_users_own_data(client):
    user = client.login("exporting_user")
    user.patch("/api/v1/me", json={"nickname": "小王"})
    data = user.get("/api/v1/me/export").get_json()
    assert data["profile"]["nickname"] == "小王"
    assert data["profile"]["id"] == user.user_id


def test_the_export_is_a_documented_200(app, client):
    user = client.login("exporting_reader")
    export = user.get("/api/v1/me/export")
    assert export.status_code == 200
    assert_documented(app, export, "GET", "/api/v1/me/export")


def test_deleting_the_account_erases_it_and_revokes_its_tokens(client, db):
    user = client.login("leaving_for_good")
    user.patch("/api/v1/me", json={"nickname": "要走的人"})
    assert user.delete("/api/v1/me").status_code == 204
    assert user.get("/api/v1/me").status_code == 401
    row = db.session.get(User, user.user_id)
    assert row.deleted_at is not None and row.nickname is None
    assert db.session.scalar(select(User).where(User.openid == "leaving_for_good")) is None
    again = client.login("leaving_for_good")
    assert again.user_id != user.user_id
