"""Service-hour records (志愿服务记录): pending until verified by a station admin, never edited
once verified; a correction is a new record that points at the one it replaces."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db


class HourStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class HourSource(enum.StrEnum):
    ATTENDANCE = "attendance"  # check-in / check-out at an activity
    MANUAL = "manual"  # logged by the volunteer
    BULK = "bulk"  # logged by a station admin for an activity's attendees
    CORRECTION = "correction"


class ServiceHourRecord(db.Model):
    __tablename__ = "service_hour_records"
    __table_args__ = (
        Index("ix_service_hour_records_station_status", "station_id", "status"),
        Index("ix_service_hour_records_user_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"), index=True)
    source: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    minutes: Mapped[int]
    description: Mapped[str] = mapped_column(String(500))
    evidence_text: Mapped[str | None] = mapped_column(Text)
    evidence_image_file: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16), default=HourStatus.PENDING)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    reject_reason: Mapped[str | None] = mapped_column(String(255))
    # A correction points at the record it replaces once verified.
    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_hour_records.id"), index=True
    )
    correction_reason: Mapped[str | None] = mapped_column(String(255))
    # Set when the 宝盾 for this record were posted (by the settlement kind service_hours).
    credited_at: Mapped[datetime | None]
    credited_points: Mapped[int | None] = mapped_column(Integer)


class CorrectionRequestStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"  # a correction record was made from it
    DECLINED = "declined"


class CorrectionRequest(db.Model):
    """A volunteer asks the station to correct one of their verified records."""

    __tablename__ = "service_hour_correction_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("service_hour_records.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    reason: Mapped[str] = mapped_column(String(500))
    proposed_started_at: Mapped[datetime | None]
    proposed_ended_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default=CorrectionRequestStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None]
    correction_id: Mapped[int | None] = mapped_column(ForeignKey("service_hour_records.id"))
    decline_reason: Mapped[str | None] = mapped_column(String(255))
