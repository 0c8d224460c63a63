"""An under-14's guardian consent comes from the guardian, never from the minor: an admin of a
station the minor belongs to records it after seeing the guardian, with the guardian's name and
relation; the minor may only withdraw it."""

import pytest

from app.extensions import db
from app.users.models import Role, User

CONSENT = {"guardian_name": "王芳", "guardian_relation": "mother"}


def record(client, user_id, body=None):
    return client.post(f"/api/v1/users/{user_id}/guardian-consent", json=body or CONSENT)


@pytest.fixture
def minor(factory):
    """An under-14 who came in through a station (of a sub-station tree) of an association."""
    association = factory.association()
    station = factory.station(association=association)
    sub_station = factory.station(parent=station)
    child = factory.member(sub_station)
    assert child.patch("/api/v1/me", json={"age_band": "under_14"}).status_code == 200
    return {"client": child, "association": association, "station": station, "sub": sub_station}


def test_a_minor_cannot_grant_their_own_guardian_consent(minor):
    """403 guardian_consent_by_guardian_only, and nothing else in the same request changes."""
    child = minor["client"]
    for body in ({"guardian_consent": True}, {"guardian_consent": True, "nickname": "小明"}):
        response = child.patch("/api/v1/me", json=body)
        assert response.status_code == 403, response.get_json()
        error = response.get_json()["error"]
        assert error["code"] == "guardian_consent_by_guardian_only"
        assert "guardian_consent" in error["details"]["fields"]
    me = child.get("/api/v1/me").get_json()
    assert me["needs_guardian_consent"] is True and me["may_be_listed_publicly"] is False
    assert me["nickname"] != "小明"


def test_declaring_oneself_under_14_with_consent_in_one_request_is_refused(factory):
    person = factory.resident()
    response = person.patch("/api/v1/me", json={"age_band": "under_14", "guardian_consent": True})
    assert response.status_code == 403
    assert person.get("/api/v1/me").get_json()["age_band"] == "unknown"


def test_the_minors_station_admin_records_the_guardians_consent(minor, factory):
    """The admin of the minor's first station: 200 with the guardian and who recorded it; the
    minor may then be listed, sees the relation in /me and the guardian's name in the export."""
    admin = factory.station_admin(minor["sub"])
    response = record(admin, minor["client"].user_id)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["guardian_name"] == "王芳" and body["guardian_relation"] == "mother"
    assert body["guardian_consent_recorded_by_id"] == admin.user_id
    assert body["guardian_consent_at"].endswith("+08:00")
    assert "points_balance" not in body  # the admin gets the consent record, not the profile
    me = minor["client"].get("/api/v1/me").get_json()
    assert me["needs_guardian_consent"] is False and me["may_be_listed_publicly"] is True
    assert me["guardian_relation"] == "mother"
    export = minor["client"].get("/api/v1/me/export").get_json()
    assert export["profile"]["guardian_name"] == "王芳"


def test_admins_above_the_minors_station_may_record_too(minor, factory):
    """The parent station's admin, the association's admin and the union admin."""
    for admin in (
        factory.station_admin(minor["station"]),
        factory.association_admin(minor["association"]),
        factory.union_admin(),
    ):
        response = record(admin, minor["client"].user_id)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["guardian_consent_recorded_by_id"] == admin.user_id


def test_a_volunteers_home_station_admin_may_record(factory):
    station = factory.station()
    admin, checker = factory.station_admin(station), factory.station_admin(station)
    child = factory.resident()
    child.patch("/api/v1/me", json={"age_band": "under_14"})
    applied = child.post(
        "/api/v1/volunteer-applications",
        json={"station_id": station.id, "real_name": "小明", "phone": "13812345678"},
    )
    assert (
        checker.post(
            f"/api/v1/volunteer-applications/{applied.get_json()['id']}/approve"
        ).status_code
        == 200
    )
    assert record(admin, child.user_id).status_code == 200


def test_other_roles_and_foreign_admins_are_refused(minor, factory):
    """The minor, residents, volunteers, lecturers, the admin of a sibling station, another
    association's station and association admins: 403 user_outside_station; nothing recorded."""
    sibling = factory.station(association=minor["association"])
    elsewhere = factory.station()
    callers = [
        minor["client"],
        factory.resident(),
        factory.logged_in(Role.VOLUNTEER),
        factory.logged_in(Role.LECTURER),
        factory.station_admin(sibling),
        factory.station_admin(elsewhere),
        factory.association_admin(factory.association()),
    ]
    for caller in callers:
        response = record(caller, minor["client"].user_id)
        assert response.status_code == 403, response.get_json()
        assert response.get_json()["error"]["code"] == "user_outside_station"
    assert minor["client"].get("/api/v1/me").get_json()["needs_guardian_consent"] is True


def test_unknown_users_and_users_not_under_14(minor, factory):
    """Unknown ids look like foreign users to station admins (403) and are 404 to the union;
    someone not under 14 needs no consent (400 guardian_consent_not_needed)."""
    admin = factory.station_admin(minor["station"])
    assert record(admin, 987654).status_code == 403
    unknown = record(factory.union_admin(), 987654)
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "user_not_found"
    teen = factory.member(minor["station"])
    teen.patch("/api/v1/me", json={"age_band": "14_17"})
    response = record(admin, teen.user_id)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "guardian_consent_not_needed"


def test_the_guardian_and_relation_are_required_and_checked(minor, factory):
    admin = factory.station_admin(minor["station"])
    for body, field in (
        ({"guardian_relation": "mother"}, "guardian_name"),
        ({"guardian_name": "王芳", "guardian_relation": "neighbour"}, "guardian_relation"),
        ({**CONSENT, "guardian_name": ""}, "guardian_name"),
    ):
        response = record(admin, minor["client"].user_id, body)
        assert response.status_code == 422
        assert field in response.get_json()["error"]["details"]["fields"]
    assert minor["client"].get("/api/v1/me").get_json()["needs_guardian_consent"] is True


def test_the_minor_may_withdraw_consent_and_deletion_erases_the_guardian(minor, factory):
    admin = factory.station_admin(minor["station"])
    assert record(admin, minor["client"].user_id).status_code == 200
    withdrawn = minor["client"].patch("/api/v1/me", json={"guardian_consent": False})
    assert withdrawn.status_code == 200
    assert withdrawn.get_json()["needs_guardian_consent"] is True
    assert record(admin, minor["client"].user_id).status_code == 200
    assert minor["client"].delete("/api/v1/me").status_code == 204
    db.session.expire_all()
    row = db.session.get(User, minor["client"].user_id)
    assert row.guardian_name is None and row.guardian_relation is None
