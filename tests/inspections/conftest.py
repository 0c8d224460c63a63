"""Inspection fixtures: two associations, a station in each plus a sibling station, and a client
for every role the scoping matrix asks about."""

from datetime import timedelta

import pytest

from app.core.time import shanghai_date, utcnow
from app.extensions import db
from app.inspections import service
from app.users.models import Role, User


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


def today():
    return shanghai_date(utcnow())


def checklist_ids(association_id: int) -> list[int]:
    items = service.get_checklist(association_id=association_id)
    return [item.id for item in items]


def body(association_id: int, *, findings: int = 2, rectify_in_days: int = 7) -> dict:
    """A full inspection body: the first `findings` lines are findings, the rest ok."""
    ids = checklist_ids(association_id)
    return {
        "inspected_on": today().isoformat(),
        "rectify_by": (today() + timedelta(days=rectify_in_days)).isoformat() if findings else None,
        "summary": "例行检查",
        "items": [
            {"item_id": item_id, "result": "finding", "note": f"问题{n}"}
            if n < findings
            else {"item_id": item_id, "result": "ok"}
            for n, item_id in enumerate(ids)
        ],
    }


def record(world, *, findings: int = 2, rectify_in_days: int = 7, station=None):
    """An inspection of the world's station recorded by its inspector, through the service."""
    station = station or world["station"]
    inspector = db.session.get(User, world["clients"]["inspector_own"].user_id)
    payload = body(station.association_id, findings=findings, rectify_in_days=rectify_in_days)
    inspection = service.record_inspection(
        inspector=inspector,
        station=station,
        inspected_on=today(),
        rectify_by=today() + timedelta(days=rectify_in_days) if findings else None,
        summary=None,
        items=payload["items"],
    )
    return inspection


def answer(world, finding_id: int, text: str = "已整改，补齐台账"):
    user = db.session.get(User, world["clients"]["station_own"].user_id)
    return service.answer_finding(user=user, finding_id=finding_id, text=text)
