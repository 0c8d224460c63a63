"""The gift catalog, its stock log, and redemptions with their pickup codes."""

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db


class GiftScope(enum.StrEnum):
    NATIONAL = "national"
    ASSOCIATION = "association"
    STATION = "station"


class RedemptionStatus(enum.StrEnum):
    PENDING = "pending_pickup"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class StockReason(enum.StrEnum):
    INITIAL = "initial"
    RESTOCK = "restock"
    WRITE_OFF = "write_off"
    REDEEMED = "redeemed"
    RETURNED = "returned"  # a cancelled or expired redemption gives its stock back


class Gift(db.Model):
    __tablename__ = "gifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    image_url: Mapped[str | None] = mapped_column(String(500))
    price_points: Mapped[int] = mapped_column(Integer)
    # Units available now; changed only by conditional UPDATEs, each one logged in gift_stock_log.
    stock: Mapped[int] = mapped_column(Integer, default=0)
    per_user_limit: Mapped[int] = mapped_column(Integer, default=1)
    scope: Mapped[str] = mapped_column(String(16))
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    sponsor: Mapped[str | None] = mapped_column(String(100))  # 支持单位
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    active_from: Mapped[datetime | None]
    active_until: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    pickup_stations: Mapped[list["GiftPickupStation"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def pickup_station_ids(self) -> list[int]:
        return sorted(p.station_id for p in self.pickup_stations)


class GiftPickupStation(db.Model):
    __tablename__ = "gift_pickup_stations"

    gift_id: Mapped[int] = mapped_column(ForeignKey("gifts.id"), primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), primary_key=True)


class GiftStockLog(db.Model):
    """Every change of a gift's stock. Sum of delta per gift == gifts.stock (reconciled)."""

    __tablename__ = "gift_stock_log"
    # A redemption takes stock once and returns it at most once, enforced by the database.
    __table_args__ = (UniqueConstraint("redemption_id", "reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gift_id: Mapped[int] = mapped_column(ForeignKey("gifts.id"), index=True)
    delta: Mapped[int] = mapped_column(Integer)
    stock_after: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(200))
    redemption_id: Mapped[int | None] = mapped_column(ForeignKey("redemptions.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Redemption(db.Model):
    __tablename__ = "redemptions"
    __table_args__ = (
        UniqueConstraint("user_id", "idempotency_key"),
        Index("ix_redemptions_status_expires_at", "status", "expires_at"),
        Index("ix_redemptions_station_status", "pickup_station_id", "status"),
        Index("ix_redemptions_user_gift", "user_id", "gift_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    gift_id: Mapped[int] = mapped_column(ForeignKey("gifts.id"), index=True)
    pickup_station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    points_spent: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=RedemptionStatus.PENDING)
    # ~60 bits from secrets; unique; usable once and only at pickup_station_id.
    pickup_code: Mapped[str] = mapped_column(String(16), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(191))
    request_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    gift: Mapped[Gift] = relationship(lazy="joined")


class RedemptionEvent(db.Model):
    """Who moved a redemption from one state to another, and when."""

    __tablename__ = "redemption_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    redemption_id: Mapped[int] = mapped_column(ForeignKey("redemptions.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
