"""Phone number, content security v2, mini-program codes and subscribe messages."""

import pytest

from app.wechat import WeChatClient, WeChatError, WeChatUnavailable

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SUBSCRIBE = "/cgi-bin/message/subscribe/send"
WXACODE = "/wxa/getwxacodeunlimit"


def test_phone_number(client):
    info = client.get_phone_number("phone-13800138000")
    assert info["purePhoneNumber"] == "13800138000"
    assert info["countryCode"] == "86"


def test_phone_number_invalid_code(client, standin):
    with pytest.raises(WeChatError) as err:
        client.get_phone_number("phone-123")
    assert err.value.errcode == 40029
    assert len(standin.calls("/wxa/business/getuserphonenumber")) == 1


@pytest.mark.parametrize(
    "content, suggest, label",
    [
        ("你好，志愿者", "pass", 100),
        ("please REVIEW me", "review", 20002),
        ("RISKY words", "risky", 20001),
    ],
)
def test_msg_sec_check(client, standin, content, suggest, label):
    verdict = client.msg_sec_check(openid="abcdef", content=content, title="t")
    assert verdict["suggest"] == suggest
    assert verdict["label"] == label
    assert verdict["trace_id"]
    sent = standin.calls("/wxa/msg_sec_check")[0][2]
    assert (sent["version"], sent["openid"], sent["scene"], sent["content"]) == (
        2,
        "abcdef",
        2,
        content,
    )


def test_media_check_async_returns_trace_id(client, standin):
    trace_id = client.media_check_async(openid="abcdef", media_url="https://x.test/a.png")
    assert trace_id and isinstance(trace_id, str)
    sent = standin.calls("/wxa/media_check_async")[0][2]
    assert (sent["version"], sent["media_type"], sent["scene"]) == (2, 2, 2)


def test_wxacode_is_png(client, standin):
    image = client.get_wxa_code_unlimited(
        scene="e=42", page="pages/entry/index", env_version="trial", width=280
    )
    assert image.startswith(PNG_SIGNATURE)
    sent = standin.calls(WXACODE)[0][2]
    assert sent == {
        "access_token": "***",
        "scene": "e=42",
        "page": "pages/entry/index",
        "env_version": "trial",
        "check_path": True,
        "width": 280,
    }


def test_wxacode_scene_too_long(client):
    with pytest.raises(WeChatError) as err:
        client.get_wxa_code_unlimited(scene="s" * 33)
    assert err.value.errcode == 40169


def test_wxacode_invalid_page(client):
    with pytest.raises(WeChatError) as err:
        client.get_wxa_code_unlimited(scene="e=1", page="entry/index")
    assert err.value.errcode == 41030


def test_wxacode_unchecked_page_is_allowed(client):
    image = client.get_wxa_code_unlimited(scene="e=1", page="entry/index", check_path=False)
    assert image.startswith(PNG_SIGNATURE)


def test_subscribe_message(client, standin):
    data = {"thing1": {"value": "申请已通过"}}
    assert (
        client.send_subscribe_message(
            openid="abcdef",
            template_id="tpl-1",
            data=data,
            page="pages/me/index",
            miniprogram_state="trial",
        )
        is None
    )
    sent = standin.calls(SUBSCRIBE)[0][2]
    assert (sent["touser"], sent["template_id"], sent["data"]) == ("abcdef", "tpl-1", data)
    assert sent["miniprogram_state"] == "trial"


def test_subscribe_43101_raises_and_is_not_retried(client, standin):
    standin.fail_next(SUBSCRIBE, 43101, errmsg="user refuse to accept the msg")
    with pytest.raises(WeChatError) as err:
        client.send_subscribe_message(openid="abcdef", template_id="tpl-1", data={})
    assert err.value.errcode == 43101
    assert len(standin.calls(SUBSCRIBE)) == 1


def test_busy_subscribe_is_not_retried(client, standin):
    standin.fail_next(SUBSCRIBE, -1)
    with pytest.raises(WeChatError):
        client.send_subscribe_message(openid="abcdef", template_id="tpl-1", data={})
    assert len(standin.calls(SUBSCRIBE)) == 1


def test_unreachable_wechat_is_an_error_without_the_url(fake_redis):
    # Port 9 on loopback (discard) is closed: the connection is refused.
    client = WeChatClient(
        "wx-test-appid", "appsecret-x", base_url="http://127.0.0.1:9", redis=fake_redis, timeout=1
    )
    client.session.set(client.access_token_key, "cached-token-value", 600)
    with pytest.raises(WeChatUnavailable) as err:
        client.msg_sec_check(openid="abcdef", content="hi")
    assert err.value.errcode == -1
    assert "cached-token-value" not in str(err.value)
    assert "127.0.0.1" not in str(err.value)
