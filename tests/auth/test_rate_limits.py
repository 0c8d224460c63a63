"""Limits are per account and per openid, never per address alone."""

import pytest

LOGIN = "/api/v1/auth/wechat/login"


@pytest.fixture
def tight_limits(app):
    saved = {k: app.config[k] for k in ("RATELIMIT_LOGIN_PER_OPENID", "RATELIMIT_PER_ACCOUNT")}
    app.config.update(RATELIMIT_LOGIN_PER_OPENID="3/minute", RATELIMIT_PER_ACCOUNT="5/minute")
    yield
    app.config.update(saved)


def test_one_openid_logging_in_too_often_is_rate_limited(client, tight_limits):
    codes = [client.post(LOGIN, json={"code": "test-busy_fingers"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_other_accounts_behind_the_same_address_still_log_in(client, tight_limits):
    for _ in range(4):
        client.post(LOGIN, json={"code": "test-busy_fingers"})
    # Same test-client address: a whole station shares one Wi-Fi.
    for n in range(10):
        assert client.post(LOGIN, json={"code": f"test-neighbour_{n:02d}"}).status_code == 200


def test_one_account_making_too_many_requests_is_limited_alone(client, tight_limits):
    heavy = client.login("heavy_user")
    light = client.login("light_user")
    statuses = [heavy.get("/api/v1/me").status_code for _ in range(6)]
    assert statuses[-1] == 429
    assert light.get("/api/v1/me").status_code == 200
    body = heavy.get("/api/v1/me").get_json()
    assert body["error"]["code"] == "rate_limited"
