"""The Alembic migrations build the same schema as the models, on an empty database of the engine
under test (MariaDB, or the embedded default's SQLite)."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, make_url, text

from app import create_app
from app.extensions import db
from config import TestConfig

pytestmark = pytest.mark.no_app


@pytest.fixture
def empty_database(tmp_path):
    url = make_url(TestConfig.SQLALCHEMY_DATABASE_URI)
    if url.get_backend_name() == "sqlite":
        yield url.set(database=str(tmp_path / "migrations.db")).render_as_string()
        return
    name = f"{url.database}_migrations"
    server = create_engine(url.set(database=""))
    with server.begin() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    yield url.set(database=name).render_as_string(hide_password=False)
    with server.begin() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
    server.dispose()


def test_upgrade_on_an_empty_database_leaves_nothing_to_autogenerate(empty_database):
    from flask_migrate import upgrade

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database

    app = create_app(Config)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"


def test_a_sqlite_database_made_before_0010_numbers_survey_responses_after_upgrade(tmp_path):
    """`make run` databases made before 0010 declared survey_responses.id BIGINT, which SQLite
    never auto-numbers (every survey submission failed); 0010 rebuilds the table."""
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'before-0010.db'}"

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Config)
    with app.app_context():
        upgrade(revision="0009_settlements")
        with db.engine.begin() as connection:  # the table as 0007 made it before the fix
            ddl = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'survey_responses'")
            ).scalar()
            connection.execute(text("PRAGMA defer_foreign_keys = ON"))
            connection.execute(text("DROP TABLE survey_responses"))
            connection.execute(text(ddl.replace("id INTEGER NOT NULL", "id BIGINT NOT NULL")))
        upgrade()
        with db.engine.connect() as connection:
            ddl = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'survey_responses'")
            ).scalar()
        db.engine.dispose()
    assert "id INTEGER NOT NULL" in ddl and "BIGINT NOT NULL" not in ddl.split(",")[0]
