"""Shared fixtures: the app on MariaDB + Redis (URLs from TEST_DATABASE_URL / TEST_REDIS_URL),
the WeChat stand-in, clean tables per test, logged-in clients and factories.

`make test` runs the suite twice: on MariaDB, then on the embedded default's SQLite
(TEST_DATABASE_URL=sqlite:///…). Tests marked `mariadb` (real concurrency, MariaDB-only SQL) are
deselected on SQLite. After every test the books must reconcile (`flask points reconcile`),
except in tests marked `ledger_broken`, which corrupt the ledger on purpose."""

import os

import pytest
from sqlalchemy import text

from app import create_app
from app.extensions import db as _db
from app.extensions import get_redis
from app.points.reconcile import reconcile
from app.quizzes import pools
from app.wechat import serve_standin
from config import TestConfig
from tests.support import ApiClient, Factory, check_services


def on_sqlite() -> bool:
    return TestConfig.SQLALCHEMY_DATABASE_URI.startswith("sqlite")


def pytest_collection_modifyitems(config, items):
    if not on_sqlite():
        return
    kept = [item for item in items if "mariadb" not in item.keywords]
    dropped = [item for item in items if "mariadb" in item.keywords]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


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
    pools.forget()  # ids repeat across tests on SQLite; a cached pool must not outlive its test
    try:
        if "ledger_broken" not in request.keywords:
            assert_books_reconcile()
    finally:
        _db.session.remove()
        wipe_tables()
    get_redis().flushdb()
    ctx.pop()


def assert_books_reconcile() -> None:
    """What `flask points reconcile` checks: balanced transfers, balances equal to their entries,
    nothing negative, gift stock conserved."""
    problems = reconcile()
    assert not problems, "the books do not reconcile after this test: " + "; ".join(
        str(problem) for problem in problems[:10]
    )


def drop_every_table() -> None:
    """Drop whatever an earlier run (of any schema version) left in the test database."""
    from sqlalchemy import MetaData

    with _db.engine.begin() as connection:
        mysql = connection.dialect.name in ("mysql", "mariadb")
        if mysql:
            connection.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        existing = MetaData()
        existing.reflect(bind=connection)
        for table in reversed(existing.sorted_tables):
            connection.execute(
                text(f"DROP TABLE `{table.name}`" if mysql else f'DROP TABLE "{table.name}"')
            )
        if mysql:
            connection.execute(text("SET FOREIGN_KEY_CHECKS=1"))


def wipe_tables() -> None:
    with _db.engine.begin() as connection:
        if connection.dialect.name in ("mysql", "mariadb"):
            connection.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        else:  # checked at commit, when every table is empty
            connection.execute(text("PRAGMA defer_foreign_keys = ON"))
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
