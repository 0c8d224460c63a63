"""Hour records as the API shows them: each with the correction that replaced it, if any, and
whether it counts towards the volunteer's verified hours."""

from app.hours import service
from app.hours.models import HourStatus, ServiceHourRecord


def present(records: list[ServiceHourRecord]) -> list[dict]:
    replaced = service.superseded_by([r.id for r in records])
    names = service.volunteer_names({r.user_id for r in records})
    return [
        {
            **{c.key: getattr(r, c.key) for c in ServiceHourRecord.__table__.columns},
            "volunteer_name": names.get(r.user_id),
            "superseded_by_id": replaced.get(r.id),
            "counts": r.status == HourStatus.VERIFIED and r.id not in replaced,
        }
        for r in records
    ]
