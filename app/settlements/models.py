"""Settlement runs, their materialised items, the chunks that post them, and alerts.

The database, not Redis, is the record of what is done: a chunk is `done` only in the transaction
that posted its items, so a lost job, a killed worker or a double enqueue cannot change the books.
"""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.model import BigId
from app.core.time import utcnow
from app.extensions import db


class RunStatus(enum.StrEnum):
    PENDING = "pending"  # recorded, waiting for its start job
    MATERIALISING = "materialising"  # items being read from the source data
    RUNNING = "running"  # chunks being posted
    DONE = "done"
    FAILED = "failed"  # at least one chunk failed permanently; the rest are posted


class ChunkStatus(enum.StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class SettlementRun(db.Model):
    __tablename__ = "settlement_runs"
    __table_args__ = (UniqueConstraint("kind", "scope_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    scope: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Canonical form of the scope: one run per (kind, scope), however often it is started.
    scope_key: Mapped[str] = mapped_column(String(191))
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.PENDING)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    items_total: Mapped[int] = mapped_column(Integer, default=0)
    amount_total: Mapped[int] = mapped_column(BigInteger, default=0)
    chunks_total: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped at every (re-)enqueue of the start job, which gives each enqueue its own job id.
    generation: Mapped[int] = mapped_column(Integer, default=0)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    lease_expires_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    enqueued_at: Mapped[datetime | None]
    materialised_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class SettlementItem(db.Model):
    """One credit (or debit) to post. No foreign keys on the people and places it names: it is a
    snapshot of the source data, and a million of them are inserted per big run."""

    __tablename__ = "settlement_items"
    __table_args__ = (
        UniqueConstraint("run_id", "item_key"),
        Index("ix_settlement_items_run_chunk", "run_id", "chunk_no"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("settlement_runs.id"))
    item_key: Mapped[str] = mapped_column(String(191))
    chunk_no: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(Integer)
    station_id: Mapped[int | None] = mapped_column(Integer)
    association_id: Mapped[int | None] = mapped_column(Integer)
    reference_type: Mapped[str | None] = mapped_column(String(32))
    reference_id: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SettlementChunk(db.Model):
    """A slice of a run's items, posted in one transaction. Items are done when their chunk is."""

    __tablename__ = "settlement_chunks"
    __table_args__ = (
        UniqueConstraint("run_id", "chunk_no"),
        Index("ix_settlement_chunks_status_lease", "status", "lease_expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("settlement_runs.id"))
    chunk_no: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=ChunkStatus.PENDING)
    items_count: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    # Who holds the chunk now; the final UPDATE to done is conditional on it.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    worker: Mapped[str | None] = mapped_column(String(128))
    lease_expires_at: Mapped[datetime | None]
    enqueued_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class SettlementAlert(db.Model):
    """Something that does not add up, found by a settlement (the nightly ledger reconciliation)."""

    __tablename__ = "settlement_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("settlement_runs.id"), index=True)
    check: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(String(500))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
