"""Demo data: an inspector (督导组) of the demo association and one open inspection of the demo
station with a finding to rectify, so the station admin has something to answer."""

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.inspections.models import Finding, FindingStatus, Inspection, ItemResult
from app.inspections.service import checklist_step, today
from app.users import service as users
from app.users.models import Role

DEMO_INSPECTOR = "demo_inspector"


def seed_demo(ctx: dict) -> list[str]:
    association, station = ctx["association"], ctx["station"]
    inspector = users.get_or_create_by_openid(openid=DEMO_INSPECTOR)
    inspector.nickname = inspector.nickname or DEMO_INSPECTOR
    users.grant_role(user=inspector, role=Role.INSPECTOR, association_id=association.id)
    checklist = checklist_step(association.id)
    inspection = db.session.scalar(select(Inspection).where(Inspection.station_id == station.id))
    if inspection is None and checklist:
        inspection = Inspection(
            station_id=station.id,
            association_id=association.id,
            inspector_id=inspector.id,
            inspected_on=today(),
            rectify_by=today() + timedelta(days=14),
            summary="年度例行检查",
        )
        db.session.add(inspection)
        db.session.flush()
        for position, item in enumerate(checklist):
            finding = item.title == "台账"
            db.session.add(
                Finding(
                    inspection_id=inspection.id,
                    position=position,
                    item_title=item.title,
                    result=ItemResult.FINDING if finding else ItemResult.OK,
                    note="志愿服务台账未按月更新" if finding else None,
                    status=FindingStatus.OPEN if finding else FindingStatus.OK,
                )
            )
        db.session.flush()
    return [
        f"Inspector (督导组) of association #{association.id}: log in with code "
        f"test-{DEMO_INSPECTOR}; inspection #{inspection.id if inspection else '-'} of station "
        f"#{station.id} waits for its answer (docs/inspections.md)."
    ]
