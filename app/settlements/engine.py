"""The settlement engine: materialise a run's items, post them chunk by chunk, finish the run.

Exactly once in effect: a chunk is claimed with a conditional UPDATE (pending, or running with an
expired lease), and its items are posted and the chunk marked done in ONE transaction whose last
statement is conditional on the claim. A killed worker leaves a claim that expires; a second
delivery of the same job finds the chunk claimed or done and does nothing; every credit carries
an idempotency key as the last line of defence. These functions are called by the jobs in
app/settlements/jobs.py; they commit their own short transactions."""

import hashlib
import importlib
import json
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import redis.exceptions
from flask import current_app
from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError, OperationalError

from app import domains
from app.core.time import utcnow
from app.core.transactions import use_case
from app.errors import NotFound
from app.extensions import db
from app.points.bulk import driver_cursor
from app.settlements.kinds import KINDS, ChunkRef, Item, ItemSpec, Kind
from app.settlements.models import (
    ChunkStatus,
    RunStatus,
    SettlementChunk,
    SettlementItem,
    SettlementRun,
)

log = logging.getLogger(__name__)

MATERIALISE_BATCH = 10000


class UnknownKind(NotFound):
    code, message = "unknown_settlement_kind", "No settlement kind of that name."


class LostClaim(Exception):
    """Another worker took the chunk over (our lease expired): our transaction must not commit."""


def load_kinds() -> dict[str, Kind]:
    """Import every module that registers a kind; the list in app.domains may grow at any time."""
    extra = current_app.config["SETTLEMENT_EXTRA_MODULES"]
    for name in [*domains.SETTLEMENT_MODULES, *filter(None, extra.split(","))]:
        importlib.import_module(name.strip())
    return KINDS


def get_kind(name: str) -> Kind:
    kind = load_kinds().get(name)
    if kind is None:
        raise UnknownKind(f"No settlement kind {name!r}.")
    return kind


