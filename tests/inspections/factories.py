"""Inspection test data: today's date in Shanghai, a full inspection body, an inspection recorded
through the service, a station's answer to a finding."""

from datetime import timedelta

from app.core.time import shanghai_date, utcnow
from app.extensions import db
from app.inspections import service
from app.users.models import User


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
