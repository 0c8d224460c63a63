"""Demo: demo_resident has filed one fraud report at the demo station, accepted by the station
admin, so the handling screens have something to show. Idempotent."""

from sqlalchemy import select

from app.extensions import db
from app.help import service
from app.help.models import HelpCategory, HelpRequest, HelpStatus

DEMO_DESCRIPTION = "（演示）接到自称“公安局”的电话，要求把存款转到“安全账户”，对方发来一个链接。"


def seed_demo(ctx: dict) -> list[str]:
    station, people = ctx["station"], ctx["users"]
    resident, admin = people["resident"], people["station_admin"]
    row = db.session.scalar(
        select(HelpRequest).where(
            HelpRequest.reporter_id == resident.id, HelpRequest.description == DEMO_DESCRIPTION
        )
    )
    if row is None:
        row = service.file_request(
            reporter=resident,
            category=HelpCategory.FRAUD,
            description=DEMO_DESCRIPTION,
            station_id=station.id,
            contact_phone="13800001234",
        )
    if row.status == HelpStatus.SUBMITTED:
        row = service.accept_request(request_id=row.id, handler=admin, note="已电话回访，指导报警")
    return [f"Help request #{row.id} from demo_resident at station #{station.id}: {row.status}"]
