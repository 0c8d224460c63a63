"""Settlement use cases: start a run (once per kind and scope), describe it, retry its failures."""

import logging
from typing import Any

import redis.exceptions
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.core.time import utcnow
from app.core.transactions import use_case
from app.errors import Conflict, NotFound
from app.extensions import db
from app.settlements import engine, jobs
from app.settlements.models import (
    ChunkStatus,
    RunStatus,
    SettlementAlert,
    SettlementChunk,
    SettlementItem,
    SettlementRun,
)

log = logging.getLogger(__name__)


def start_run(
    *,
    kind: str,
    scope: dict[str, Any],
    association_id: int | None = None,
    created_by_id: int | None = None,
    enqueue: bool = True,
) -> SettlementRun:
    """Record a run of `kind` over `scope` and enqueue it; the same kind and scope started again
    (even at the same moment from another process) returns the existing run, enqueued once."""
    settlement_kind = engine.get_kind(kind)
    scope = dict(scope)
    if association_id is not None:
        scope["association_id"] = association_id
    if settlement_kind.validate_scope is not None:
        scope = settlement_kind.validate_scope(scope)
    key = engine.scope_key(scope)
    existing = _find(kind, key)
    if existing is not None:
        if _failed_before_materialising(existing):
            return _restart(existing)
        return existing
    try:
        run = record_run(
            kind=kind, scope=scope, key=key, association_id=association_id, by=created_by_id
        )
    except IntegrityError:
        # Two starts of the same run at once: the loser's insert meets the winner's unique key
        # (or deadlocks on its locks, retried by the use case until it does); the winner's run
        # is the answer.
        existing = _find(kind, key)
        if existing is None:
            raise
        return existing
    if enqueue:
        _dispatch(lambda: jobs.enqueue_start(run.id, 1))
    db.session.expire_all()
    return db.session.get(SettlementRun, run.id)


@use_case
def record_run(
    *, kind: str, scope: dict[str, Any], key: str, association_id: int | None, by: int | None
) -> SettlementRun:
    """Insert a pending run; the unique (kind, scope_key) refuses a second one."""
    run = SettlementRun(
        kind=kind,
        scope=scope,
        scope_key=key,
        association_id=association_id,
        status=RunStatus.PENDING,
        created_by_id=by,
        generation=1,
        enqueued_at=utcnow(),
    )
    db.session.add(run)
    db.session.flush()
    return run


def _dispatch(enqueue) -> None:
    """Enqueue after the commit. If Redis is down now, the run is recorded all the same and the
    stale-work reconciler enqueues it when Redis is back."""
    try:
        enqueue()
    except redis.exceptions.RedisError:
        log.warning("could not enqueue settlement work; the reconciler will", exc_info=True)


def _find(kind: str, key: str) -> SettlementRun | None:
    return db.session.scalar(
        select(SettlementRun).where(SettlementRun.kind == kind, SettlementRun.scope_key == key)
    )


def get_run(run_id: int) -> SettlementRun:
    """The run, or 404."""
    run = db.session.get(SettlementRun, run_id)
    if run is None:
        raise NotFound("No such settlement run.", code="settlement_not_found")
    return run


def list_runs(*, association_ids: set[int] | None, kind: str | None = None):
    """Runs, newest first; association_ids None means all (union admins)."""
    query = select(SettlementRun).order_by(SettlementRun.id.desc())
    if association_ids is not None:
        query = query.where(SettlementRun.association_id.in_(association_ids or {-1}))
    if kind:
        query = query.where(SettlementRun.kind == kind)
    return query


