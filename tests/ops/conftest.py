import pytest
from sqlalchemy import text

from app.extensions import db


def stamp(revision: str | None) -> None:
    """What `flask db upgrade` leaves behind: alembic_version at `revision` (None: no table).
    The suite builds its tables with create_all, so the tests say which revision they are at."""
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        if revision is not None:
            connection.execute(
                text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
            )
            connection.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": revision})


@pytest.fixture
def at_revision(app):
    yield stamp
    stamp(None)


@pytest.fixture
def head(app):
    from alembic.script import ScriptDirectory

    return ScriptDirectory(app.extensions["migrate"].directory).get_current_head()


@pytest.fixture
def with_workers(app, monkeypatch):
    """Jobs go to Redis (as in production) instead of running inline."""
    monkeypatch.setitem(app.config, "RQ_INLINE", False)
