"""The 宝盾 double-entry ledger: accounts, transfers and append-only entries."""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db


class SystemAccount(enum.StrEnum):
    """Where points come from and go to. System accounts may run negative: they are sources."""

    QUIZ_REWARDS = "quiz_rewards"
    SERVICE_REWARDS = "service_rewards"
    SURVEY_REWARDS = "survey_rewards"
    ADJUSTMENTS = "adjustments"
    REDEMPTIONS = "redemptions"
    CAMPAIGN_BONUSES = "campaign_bonuses"


class PointAccount(db.Model):
    __tablename__ = "point_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A wallet has user_id; a system account has code. Exactly one of them is set.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    code: Mapped[str | None] = mapped_column(String(32), unique=True)
    # A wallet's balance: the sum of its entries, changed only by conditional UPDATEs in the
    # service. A system account (allow_negative) is not updated per transfer: its balance is this
    # column plus the sum of its shards (PointAccountShard), see service.account_balance.
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    allow_negative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# How many rows a system account's balance is spread over. Every quiz credit and every redemption
# in the country moves a system account: with one balance row they all queue on its lock until
# commit; with 16 rows picked at random, 32 concurrent transfers rarely meet.
SHARDS = 16


class PointAccountShard(db.Model):
    """One part of a system account's balance; the parts are summed on read. Only accounts that
    may run negative have shards: they need no balance check, so no single row to check it on."""

    __tablename__ = "point_account_shards"

    account_id: Mapped[int] = mapped_column(ForeignKey("point_accounts.id"), primary_key=True)
    shard: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    balance: Mapped[int] = mapped_column(BigInteger, default=0)


class PointTransfer(db.Model):
    __tablename__ = "point_transfers"
    __table_args__ = (Index("ix_point_transfers_reference", "reference_type", "reference_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Tied to the cause (attempt, hour record, redemption, settlement item, client key):
    # the unique index is what makes a repeated credit impossible.
    idempotency_key: Mapped[str] = mapped_column(String(191), unique=True)
    # Hash of what was asked, so the same key with a different request is told apart (409).
    request_hash: Mapped[str] = mapped_column(String(64))
    from_account_id: Mapped[int] = mapped_column(ForeignKey("point_accounts.id"))
    to_account_id: Mapped[int] = mapped_column(ForeignKey("point_accounts.id"))
    amount: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(255))
    reference_type: Mapped[str | None] = mapped_column(String(32))
    reference_id: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    entries: Mapped[list["PointEntry"]] = relationship(back_populates="transfer")


class PointEntry(db.Model):
    """One side of a transfer. Append-only: never updated, never deleted."""

    __tablename__ = "point_entries"
    __table_args__ = (Index("ix_point_entries_account_id_id", "account_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("point_transfers.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("point_accounts.id"))
    amount: Mapped[int] = mapped_column(BigInteger)
    # A wallet's balance after this entry. None on a sharded system account's entry: a running
    # total there would need the single locked row the shards exist to avoid.
    balance_after: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    transfer: Mapped[PointTransfer] = relationship(back_populates="entries")
