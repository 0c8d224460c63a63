"""Shared fixtures: the app on MariaDB + Redis (URLs from TEST_DATABASE_URL / TEST_REDIS_URL),
the WeChat stand-in, clean tables per test, logged-in clients and factories."""

import os

import pytest
from sqlalchemy import text

from app import create_app
from app.extensions import db as _db
from app.extensions import get_redis
from app.wechat import serve_standin
from config import TestConfig
from tests.support import ApiClient, Factory, check_services


def pytest_sessionstart(session):
    problem = check_services(TestConfig.SQLALCHEMY_DATABASE_URI, TestConfig.REDIS_URL)
    if problem:
        pytest.exit(problem, returncode=3)


@pytest.fixture(scope="session")
def wechat_standin():
    server = serve_standin(port=0)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app(wechat_standin):
    class Config(TestConfig):
        WECHAT_API_BASE = wechat_standin.url

    application = create_app(Config)
    with application.app_context():
        drop_every_table()
        _db.create_all()
    yield application


@pytest.fixture(autouse=True)
def _clean_state(request, app, wechat_standin):
    """Every test starts with empty tables, an empty Redis db and a fresh stand-in."""
    if "no_app" in request.keywords:
        yield
        return
    ctx = app.app_context()
    ctx.push()
    app.extensions.pop("wechat", None)
    wechat_standin.reset()
    yield
    _db.session.remove()
    wipe_tables()
    get_redis().flushdb()
    ctx.pop()


def drop_every_table() -> None:
    """Drop whatever an earlier run (of any schema version) left in the test database."""
    from sqlalchemy import MetaData

    with _db.engine.begin() as connection:
        mysql = connection.dialect.name in ("mysql", "mariadb")
        if mysql:
            connection.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        existing = MetaData()
        existing.reflect(bind=connection)
        for table in existing.sorted_tables:
            connection.execute(
                text(f"DROP TABLE `{table.name}`" if mysql else f'DROP TABLE "{table.name}"')
            )
        if mysql:
            connection.execute(text("SET FOREIGN_KEY_CHECKS=1"))


def wipe_tables() -> None:
    with _db.engine.begin() as connection:
        if connection.dialect.name in ("mysql", "mariadb"):
            connection.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        for table in reversed(_db.metadata.sorted_tables):
            connection.execute(table.delete())
        if connection.dialect.name in ("mysql", "mariadb"):
            connection.execute(text("SET FOREIGN_KEY_CHECKS=1"))


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return ApiClient(app.test_client())


@pytest.fixture
def factory(app, client):
    return Factory(app, client)


@pytest.fixture
def redis(app):
    return get_redis()


def pytest_configure(config):
    config.addinivalue_line("markers", "no_app: the test needs no app context or clean tables")
    os.environ.setdefault("APP_ENV", "test")
