"""Inspection fixtures: two associations, a station in each plus a sibling station, and a client
for every role the scoping matrix asks about."""

import pytest

from app.users.models import Role


@pytest.fixture
def world(factory):
    """Association A (station, sibling station) and association B (station), with people."""
    home = factory.association("北京网络空间安全协会")
    other = factory.association("外省协会")
    station = factory.station(association=home, name="右安门服务站")
    sibling = factory.station(association=home, name="枫桥服务站")
    foreign_station = factory.station(association=other, name="外省服务站")
    clients = {
        "anonymous": factory.client,
        "resident": factory.resident(),
        "inspector_own": factory.logged_in(Role.INSPECTOR, association_id=home.id),
        "inspector_foreign": factory.logged_in(Role.INSPECTOR, association_id=other.id),
        "association_own": factory.association_admin(home),
        "association_foreign": factory.association_admin(other),
        "station_own": factory.station_admin(station),
        "station_foreign": factory.station_admin(sibling),
    }
    return {
        "association": home,
        "other_association": other,
        "station": station,
        "sibling": sibling,
        "foreign_station": foreign_station,
        "clients": clients,
    }
