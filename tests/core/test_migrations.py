"""The Alembic migrations build the same schema as the models, on an empty MariaDB."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, make_url, text

from app import create_app
from app.extensions import db
from config import TestConfig

pytestmark = pytest.mark.no_app


@pytest.fixture
def empty_database():
    url = make_url(TestConfig.SQLALCHEMY_DATABASE_URI)
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
