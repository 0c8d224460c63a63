import uuid

import pytest

from app.core.transactions import run_in_transaction
from app.extensions import db
from app.gifts import catalog
from app.gifts.models import GiftScope
from app.users.models import User
from tests.points.conftest import fund  # noqa: F401  (re-exported for the gift tests)


def make_gift(actor_id: int, **values):
    """A gift created through the catalog service; returns its id."""
    data = {
        "name": values.pop("name", "测试礼品"),
        "price_points": values.pop("price_points", 10),
        "stock": values.pop("stock", 5),
        "per_user_limit": values.pop("per_user_limit", 1),
        "scope": values.pop("scope", GiftScope.NATIONAL),
        "sponsor": values.pop("sponsor", "测试支持单位"),
        **values,
    }
    gift = run_in_transaction(
        lambda: catalog.create_gift_step(actor=db.session.get(User, actor_id), data=data)
    )
    return gift.id


def key() -> str:
    return uuid.uuid4().hex


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