def scope_key(scope: dict[str, Any]) -> str:
    """The canonical text of a scope, so that equal scopes are one run."""
    text = json.dumps(scope, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    if len(text) <= 180:
        return text
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def setting(name: str) -> int:
    return int(current_app.config[name])


def is_transient(error: BaseException) -> bool:
    """Failures worth retrying: a deadlock, a lock wait, a lost database or Redis connection."""
    if isinstance(error, LostClaim | DisconnectionError | redis.exceptions.ConnectionError):
        return True
    if isinstance(error, redis.exceptions.TimeoutError):
        return True
    if isinstance(error, IntegrityError):
        # A duplicate idempotency key means another claimant posted first: run again to skip it.
        return "point_transfers" in str(error.orig) or "idempotency_key" in str(error.orig)
    if isinstance(error, DBAPIError):
        return isinstance(error, OperationalError) or bool(error.connection_invalidated)
    return False


# --- materialising ---------------------------------------------------------------------------


def prepare_run(run_id: int, *, worker: str = "") -> list[tuple[int, int]]:
    """Materialise the run's items and create its chunks, once; returns the chunks to enqueue as
    (chunk_no, generation). A second call, or a call while a live worker holds the run, does
    nothing and returns []."""
    token = secrets.token_hex(8)
    lease = timedelta(seconds=setting("SETTLEMENT_LEASE_SECONDS"))
    now = utcnow()
    claimed = db.session.execute(
        update(SettlementRun)
        .where(
            SettlementRun.id == run_id,
            or_(
                SettlementRun.status == RunStatus.PENDING,
                and_(
                    SettlementRun.status == RunStatus.MATERIALISING,
                    SettlementRun.lease_expires_at < now,
                ),
            ),
        )
        .values(status=RunStatus.MATERIALISING, claim_token=token, lease_expires_at=now + lease)
    ).rowcount
    # Lease commit: the claim is visible to other workers before the long work starts.
    db.session.commit()
    if not claimed:
        return []
    run = db.session.get(SettlementRun, run_id)
    size = setting("SETTLEMENT_CHUNK_SIZE")
    try:
        kind = get_kind(run.kind)
        if kind.materialise_sql is not None and _is_mysql():
            _materialise_sql(kind, run_id, dict(run.scope), size, token, lease)
        else:
            batch: list[ItemSpec] = []
            position = 0
            for spec in _specs(kind, run.scope):
                batch.append(spec)
                if len(batch) == MATERIALISE_BATCH:
                    _insert_items(run_id, batch, position, size, token, lease)
                    position += len(batch)
                    batch = []
            _insert_items(run_id, batch, position, size, token, lease)
    except Exception as error:
        db.session.rollback()
        if not is_transient(error):
            # Left materialising, the run would be handed out again every minute and fail the
            # same way forever, with no error to show: fail it visibly so it can be started again.
            _fail_materialising(run_id, token, error)
        raise
    chunks = _create_chunks(run_id, token, lease)
    log.info(
        "settlement run %s (%s): %d chunks materialised by %s",
        run_id,
        run.kind,
        len(chunks),
        worker,
    )
    if not chunks:
        finish_run(run_id)
    return chunks


@use_case
def _create_chunks(run_id: int, token: str, lease: timedelta) -> list[tuple[int, int]]:
    """One chunk row per chunk_no of the materialised items, and the run set running; returns
    the chunks to enqueue as (chunk_no, generation)."""
    _hold(SettlementRun, run_id, token, lease)
    now = utcnow()
    totals = db.session.execute(
        select(
            SettlementItem.chunk_no,
            func.count(),
            func.coalesce(func.sum(SettlementItem.amount), 0),
        )
        .where(SettlementItem.run_id == run_id)
        .group_by(SettlementItem.chunk_no)
        .order_by(SettlementItem.chunk_no)
    ).all()
    db.session.execute(
        SettlementChunk.__table__.insert(),
        [
            dict(
                run_id=run_id,
                chunk_no=no,
                status=ChunkStatus.PENDING,
                items_count=count,
                amount=int(amount),
                attempts=0,
                generation=1,
                enqueued_at=now,
            )
            for no, count, amount in totals
        ],
    ) if totals else None
    db.session.execute(
        update(SettlementRun)
        .where(SettlementRun.id == run_id)
        .values(
            status=RunStatus.RUNNING,
            items_total=sum(row[1] for row in totals),
            amount_total=sum(int(row[2]) for row in totals),
            chunks_total=len(totals),
            materialised_at=now,
            claim_token=None,
            lease_expires_at=None,
        )
    )
    return [(row[0], 1) for row in totals]


def describe_error(error: BaseException) -> str:
    """The error as an admin reads it on the run: an app error's code and message."""
    code = getattr(error, "code", None)
    text = f"{code}: {error}" if isinstance(code, str) else f"{type(error).__name__}: {error}"
    return text[:4000]


def _fail_materialising(run_id: int, token: str, error: BaseException) -> None:
    """Mark a run whose items could not be read failed, with the error; only while we hold it."""
    log.error("settlement run %s failed while materialising: %s", run_id, describe_error(error))
    try:
        db.session.execute(
            update(SettlementRun)
            .where(SettlementRun.id == run_id, SettlementRun.claim_token == token)
            .values(
                status=RunStatus.FAILED,
                error=describe_error(error),
                finished_at=utcnow(),
                claim_token=None,
                lease_expires_at=None,
            )
        )
        # Lease commit: the claim is given back on its own; the work itself rolled back.
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.warning("could not mark settlement run %s failed", run_id, exc_info=True)


def _is_mysql() -> bool:
    return db.session.get_bind().dialect.name in ("mysql", "mariadb")


@use_case
def _materialise_sql(kind: Kind, run_id: int, scope: dict, size: int, token, lease) -> None:
    """All the run's items with one INSERT ... SELECT, in one transaction: a million rows never
    pass through Python. Items left by an earlier attempt that died after committing them are
    replaced (no chunk exists yet, so nothing was posted from them)."""
    _hold(SettlementRun, run_id, token, lease)
    if db.session.scalar(select(SettlementItem.id).where(SettlementItem.run_id == run_id).limit(1)):
        db.session.execute(SettlementItem.__table__.delete().where(SettlementItem.run_id == run_id))
    source, params = kind.materialise_sql(scope)
    # Plain INSERT: a duplicate item key is an error in the kind, not something to skip.
    db.session.execute(
        text(
            "INSERT INTO settlement_items (run_id, item_key, chunk_no, amount, user_id,"
            " station_id, association_id, reference_type, reference_id, payload)"
            " SELECT :settle_run_id, s.item_key,"
            " (ROW_NUMBER() OVER (ORDER BY s.position) - 1) DIV :settle_chunk_size, s.amount,"
            " s.user_id, s.station_id, s.association_id, s.reference_type,"
            f" CAST(s.reference_id AS CHAR), NULL FROM ({source}) AS s ORDER BY s.position"
        ),
        {**params, "settle_run_id": run_id, "settle_chunk_size": size},
    )


def _specs(kind: Kind, scope: dict) -> Iterable[ItemSpec]:
    seen: set[str] = set()
    for spec in kind.materialise(dict(scope)):
        if spec.item_key in seen:
            raise ValueError(f"kind {kind.name} yielded item key {spec.item_key!r} twice")
        if type(spec.amount) is not int:
            raise ValueError(f"kind {kind.name} yielded a non-integer amount for {spec.item_key}")
        seen.add(spec.item_key)
        yield spec


def _hold(model, row_id: int, token: str, lease: timedelta) -> None:
    """Extend our claim on a run, or raise LostClaim when someone else holds it now."""
    held = db.session.execute(
        update(model)
        .where(model.id == row_id, model.claim_token == token)
        .values(lease_expires_at=utcnow() + lease)
    ).rowcount
    if not held:
        raise LostClaim(f"{model.__tablename__} #{row_id} was claimed by another worker")


@use_case
def _insert_items(run_id, specs, position, size, token, lease) -> None:
    """Insert a batch of items; items already there (an earlier, interrupted attempt) are kept."""
    if not specs:
        return
    _hold(SettlementRun, run_id, token, lease)
    if db.session.get_bind().dialect.name in ("mysql", "mariadb"):
        _insert_items_mysql(run_id, specs, position, size)
        return
    db.session.execute(
        SettlementItem.__table__.insert().prefix_with("OR IGNORE"),
        [
            dict(
                run_id=run_id,
                item_key=spec.item_key,
                chunk_no=(position + offset) // size,
                amount=spec.amount,
                user_id=spec.user_id,
                station_id=spec.station_id,
                association_id=spec.association_id,
                reference_type=spec.reference_type,
                reference_id=None if spec.reference_id is None else str(spec.reference_id),
                payload=spec.payload or None,
            )
            for offset, spec in enumerate(specs)
        ],
    )


def _insert_items_mysql(run_id: int, specs: list[ItemSpec], position: int, size: int) -> None:
    """One multi-row INSERT IGNORE built with the driver's escaping: a million items in seconds,
    where per-row parameter processing takes minutes."""
    escape = db.session.connection().connection.driver_connection.escape

    def number(value) -> str:
        return "NULL" if value is None else str(int(value))

    values = ",".join(
        f"({run_id},{escape(spec.item_key)},{(position + offset) // size},{int(spec.amount)},"
        f"{number(spec.user_id)},{number(spec.station_id)},{number(spec.association_id)},"
        f"{escape(spec.reference_type)},"
        f"{escape(None if spec.reference_id is None else str(spec.reference_id))},"
        f"{escape(json.dumps(spec.payload, ensure_ascii=False) if spec.payload else None)})"
        for offset, spec in enumerate(specs)
    )
    with driver_cursor() as cursor:
        cursor.execute(
            "INSERT IGNORE INTO settlement_items (run_id, item_key, chunk_no, amount, user_id,"
            " station_id, association_id, reference_type, reference_id, payload) VALUES " + values
        )


# --- posting chunks --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChunkOutcome:
    status: str  # "done", "skipped" (done or held elsewhere), "failed", "released"
    posted: int = 0


def settle_chunk(run_id: int, chunk_no: int, *, worker: str = "") -> ChunkOutcome:
    """Claim the chunk, post its items and mark it done in one transaction. A chunk that is done,
    or held by a live worker, is skipped. A transient failure releases the claim and re-raises
    (the job is retried); a permanent one marks the chunk failed and re-raises."""
    token = secrets.token_hex(8)
    lease = timedelta(seconds=setting("SETTLEMENT_LEASE_SECONDS"))
    now = utcnow()
    chunk_filter = and_(SettlementChunk.run_id == run_id, SettlementChunk.chunk_no == chunk_no)
    claimed = db.session.execute(
        update(SettlementChunk)
        .where(
            chunk_filter,
            or_(
                SettlementChunk.status == ChunkStatus.PENDING,
                and_(
                    SettlementChunk.status == ChunkStatus.RUNNING,
                    SettlementChunk.lease_expires_at < now,
                ),
            ),
        )
        .values(
            status=ChunkStatus.RUNNING,
            claim_token=token,
            worker=worker[:128],
            lease_expires_at=now + lease,
            started_at=now,
            attempts=SettlementChunk.attempts + 1,
        )
    ).rowcount
    # Lease commit: the claim is visible to other workers before the long work starts.
    db.session.commit()
    if not claimed:
        return ChunkOutcome("skipped")
    run = db.session.get(SettlementRun, run_id)
    try:
        posted = _post_chunk(run, chunk_no, token)
    except BaseException as error:
        db.session.rollback()
        transient = is_transient(error) or not isinstance(error, Exception)
        _release(chunk_filter, token, error, failed=not transient)
        if not transient:
            _close_quietly(run_id)
        raise
    finish_run(run_id)
    return ChunkOutcome("done", posted)


@use_case
def _post_chunk(run: SettlementRun, chunk_no: int, token: str) -> int:
    """Post the chunk's items and mark it done, the last statement conditional on our claim."""
    run_id = run.id
    kind = get_kind(run.kind)
    chunk_filter = and_(SettlementChunk.run_id == run_id, SettlementChunk.chunk_no == chunk_no)
    if kind.apply_sql is not None and _is_mysql():
        # The items stay in the database: the kind posts them with set-based SQL.
        kind.apply_sql(ChunkRef(run_id, chunk_no, run.kind))
        posted = db.session.scalar(select(SettlementChunk.items_count).where(chunk_filter))
    else:
        items = load_items(run, chunk_no)
        if kind.apply_many is not None:
            kind.apply_many(items)
        else:
            for item in items:
                kind.apply(item)
        posted = len(items)
    done = db.session.execute(
        update(SettlementChunk)
        .where(chunk_filter, SettlementChunk.claim_token == token)
        .values(status=ChunkStatus.DONE, claim_token=None, finished_at=utcnow(), error=None)
    ).rowcount
    if not done:
        raise LostClaim(f"chunk {run_id}/{chunk_no} was taken over")
    return posted


def _release(chunk_filter, token: str, error: BaseException, *, failed: bool) -> None:
    """Give the chunk back (transient) or mark it failed (permanent). If the database is gone
    too, the lease runs out and the reconciler takes over."""
    values: dict[str, Any] = {
        "claim_token": None,
        "error": f"{type(error).__name__}: {error}"[:4000],
    }
    values["status"] = ChunkStatus.FAILED if failed else ChunkStatus.PENDING
    if failed:
        values["finished_at"] = utcnow()
        log.error("settlement chunk failed permanently: %s", values["error"])
    try:
        db.session.execute(
            update(SettlementChunk)
            .where(chunk_filter, SettlementChunk.claim_token == token)
            .values(**values)
        )
        # Lease commit: the claim is given back on its own; the work itself rolled back.
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.warning("could not release a settlement chunk; its lease will expire", exc_info=True)


def _close_quietly(run_id: int) -> None:
    """After a permanent failure the run may be over (as failed); never mask the first error."""
    try:
        finish_run(run_id)
    except Exception:
        db.session.rollback()
        log.warning("could not close settlement run %s", run_id, exc_info=True)


def load_items(run: SettlementRun, chunk_no: int) -> list[Item]:
    table = SettlementItem.__table__
    rows = db.session.execute(
        select(
            table.c.id,
            table.c.item_key,
            table.c.amount,
            table.c.user_id,
            table.c.station_id,
            table.c.association_id,
            table.c.reference_type,
            table.c.reference_id,
            table.c.payload,
        )
        .where(table.c.run_id == run.id, table.c.chunk_no == chunk_no)
        .order_by(table.c.id)
    ).all()
    return [
        Item(
            row[0], run.id, run.kind, row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8]
        )
        for row in rows
    ]


