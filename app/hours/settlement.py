"""Settlement kind `service_hours`: 宝盾 for verified records not yet credited.

Each verified record settles once for the change it brings: an original for its own minutes, a
correction for the difference from the record it replaces (a debit when it lowers the hours).
Over a correction chain the points therefore add up to what the latest record is worth."""

import logging
from collections.abc import Iterator

from sqlalchemy import select, text

from app.core.time import utcnow
from app.core.transactions import use_case
from app.extensions import db
from app.hours.models import HourStatus, ServiceHourRecord
from app.hours.totals import points_for_minutes, points_per_hour
from app.points import service as ledger
from app.points.bulk import _sql_time
from app.points.bulk_sql import ITEMS, credit_items
from app.points.models import SystemAccount
from app.settlements.kinds import ItemSpec, register_kind
from app.stations.models import Station

log = logging.getLogger(__name__)
KIND = "service_hours"
REFERENCE_TYPE = "service_hour_record"
KEY_PREFIX = "service-hours:"


def idempotency_key(record_id: int) -> str:
    return f"{KEY_PREFIX}{record_id}"


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


@use_case
def credit_records(items) -> None:
    """Credit these items together, or none of them."""
    for item in items:
        credit_hour_record(item)


def credit_verified_hours(*, scope: dict | None = None, chunk_size: int = 100) -> dict:
    """Materialise and apply in chunks, each chunk one transaction; an item that fails (e.g. a
    correction debit larger than the balance) is retried alone and reported, never half-posted.
    Stands in for the settlement engine until it is merged. Commits per chunk."""
    items = list(hours_to_credit(scope or {}))
    db.session.rollback()
    done, failed = 0, []
    for start in range(0, len(items), chunk_size):
        chunk = items[start : start + chunk_size]
        try:
            credit_records(chunk)
            done += len(chunk)
        except Exception:
            for item in chunk:
                try:
                    credit_records([item])
                    done += 1
                except Exception as error:  # reported to the operator, left uncredited
                    log.warning("service hours %s not credited: %s", item.item_key, error)
                    failed.append({"item_key": item.item_key, "error": str(error)})
    return {"items": len(items), "applied": done, "failed": failed}


# --- the set-based path (MySQL/MariaDB): the same items and postings without per-row Python ---

# A chunk's records, reached from its items; the plan is pinned like app.points.bulk_sql's.
RECORD = (
    "STRAIGHT_JOIN service_hour_records r FORCE INDEX (PRIMARY)"
    " ON r.id = CAST(i.reference_id AS UNSIGNED)"
)
CHUNK_RECORDS = f"{ITEMS} {RECORD}"
IN_CHUNK = "i.run_id = :run_id AND i.chunk_no = :chunk_no"
# points_due in SQL, `p` the replaced record: minutes * rate // 60 (whole, non-negative numbers,
# so DIV is Python's //).
DUE = "(r.minutes * :rate DIV 60 - COALESCE(p.minutes * :rate DIV 60, 0))"


def hours_to_credit_sql(scope: dict) -> tuple[str, dict]:
    """hours_to_credit as one SELECT (the engine inserts its rows with INSERT ... SELECT)."""
    where = ["r.status = :verified", "r.credited_at IS NULL"]
    params: dict = {"verified": str(HourStatus.VERIFIED), "rate": points_per_hour()}
    for name, column in (
        ("station_id", "r.station_id"),
        ("association_id", "s.association_id"),
        ("user_id", "r.user_id"),
    ):
        if scope.get(name):
            where.append(f"{column} = :{name}")
            params[name] = int(scope[name])
    return (
        f"SELECT CONCAT('hour:', r.id) AS item_key, {DUE} AS amount,"
        " r.user_id, r.station_id, s.association_id,"
        f" '{REFERENCE_TYPE}' AS reference_type, r.id AS reference_id, r.id AS position"
        " FROM service_hour_records r JOIN stations s ON s.id = r.station_id"
        " LEFT JOIN service_hour_records p ON p.id = r.corrects_id"
        f" WHERE {' AND '.join(where)}",
        params,
    )


def credit_hour_chunk(chunk) -> None:
    """Post a chunk of credits with set-based SQL and mark its records credited, in the chunk's
    transaction. A chunk holding anything else (a correction's debit or zero, a record credited
    or un-verified since it was materialised) goes item by item through credit_hour_record, which
    settles each such record exactly as the per-item path does. Flushes only."""
    db.session.flush()
    where = {"run_id": chunk.run_id, "chunk_no": chunk.chunk_no}
    # Lock the records first, as credit_hour_record does, so nothing credits them under us.
    count, irregular = db.session.execute(
        text(
            "SELECT COUNT(*), COALESCE(SUM(i.amount <= 0 OR r.status <> :verified"
            f" OR r.credited_at IS NOT NULL OR i.amount <> {DUE}), 0)"
            f" FROM {CHUNK_RECORDS} LEFT JOIN service_hour_records p ON p.id = r.corrects_id"
            f" WHERE {IN_CHUNK} FOR UPDATE"
        ),
        {**where, "verified": str(HourStatus.VERIFIED), "rate": points_per_hour()},
    ).one()
    keys = text(f"SELECT i.item_key FROM {ITEMS} WHERE {IN_CHUNK}")
    item_keys = list(db.session.execute(keys, where).scalars())
    if irregular or count != len(item_keys):  # a missing record counts as irregular too
        for item_key in sorted(item_keys, key=lambda key: int(key.split(":", 1)[1])):
            credit_hour_record(_ItemKey(item_key))
        return
    if not count:
        return
    credit_items(
        run_id=chunk.run_id,
        chunk_no=chunk.chunk_no,
        key_prefix=KEY_PREFIX,
        key_column="reference_id",
        source=SystemAccount.SERVICE_REWARDS,
        reason="",
        # The record's minutes go into each transfer's reason, as credit_hour_record writes it.
        join=RECORD,
        reason_sql="CONCAT('志愿服务时长 ', r.minutes, ' 分钟')",
    )
    marked = db.session.execute(
        text(
            f"UPDATE {CHUNK_RECORDS} SET r.credited_at = :now, r.credited_points = i.amount"
            f" WHERE {IN_CHUNK}"
        ),
        {**where, "now": _sql_time(utcnow())},
    ).rowcount
    if marked != count:
        raise RuntimeError(f"marked {marked} rows for {count} service-hour credits")
    for record in list(db.session.identity_map.values()):
        if isinstance(record, ServiceHourRecord):
            db.session.expire(record)


class _ItemKey:
    """All credit_hour_record reads of an item."""

    def __init__(self, item_key: str):
        self.item_key = item_key


register_kind(
    KIND,
    materialise=hours_to_credit,
    apply=credit_hour_record,
    materialise_sql=hours_to_credit_sql,
    apply_sql=credit_hour_chunk,
    description="宝盾 for verified service hours not yet credited",
)
