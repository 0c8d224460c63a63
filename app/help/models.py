"""Help requests and reports (维权救助举报) and the log of every step taken on them."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db


class HelpCategory(enum.StrEnum):
    FRAUD = "fraud"  # 电信网络诈骗
    HARMFUL_INFORMATION = "harmful_information"  # 有害信息
    PERSONAL_INFORMATION_LEAK = "personal_information_leak"  # 个人信息泄露
    CYBER_BULLYING = "cyber_bullying"  # 网络暴力
    OTHER = "other"


class HelpStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REFERRED = "referred"
    CLOSED = "closed"


class ReferralTarget(enum.StrEnum):
    POLICE = "police"  # 公安
    CAC_OFFICE = "cac_office"  # 网信办
    OTHER = "other"


class HelpAction(enum.StrEnum):
    SUBMITTED = "submitted"
    ASSIGNED = "assigned"  # moved from the unassigned queue to a station
    ACCEPTED = "accepted"
    REFERRED = "referred"
    CLOSED = "closed"


class HelpRequest(db.Model):
    """One request. station_id NULL means the unassigned queue, handled by union admins.
    reporter_id and contact_phone are the reporter's identity (网络安全法 第十四条): they go only to
    the handlers and the reporter, and are erased when the reporter deletes their account."""

    __tablename__ = "help_requests"
    __table_args__ = (Index("ix_help_requests_station_status", "station_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    evidence_urls: Mapped[list] = mapped_column(JSON, default=list)
    # A photo the reporter attached (screenshot of the fraud …), stored privately like hours
    # evidence: served only to the reporter and the handlers.
    evidence_image_file: Mapped[str | None] = mapped_column(String(64))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(16), default=HelpStatus.SUBMITTED)
    referred_to: Mapped[str | None] = mapped_column(String(16))
    referral_note: Mapped[str | None] = mapped_column(String(500))
    outcome: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]
    referred_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    reporter_erased_at: Mapped[datetime | None]


class HelpRequestEvent(db.Model):
    """Append-only: who moved the request from which status to which, when, and why."""

    __tablename__ = "help_request_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("help_requests.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