# --- finishing and reconciling ---------------------------------------------------------------


def finish_run(run_id: int) -> bool:
    """Close the run once nothing is pending or running: done if every chunk is, else failed.
    Runs the kind's on_complete in the same transaction. True if this call closed it."""
    closed = _close_run(run_id)
    if closed:
        log.info("settlement run %s closed", run_id)
    return closed


@use_case
def _close_run(run_id: int) -> bool:
    """The unit of work of finish_run."""
    open_chunks = db.session.scalar(
        select(func.count()).where(
            SettlementChunk.run_id == run_id,
            SettlementChunk.status.in_([ChunkStatus.PENDING, ChunkStatus.RUNNING]),
        )
    )
    if open_chunks:
        return False
    failed = db.session.scalar(
        select(func.count()).where(
            SettlementChunk.run_id == run_id, SettlementChunk.status == ChunkStatus.FAILED
        )
    )
    status = RunStatus.FAILED if failed else RunStatus.DONE
    closed = db.session.execute(
        update(SettlementRun)
        .where(SettlementRun.id == run_id, SettlementRun.status == RunStatus.RUNNING)
        .values(
            status=status,
            finished_at=utcnow(),
            error=f"{failed} chunk(s) failed" if failed else None,
        )
    ).rowcount
    if closed and not failed:
        run = db.session.get(SettlementRun, run_id)
        kind = get_kind(run.kind)
        if kind.on_complete is not None:
            kind.on_complete(run)
    return bool(closed)
