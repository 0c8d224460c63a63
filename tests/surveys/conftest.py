"""Survey fixtures: the 2023 windows of seed 004 in Beijing time, a settable clock, a survey with
links for a station and its association, and answer builders."""

import pytest

from tests.surveys.factories import IN_COLLECTION, Clock, World


@pytest.fixture
def clock(monkeypatch):
    """The time submits see (app.surveys.service.utcnow), in the collection window by default."""
    current = Clock(IN_COLLECTION)
    monkeypatch.setattr("app.surveys.service.utcnow", current)
    return current


@pytest.fixture
def world(factory, client, clock):
    return World(factory, client, clock)
