"""Fixtures for the volunteer domains: stations with admins, approved volunteers, activities and
valid ID numbers."""

import pytest

from tests.volunteers.factories import Clock, World


@pytest.fixture(autouse=True)
def private_uploads(app, tmp_path):
    old = app.config["UPLOAD_DIR"]
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    yield
    app.config["UPLOAD_DIR"] = old


@pytest.fixture
def world(factory, client):
    return World(factory, client)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)
