"""code_to_session: the login exchange and its documented errors."""

import pytest

from app.wechat import LOGIN_ERRORS, WeChatError

LOGIN = "/sns/jscode2session"


def test_login_returns_openid_and_session_key(client, standin):
    session = client.code_to_session("test-user_01")
    assert session["openid"] == "user_01"
    assert session["session_key"]
    assert "unionid" not in session
    ((method, path, sent),) = standin.received
    assert (method, path) == ("GET", LOGIN)
    assert sent["appid"] == "wx-test-appid"
    assert sent["grant_type"] == "authorization_code"


def test_login_fetches_no_access_token(client, standin):
    client.code_to_session("test-abcdef")
    assert [path for _, path, _ in standin.received] == [LOGIN]
    assert standin.issued_tokens == 0
    assert "access_token" not in standin.received[0][2]


@pytest.mark.parametrize("code", ["bogus", "test-short", "test-" + "x" * 65, "test-has space"])
def test_invalid_code_is_40029(client, code):
    with pytest.raises(WeChatError) as err:
        client.code_to_session(code)
    assert err.value.errcode == 40029
    assert LOGIN_ERRORS[err.value.errcode] == "wechat_code_invalid"


@pytest.mark.parametrize(
    "errcode, api_code",
    [(45011, "wechat_rate_limited"), (40226, "wechat_high_risk_user"), (-1, "wechat_busy")],
)
def test_login_errors_surface_with_their_errcode(client, standin, errcode, api_code):
    standin.fail_next(LOGIN, errcode)
    with pytest.raises(WeChatError) as err:
        client.code_to_session("test-abcdef")
    assert err.value.errcode == errcode
    assert LOGIN_ERRORS[errcode] == api_code


def test_busy_login_is_not_retried(client, standin):
    # A code is single use: a second try could not succeed, so -1 is reported at once.
    standin.fail_next(LOGIN, -1, times=1)
    with pytest.raises(WeChatError):
        client.code_to_session("test-abcdef")
    assert len(standin.calls(LOGIN)) == 1
