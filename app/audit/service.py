"""Write and read the audit log. record() flushes inside the caller's transaction, so an
action and its entry commit together or not at all."""

from datetime import date, datetime
from enum import Enum

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.core.pagination import paginate
from app.core.time import as_utc
from app.extensions import db


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def snapshot(row, fields: list[str]) -> dict:
    """The named attributes of a row, ready for before/after."""
    return _jsonable({name: getattr(row, name) for name in fields})


def record(
    *,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: int,
    association_id: int | None = None,
    station_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Append one audit entry in the current transaction. Flushes; the caller commits."""
    entry = AuditEntry(
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        association_id=association_id,
        station_id=station_id,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def list_entries(
    *,
    association_ids: set[int] | None,
    station_id: int | None = None,
    action: str | None = None,
    page: int,
    per_page: int,
) -> dict:
    """Entries newest first; association_ids None means every association (union admins)."""
    statement = select(AuditEntry).order_by(AuditEntry.id.desc())
    if association_ids is not None:
        statement = statement.where(AuditEntry.association_id.in_(association_ids or {-1}))
    if station_id is not None:
        statement = statement.where(AuditEntry.station_id == station_id)
    if action:
        statement = statement.where(AuditEntry.action == action)
    return paginate(statement, page=page, per_page=per_page)
