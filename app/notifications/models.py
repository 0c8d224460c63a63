"""Subscribe messages (订阅消息) sent to users, and the one-time subscriptions they granted."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db


class NotificationEvent(enum.StrEnum):
    APPLICATION_REVIEWED = "application_reviewed"
    HOURS_VERIFIED = "hours_verified"
    GIFT_READY = "gift_ready"
    HELP_PROGRESS = "help_progress"  # a help request was accepted, referred or closed
    INSPECTION_RECORDED = "inspection_recorded"
    RECTIFICATION_DUE = "rectification_due"


class NotificationStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for (another) delivery attempt
    SENDING = "sending"  # claimed by a job
    SENT = "sent"
    REFUSED = "refused"  # WeChat 43101: the user has no subscription left; never retried
    NO_SUBSCRIPTION = "no_subscription"  # we know of none left: not sent at all
    NO_TEMPLATE = "no_template"  # the operator configured no template for the event
    FAILED = "failed"  # a permanent WeChat error, or transient ones until retries ran out
    SKIPPED = "skipped"  # the account was deleted before sending


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    event: Mapped[str] = mapped_column(String(32))
    # {template key: value}; never names, phones or other personal details.
    data: Mapped[dict] = mapped_column(JSON)
    page: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default=NotificationStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    subscription_used: Mapped[bool] = mapped_column(default=False)
    last_errcode: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class SubscriptionCredit(db.Model):
    """How many one-time subscriptions (wx.requestSubscribeMessage "accept") a user has left for an
    event; each message sent uses one."""

    __tablename__ = "subscription_credits"
    __table_args__ = (UniqueConstraint("user_id", "event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    event: Mapped[str] = mapped_column(String(32))
    remaining: Mapped[int] = mapped_column(Integer, default=0)
    granted_total: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
