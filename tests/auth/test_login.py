"""WeChat login, bearer tokens and the error shape of the auth endpoints."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.auth.models import AuthToken
from app.core.time import utcnow
from app.users.models import User

LOGIN = "/api/v1/auth/wechat/login"


def test_a_stand_in_code_logs_in_and_the_token_opens_me(client):
    response = client.post(LOGIN, json={"code": "test-demo_resident"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["expires_in"] > 0 and len(body["token"]) >= 40
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.get_json()["id"] == body["user"]["id"]


def test_the_session_key_never_reaches_the_client_or_the_database(client, db, caplog):
    caplog.set_level("DEBUG")
    response = client.post(LOGIN, json={"code": "test-secretive_user"})
    text = response.get_data(as_text=True)
    assert "session_key" not in text
    user = db.session.scalar(select(User).where(User.openid == "secretive_user"))
    assert "session_key" not in {c.name for c in User.__table__.columns}
    assert user is not None
    assert "session_key" not in caplog.text and "standin-secret" not in caplog.text


def test_tokens_are_stored_only_as_hashes(client, db):
    token = client.post(LOGIN, json={"code": "test-hash_check"}).get_json()["token"]
    stored = db.session.scalars(select(AuthToken.token_hash)).all()
    assert stored and token not in stored


def test_logging_in_twice_is_the_same_user(client):
    first = client.post(LOGIN, json={"code": "test-same_person"}).get_json()["user"]["id"]
    second = client.post(LOGIN, json={"code": "test-same_person"}).get_json()["user"]["id"]
    assert first == second


def test_a_bad_code_is_wechat_code_invalid(client):
    response = client.post(LOGIN, json={"code": "not-a-test-code"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "wechat_code_invalid"


@pytest.mark.parametrize(
    ("errcode", "status", "code"),
    [
        (45011, 429, "wechat_rate_limited"),
        (40226, 403, "wechat_high_risk_user"),
        (-1, 503, "wechat_busy"),
        (40029, 400, "wechat_code_invalid"),
    ],
)
def test_wechat_login_errors_map_to_clear_answers(client, wechat_standin, errcode, status, code):
    wechat_standin.fail_next("/sns/jscode2session", errcode)
    response = client.post(LOGIN, json={"code": "test-unlucky_user"})
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code


def test_wechat_unreachable_is_a_503_not_a_500(app, client):
    from app.wechat import WeChatClient

    app.extensions["wechat"] = WeChatClient(
        "wx", "s", base_url="http://127.0.0.1:9", redis=app.extensions["redis"], timeout=0.5
    )
    response = client.post(LOGIN, json={"code": "test-offline_user"})
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "wechat_unreachable"


def test_an_expired_token_is_refused(client, db):
    logged_in = client.login("expiring_user")
    db.session.execute(update(AuthToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    response = logged_in.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "token_expired"


def test_logout_revokes_the_token(client):
    logged_in = client.login("leaving_user")
    assert logged_in.post("/api/v1/auth/logout").status_code == 204
    response = logged_in.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "token_invalid"


@pytest.mark.parametrize("header", ["Bearer nonsense-token", "Basic abc", "Bearer "])
def test_a_wrong_authorization_header_is_401(client, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "token_invalid"


def test_me_without_a_token_is_401(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert set(response.get_json()["error"]) == {"code", "message", "details"}


def test_malformed_json_is_invalid_json(client):
    response = client.raw.post(LOGIN, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"


def test_wrong_types_get_per_field_messages(client):
    response = client.post(LOGIN, json={"code": 12345})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert "code" in error["details"]["fields"]


def test_unknown_fields_are_refused_by_name(client):
    response = client.post(LOGIN, json={"code": "test-someone_else", "admin": True})
    assert response.status_code == 422
    assert "admin" in response.get_json()["error"]["details"]["fields"]


def test_a_missing_code_is_a_validation_error(client):
    response = client.post(LOGIN, json={})
    assert response.status_code == 422
    assert "code" in response.get_json()["error"]["details"]["fields"]


def test_a_body_that_is_not_an_object_is_a_validation_error(client):
    response = client.post(LOGIN, json=["test-list_user"])
    assert response.status_code == 422


def test_unknown_paths_and_methods_answer_in_the_error_shape(client):
    assert client.get("/api/v1/nowhere").get_json()["error"]["code"] == "not_found"
    response = client.put(LOGIN, json={})
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