def describe_run(run: SettlementRun) -> dict[str, Any]:
    """Status, progress, totals, failures and alerts of a run, read from the database."""
    by_status = {
        status: (count, int(items or 0), int(amount or 0))
        for status, count, items, amount in db.session.execute(
            select(
                SettlementChunk.status,
                func.count(),
                func.sum(SettlementChunk.items_count),
                func.sum(SettlementChunk.amount),
            )
            .where(SettlementChunk.run_id == run.id)
            .group_by(SettlementChunk.status)
        ).all()
    }
    done = by_status.get(ChunkStatus.DONE, (0, 0, 0))
    failures = db.session.execute(
        select(SettlementChunk.chunk_no, SettlementChunk.attempts, SettlementChunk.error)
        .where(SettlementChunk.run_id == run.id, SettlementChunk.status == ChunkStatus.FAILED)
        .order_by(SettlementChunk.chunk_no)
        .limit(50)
    ).all()
    alerts = db.session.scalars(
        select(SettlementAlert).where(SettlementAlert.run_id == run.id).order_by(SettlementAlert.id)
    ).all()
    return {
        "id": run.id,
        "kind": run.kind,
        "scope": run.scope,
        "association_id": run.association_id,
        "status": run.status,
        "created_by_id": run.created_by_id,
        "created_at": run.created_at,
        "materialised_at": run.materialised_at,
        "finished_at": run.finished_at,
        "error": run.error,
        "totals": {"items": run.items_total, "amount": run.amount_total},
        "progress": {
            "chunks_total": run.chunks_total,
            **{f"chunks_{status}": by_status.get(status, (0,))[0] for status in ChunkStatus},
            "items_done": done[1],
            "amount_done": done[2],
            "percent": round(100 * done[1] / run.items_total, 1) if run.items_total else None,
        },
        "failures": [
            {"chunk_no": no, "attempts": attempts, "error": error}
            for no, attempts, error in failures
        ],
        "alerts": [
            {
                "check": a.check,
                "message": a.message,
                "details": a.details,
                "created_at": a.created_at,
            }
            for a in alerts
        ],
    }


def _failed_before_materialising(run: SettlementRun) -> bool:
    return run.status == RunStatus.FAILED and run.materialised_at is None


def _restart(run: SettlementRun) -> SettlementRun:
    """Start again a run that failed before its items were read (nothing was posted from it):
    back to pending with a new generation, its partial items dropped, the start job enqueued.
    Two restarts at once enqueue it once."""
    generation = run.generation + 1
    if reset_run(run_id=run.id, generation=generation):
        _dispatch(lambda: jobs.enqueue_start(run.id, generation))
    db.session.expire_all()
    return db.session.get(SettlementRun, run.id)


@use_case
def reset_run(*, run_id: int, generation: int) -> bool:
    """Back to pending with this generation if still failed before materialising; its partial
    items dropped. False when another restart got there first."""
    restarted = db.session.execute(
        update(SettlementRun)
        .where(
            SettlementRun.id == run_id,
            SettlementRun.status == RunStatus.FAILED,
            SettlementRun.materialised_at.is_(None),
        )
        .values(
            status=RunStatus.PENDING,
            error=None,
            finished_at=None,
            generation=generation,
            enqueued_at=utcnow(),
        )
    ).rowcount
    if restarted:
        db.session.execute(SettlementItem.__table__.delete().where(SettlementItem.run_id == run_id))
    return bool(restarted)


def retry_failed(*, run: SettlementRun) -> SettlementRun:
    """Put a failed run back to work (after the cause is fixed): its failed chunks, or, when it
    failed before its items were read, the whole run from the start. Failed work was never
    posted: a failed chunk's transaction rolled back whole, and no chunk exists before the
    items are read."""
    if run.status != RunStatus.FAILED:
        raise Conflict("Only a failed run can be retried.", code="settlement_not_failed")
    if run.materialised_at is None:
        kind = engine.get_kind(run.kind)
        if kind.validate_scope is not None:
            kind.validate_scope(dict(run.scope))  # refuses now what would fail again
        return _restart(run)
    chunks = reopen_failed_chunks(run_id=run.id)
    for chunk_no, generation in chunks:
        _dispatch(lambda c=chunk_no, g=generation: jobs.enqueue_chunk(run.id, c, g + 1))
    db.session.expire_all()
    return db.session.get(SettlementRun, run.id)


@use_case
def reopen_failed_chunks(*, run_id: int) -> list[tuple[int, int]]:
    """Failed chunks back to pending with a new generation, the run back to running; returns
    the (chunk_no, old generation) of each, to enqueue after the commit."""
    chunks = db.session.execute(
        select(SettlementChunk.chunk_no, SettlementChunk.generation).where(
            SettlementChunk.run_id == run_id, SettlementChunk.status == ChunkStatus.FAILED
        )
    ).all()
    now = utcnow()
    db.session.execute(
        update(SettlementChunk)
        .where(SettlementChunk.run_id == run_id, SettlementChunk.status == ChunkStatus.FAILED)
        .values(
            status=ChunkStatus.PENDING,
            generation=SettlementChunk.generation + 1,
            attempts=0,
            enqueued_at=now,
            error=None,
        )
    )
    db.session.execute(
        update(SettlementRun)
        .where(SettlementRun.id == run_id, SettlementRun.status == RunStatus.FAILED)
        .values(status=RunStatus.RUNNING, error=None, finished_at=None)
    )
    return [tuple(row) for row in chunks]
