"""Settlement kind `service_hours`: 宝盾 for verified records not yet credited.

Each verified record settles once for the change it brings: an original for its own minutes, a
correction for the difference from the record it replaces (a debit when it lowers the hours).
Over a correction chain the points therefore add up to what the latest record is worth."""

import logging
from collections.abc import Iterator

from sqlalchemy import select

from app.core.time import utcnow
from app.extensions import db
from app.hours.models import HourStatus, ServiceHourRecord
from app.hours.totals import points_for_minutes
from app.points import service as ledger
from app.points.models import SystemAccount
from app.settlements.kinds import ItemSpec, register_kind
from app.stations.models import Station

log = logging.getLogger(__name__)
KIND = "service_hours"
REFERENCE_TYPE = "service_hour_record"


def idempotency_key(record_id: int) -> str:
    return f"service-hours:{record_id}"


def points_due(record: ServiceHourRecord) -> int:
    """Signed points this record moves: its worth minus the worth of the record it replaces."""
    due = points_for_minutes(record.minutes)
    if record.corrects_id is not None:
        replaced = db.session.get(ServiceHourRecord, record.corrects_id)
        due -= points_for_minutes(replaced.minutes)
    return due


def hours_to_credit(scope: dict) -> Iterator[ItemSpec]:
    """One item per verified, uncredited record, in id order (originals before corrections).
    scope may narrow to station_id, association_id or user_id."""
    statement = (
        select(ServiceHourRecord, Station.association_id)
        .join(Station, Station.id == ServiceHourRecord.station_id)
        .where(
            ServiceHourRecord.status == HourStatus.VERIFIED,
            ServiceHourRecord.credited_at.is_(None),
        )
        .order_by(ServiceHourRecord.id)
    )
    if scope.get("station_id"):
        statement = statement.where(ServiceHourRecord.station_id == scope["station_id"])
    if scope.get("association_id"):
        statement = statement.where(Station.association_id == scope["association_id"])
    if scope.get("user_id"):
        statement = statement.where(ServiceHourRecord.user_id == scope["user_id"])
    for record, association_id in db.session.execute(statement).all():
        yield ItemSpec(
            item_key=f"hour:{record.id}",
            amount=points_due(record),
            user_id=record.user_id,
            station_id=record.station_id,
            association_id=association_id,
            reference_type=REFERENCE_TYPE,
            reference_id=str(record.id),
            payload={"minutes": record.minutes, "corrects_id": record.corrects_id},
        )


def credit_hour_record(item) -> None:
    """Post one record's points and mark it credited, in the caller's transaction; a second
    apply of the same item moves nothing. Flushes only."""
    record_id = int(str(item.item_key).split(":", 1)[1])
    record = db.session.scalar(
        select(ServiceHourRecord).where(ServiceHourRecord.id == record_id).with_for_update()
    )
    if record is None or record.status != HourStatus.VERIFIED or record.credited_at is not None:
        return
    due = points_due(record)
    common = dict(
        idempotency_key=idempotency_key(record.id),
        reference_type=REFERENCE_TYPE,
        reference_id=record.id,
    )
    if due > 0:
        ledger.credit_user(
            user_id=record.user_id,
            amount=due,
            source=SystemAccount.SERVICE_REWARDS,
            reason=f"志愿服务时长 {record.minutes} 分钟",
            **common,
        )
    elif due < 0:
        ledger.debit_user(
            user_id=record.user_id,
            amount=-due,
            sink=SystemAccount.SERVICE_REWARDS,
            reason=f"志愿服务时长更正 {record.minutes} 分钟",
            **common,
        )
    record.credited_at = utcnow()
    record.credited_points = due
    db.session.flush()


def credit_verified_hours(*, scope: dict | None = None, chunk_size: int = 100) -> dict:
    """Materialise and apply in chunks, each chunk one transaction; an item that fails (e.g. a
    correction debit larger than the balance) is retried alone and reported, never half-posted.
    Stands in for the settlement engine until it is merged. Commits per chunk."""
    from app.core.transactions import run_in_transaction

    items = list(hours_to_credit(scope or {}))
    db.session.rollback()
    done, failed = 0, []
    for start in range(0, len(items), chunk_size):
        chunk = items[start : start + chunk_size]
        try:
            run_in_transaction(lambda chunk=chunk: [credit_hour_record(i) for i in chunk])
            done += len(chunk)
        except Exception:
            for item in chunk:
                try:
                    run_in_transaction(lambda item=item: credit_hour_record(item))
                    done += 1
                except Exception as error:  # reported to the operator, left uncredited
                    log.warning("service hours %s not credited: %s", item.item_key, error)
                    failed.append({"item_key": item.item_key, "error": str(error)})
    return {"items": len(items), "applied": done, "failed": failed}


register_kind(
    KIND,
    materialise=hours_to_credit,
    apply=credit_hour_record,
    description="宝盾 for verified service hours not yet credited",
)
