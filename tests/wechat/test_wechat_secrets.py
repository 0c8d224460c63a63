"""Secrets never reach logs or exceptions, even at DEBUG with urllib3 logging every request."""

import logging

import pytest

from app.wechat import WeChatError


def test_secrets_stay_out_of_logs_and_errors(client, standin, caplog, app_secret):
    caplog.set_level(logging.DEBUG)
    session = client.code_to_session("test-secret_login")
    client.get_phone_number("phone-13800138000")
    first_token = client.access_token
    standin.fail_next("/wxa/msg_sec_check", 40001)  # forces a token refresh and retry
    client.msg_sec_check(openid="secret_login", content="hi")
    errors = []
    for call in (
        lambda: client.code_to_session("test-bad code"),
        lambda: client.get_phone_number("phone-1"),
        lambda: client.get_wxa_code_unlimited(scene="x" * 40),
    ):
        with pytest.raises(WeChatError) as err:
            call()
        errors.append(str(err.value) + repr(err.value))
    standin.fail_next(
        "/sns/jscode2session", 40029, errmsg=f"invalid code test-echoed_code {app_secret}"
    )
    with pytest.raises(WeChatError) as err:
        client.code_to_session("test-echoed_code")
    errors.append(str(err.value) + repr(err.value))

    text = caplog.text + "\n".join(errors) + repr(client)
    # The stand-in and urllib3 did log the calls: the check below looks at real records.
    assert "/sns/jscode2session" in caplog.text
    for secret in (
        app_secret,
        session["session_key"],
        first_token,
        client.access_token,
        "test-secret_login",
        "phone-13800138000",
        "test-echoed_code",
    ):
        assert secret not in text
    assert "secret_login" in caplog.text  # the openid may be logged
