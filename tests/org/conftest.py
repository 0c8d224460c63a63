"""The organisation world the org tests run in:

association A: station S (service station) ─ sub-station SS;  sibling station S2
association B: station F
"""

import pytest

from app.audit.models import AuditEntry
from app.entrances.models import Entrance
from app.extensions import db
from app.stations.models import AdminInvite, Association, Station
from app.stations.service import ensure_station_entrance
from tests.org.factories import World, count


@pytest.fixture
def world(factory) -> World:
    a = factory.association(name="北京网络空间安全协会")
    b = factory.association(name="上海网络空间安全协会", region="上海市")
    s = factory.station(association=a, name="右安门街道网络安全志愿服务站", district="丰台区")
    ss = factory.station(parent=s, name="翠林社区分站", district="丰台区")
    s2 = factory.station(
        association=a, name="大红门服务站", district="丰台区", kind="education_base"
    )
    f = factory.station(association=b, name="徐汇服务站", district="徐汇区")
    for station in (s, ss, s2, f):
        ensure_station_entrance(station=station)
    db.session.commit()
    return World(a=a, b=b, s=s, ss=ss, s2=s2, f=f)


@pytest.fixture
def as_role(factory, client, world):
    """as_role(name) -> an ApiClient acting in that role towards S and SS."""

    def make(role: str):
        return {
            "anonymous": lambda: client,
            "resident": factory.resident,
            "admin_own": lambda: factory.station_admin(world.s),
            "admin_sibling": lambda: factory.station_admin(world.s2),
            "admin_sub": lambda: factory.station_admin(world.ss),
            "association_own": lambda: factory.association_admin(world.a),
            "association_foreign": lambda: factory.association_admin(world.b),
            "union": factory.union_admin,
        }[role]()

    return make


@pytest.fixture
def counts():
    """A snapshot of the org tables, to prove a rejected request wrote nothing."""

    def take():
        return {
            m.__name__: count(m) for m in (Association, Station, Entrance, AuditEntry, AdminInvite)
        }

    return take


@pytest.fixture(autouse=True)
def _association_admin_of(factory):
    """factory.association_admin_of(station): an admin of the station's association."""

    def make(station: Station):
        return factory.association_admin(db.session.get(Association, station.association_id))

    factory.association_admin_of = make
