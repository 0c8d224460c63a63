"""A world for the help channel: an association with a station and its sub-station, their
admins, a foreign station and its admin, supervisors, and a reporter with a nickname."""

import pytest

from tests.help.factories import World


@pytest.fixture
def world(factory):
    return World(factory)
