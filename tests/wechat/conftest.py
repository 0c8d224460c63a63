"""Fixtures for the WeChat module: a stand-in server and clients over fakeredis or Redis."""

import fakeredis
import pytest
import redis

from app.wechat import WeChatClient, serve_standin

APPID = "wx-test-appid"
SECRET = "appsecret-0123456789abcdef"
REAL_REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="session")
def _standin_server():
    server = serve_standin()
    yield server
    server.stop()


@pytest.fixture
def standin(_standin_server):
    _standin_server.reset()
    return _standin_server


@pytest.fixture
def fake_redis():
    return fakeredis.FakeRedis(server=fakeredis.FakeServer())


@pytest.fixture
def make_client(standin):
    def make(redis_conn, **kwargs):
        return WeChatClient(APPID, SECRET, base_url=standin.url, redis=redis_conn, **kwargs)

    return make


@pytest.fixture
def client(make_client, fake_redis):
    return make_client(fake_redis)


@pytest.fixture
def real_redis():
    conn = redis.Redis.from_url(REAL_REDIS_URL)
    conn.ping()  # the session preflight has already failed the run if Redis is down
    conn.flushdb()
    yield conn
    conn.flushdb()
    conn.close()


@pytest.fixture
def app_secret():
    return SECRET
