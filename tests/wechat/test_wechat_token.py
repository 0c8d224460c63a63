"""The access token: one in Redis for every process, fetched single-flight, refreshed once."""

import threading

import pytest

from app.wechat import WeChatError

TOKEN = "/cgi-bin/stable_token"
CHECK = "/wxa/msg_sec_check"
KEY = "wechat:access_token:wx-test-appid"


def check(client):
    return client.msg_sec_check(openid="abcdef", content="hello")


def test_token_is_cached_in_redis_with_a_safety_margin(client, standin, fake_redis):
    check(client)
    check(client)
    assert len(standin.calls(TOKEN)) == 1
    assert standin.calls(TOKEN)[0][2]["force_refresh"] is False
    assert 60 < fake_redis.ttl(KEY) <= 7200 - 300


def test_two_clients_over_one_redis_share_one_token(make_client, fake_redis, standin):
    first, second = make_client(fake_redis), make_client(fake_redis)
    assert first.access_token == second.access_token
    check(first)
    check(second)
    assert len(standin.calls(TOKEN)) == 1


def test_single_flight_across_clients_and_threads(make_client, real_redis, standin):
    # The slow token endpoint keeps the fetch in flight while all threads ask for it.
    standin.set_delay(TOKEN, 0.3)
    clients = [make_client(real_redis), make_client(real_redis)]
    start = threading.Barrier(20)
    tokens, errors = [], []

    def ask(c):
        start.wait()
        try:
            tokens.append(c.access_token)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(clients[i % 2],)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert errors == []
    assert len(tokens) == 20 and len(set(tokens)) == 1
    assert len(standin.calls(TOKEN)) == 1


def test_injected_40001_refreshes_and_retries_once(client, standin):
    old = client.access_token
    standin.fail_next(CHECK, 40001)
    assert check(client)["suggest"] == "pass"
    assert len(standin.calls(CHECK)) == 2
    # Normal mode handed back the refused token, so the client forced a new one.
    assert [c[2]["force_refresh"] for c in standin.calls(TOKEN)] == [False, False, True]
    assert client.access_token != old


def test_unknown_cached_token_is_replaced_in_normal_mode(client, standin):
    client.session.set(client.access_token_key, "never-issued", 7000)
    assert check(client)["suggest"] == "pass"
    assert [c[2]["force_refresh"] for c in standin.calls(TOKEN)] == [False]
    assert client.access_token != "never-issued"


@pytest.mark.parametrize("errcode", [40014, 42001])
def test_other_token_errors_also_refresh(client, standin, errcode):
    assert client.access_token  # cache a token first, so the refusal hits a cached one
    standin.fail_next(CHECK, errcode)
    assert check(client)["suggest"] == "pass"
    assert len(standin.calls(CHECK)) == 2


def test_token_refresh_is_retried_only_once(client, standin):
    standin.fail_next(CHECK, 40001, times=5)
    with pytest.raises(WeChatError) as err:
        check(client)
    assert err.value.errcode == 40001
    assert len(standin.calls(CHECK)) == 2


def test_busy_idempotent_call_is_retried(client, standin):
    standin.fail_next(CHECK, -1, times=2)
    assert check(client)["suggest"] == "pass"
    assert len(standin.calls(CHECK)) == 3


def test_busy_retries_are_bounded(client, standin):
    standin.fail_next(CHECK, -1, times=10)
    with pytest.raises(WeChatError) as err:
        check(client)
    assert err.value.errcode == -1
    assert len(standin.calls(CHECK)) == 1 + len(client.BUSY_BACKOFF)


def test_token_endpoint_error_surfaces(client, standin):
    standin.fail_next(TOKEN, 40125, errmsg="invalid appsecret")
    with pytest.raises(WeChatError) as err:
        check(client)
    assert err.value.errcode == 40125
    assert standin.calls(CHECK) == []
