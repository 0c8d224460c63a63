import pytest


@pytest.fixture
def association(factory):
    return factory.association()


@pytest.fixture
def association_admin(factory, association):
    return factory.association_admin(association)


@pytest.fixture
def member(factory, association):
    """A resident who came in through a station of the admin's association."""
    return factory.member(factory.station(association=association))
