"""Roles and scope: who may administer which station or association."""

import pytest

from app.core.auth import can_admin_association, can_admin_station
from app.users.models import Role


@pytest.fixture
def tree(factory):
    association = factory.association()
    other_association = factory.association()
    station = factory.station(association=association)
    sub_station = factory.station(parent=station)
    sibling = factory.station(association=association)
    foreign = factory.station(association=other_association)
    return dict(
        association=association,
        other_association=other_association,
        station=station,
        sub_station=sub_station,
        sibling=sibling,
        foreign=foreign,
    )


def test_a_station_admin_administers_its_station_and_its_sub_stations_only(factory, tree):
    admin = factory.user(role=Role.STATION_ADMIN, station_id=tree["station"].id)
    assert can_admin_station(admin, tree["station"])
    assert can_admin_station(admin, tree["sub_station"])
    assert not can_admin_station(admin, tree["sibling"])
    assert not can_admin_station(admin, tree["foreign"])
    assert not can_admin_association(admin, tree["association"].id)


def test_a_sub_station_admin_does_not_administer_the_parent(factory, tree):
    admin = factory.user(role=Role.STATION_ADMIN, station_id=tree["sub_station"].id)
    assert can_admin_station(admin, tree["sub_station"])
    assert not can_admin_station(admin, tree["station"])


def test_an_association_admin_administers_only_its_association(factory, tree):
    admin = factory.user(role=Role.ASSOCIATION_ADMIN, association_id=tree["association"].id)
    for key in ("station", "sub_station", "sibling"):
        assert can_admin_station(admin, tree[key])
    assert not can_admin_station(admin, tree["foreign"])
    assert not can_admin_association(admin, tree["other_association"].id)


def test_a_union_admin_administers_everything(factory, tree):
    admin = factory.user(role=Role.UNION_ADMIN)
    assert all(can_admin_station(admin, tree[k]) for k in ("station", "foreign", "sub_station"))


def test_a_resident_administers_nothing(factory, tree):
    resident = factory.user()
    assert not any(can_admin_station(resident, tree[k]) for k in ("station", "foreign"))


def test_a_revoked_grant_no_longer_counts(factory, tree, db):
    from app.users import service

    admin = factory.user(role=Role.STATION_ADMIN, station_id=tree["station"].id)
    service.revoke_role(grant=admin.roles[0], by=None, reason="left the station")
    db.session.commit()
    assert not can_admin_station(admin, tree["station"])


def test_me_lists_the_scoped_roles(factory, tree):
    client = factory.station_admin(tree["station"])
    roles = client.get("/api/v1/me").get_json()["roles"]
    assert roles == [
        {"role": "station_admin", "station_id": tree["station"].id, "association_id": None}
    ]
