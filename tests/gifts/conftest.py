import pytest

from tests.gifts.factories import make_gift
from tests.points.factories import fund  # noqa: F401  (re-exported for the gift tests)


@pytest.fixture
def org(factory):
    """An association with a station and a sub-station, their admins, and a union admin."""
    association = factory.association()
    station = factory.station(association=association)
    other_station = factory.station(association=association)
    union = factory.union_admin()
    return {
        "association": association,
        "station": station.id,
        "other_station": other_station.id,
        "station_admin": factory.station_admin(station),
        "other_admin": factory.station_admin(other_station),
        "union": union,
    }


@pytest.fixture
def gift_at_station(org):
    """A national gift (price 10, stock 5, one per user) picked up at org's station."""
    return make_gift(org["union"].user_id, pickup_station_ids=[org["station"]])
