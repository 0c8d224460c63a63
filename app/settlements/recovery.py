"""Recovery: hand out again what dead workers or a lost Redis left behind. Run every minute by
the `settlements.reclaim-stale` periodic job (app/settlements/jobs.reclaim_stale)."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from app.core.time import utcnow
from app.core.transactions import use_case
from app.extensions import db
from app.settlements.engine import finish_run
from app.settlements.job_ids import chunk_job_id, start_job_id
from app.settlements.models import ChunkStatus, RunStatus, SettlementChunk, SettlementRun

log = logging.getLogger(__name__)


@dataclass
class Stale:
    runs: list[tuple[int, int]]  # (run_id, generation) start jobs to enqueue
    chunks: list[tuple[int, int, int]]  # (run_id, chunk_no, generation)
    finished: list[int]


def reclaim_stale(*, job_alive=lambda job_id: False, grace_seconds: int = 30) -> Stale:
    """Find what a dead worker or a lost Redis left behind and hand it out again: running chunks
    whose lease expired, pending chunks whose job is gone, runs whose start job is gone or whose
    materialiser died, runs whose chunks are all settled but which were never closed. Each
    hand-out bumps the generation with a conditional UPDATE, so two reconcilers never both
    enqueue it."""
    now = utcnow()
    old = now - timedelta(seconds=grace_seconds)
    max_attempts = current_app.config["SETTLEMENT_MAX_ATTEMPTS"]
    stale = Stale([], [], [])
    runs = db.session.execute(
        select(SettlementRun.id, SettlementRun.status, SettlementRun.generation).where(
            or_(
                and_(
                    SettlementRun.status == RunStatus.PENDING,
                    or_(SettlementRun.enqueued_at.is_(None), SettlementRun.enqueued_at < old),
                ),
                and_(
                    SettlementRun.status == RunStatus.MATERIALISING,
                    SettlementRun.lease_expires_at < now,
                ),
            )
        )
    ).all()
    for run_id, status, generation in runs:
        if status == RunStatus.PENDING and job_alive(start_job_id(run_id, generation)):
            continue
        if _bump(SettlementRun, SettlementRun.id == run_id, generation, now):
            stale.runs.append((run_id, generation + 1))
    chunks = db.session.execute(
        select(
            SettlementChunk.run_id,
            SettlementChunk.chunk_no,
            SettlementChunk.status,
            SettlementChunk.generation,
            SettlementChunk.attempts,
        )
        .where(
            or_(
                and_(
                    SettlementChunk.status == ChunkStatus.RUNNING,
                    SettlementChunk.lease_expires_at < now,
                ),
                and_(
                    SettlementChunk.status == ChunkStatus.PENDING,
                    or_(SettlementChunk.enqueued_at.is_(None), SettlementChunk.enqueued_at < old),
                ),
            )
        )
        .order_by(SettlementChunk.run_id, SettlementChunk.chunk_no)
    ).all()
    for run_id, chunk_no, status, generation, attempts in chunks:
        if status == ChunkStatus.PENDING and job_alive(chunk_job_id(run_id, chunk_no, generation)):
            continue
        where = and_(SettlementChunk.run_id == run_id, SettlementChunk.chunk_no == chunk_no)
        if attempts >= max_attempts:
            _give_up(where, generation, attempts)
            continue
        if _bump(SettlementChunk, where, generation, now):
            stale.chunks.append((run_id, chunk_no, generation + 1))
    running = db.session.scalars(
        select(SettlementRun.id).where(SettlementRun.status == RunStatus.RUNNING)
    ).all()
    stale.finished = [run_id for run_id in running if finish_run(run_id)]
    return stale


@use_case
def _bump(model, where, generation: int, now) -> bool:
    bumped = db.session.execute(
        update(model)
        .where(where, model.generation == generation)
        .values(generation=generation + 1, enqueued_at=now)
    ).rowcount
    return bool(bumped)


@use_case
def _give_up(where, generation: int, attempts: int) -> None:
    error = f"gave up after {attempts} attempts"
    db.session.execute(
        update(SettlementChunk)
        .where(where, SettlementChunk.generation == generation)
        .values(status=ChunkStatus.FAILED, claim_token=None, error=error, finished_at=utcnow())
    )
    log.error("settlement chunk %s %s", where, error)
