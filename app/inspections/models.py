"""Inspections (督导检查): an inspector of the association checks a station against the
association's checklist; every finding is answered by the station and accepted or returned by
the inspector. Responses are never edited or deleted: a returned answer stays in the record."""

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db

# The seed's checklist, used until an association edits its own.
DEFAULT_CHECKLIST = ("牌匾标识", "台账", "活动开展", "志愿者管理", "宣传物料", "安全")


class InspectionStatus(enum.StrEnum):
    OPEN = "open"  # findings await rectification
    CLOSED = "closed"


class ItemResult(enum.StrEnum):
    OK = "ok"
    FINDING = "finding"


class FindingStatus(enum.StrEnum):
    OK = "ok"  # nothing to rectify
    OPEN = "open"  # waiting for the station's answer
    ANSWERED = "answered"  # the latest answer waits for the inspector
    RETURNED = "returned"  # the latest answer was sent back; the station answers again
    ACCEPTED = "accepted"


class ResponseDecision(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    RETURNED = "returned"


class ChecklistItem(db.Model):
    """One line of an association's checklist template; retired lines are kept, not deleted."""

    __tablename__ = "inspection_checklist_items"
    __table_args__ = (Index("ix_inspection_checklist_assoc", "association_id", "active"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"))
    title: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Inspection(db.Model):
    __tablename__ = "inspections"
    __table_args__ = (
        Index("ix_inspections_assoc_status", "association_id", "status"),
        Index("ix_inspections_station_status", "station_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"))
    inspector_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    inspected_on: Mapped[date] = mapped_column(Date)
    # The rectification deadline (a Shanghai calendar day); None when every item was ok.
    rectify_by: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=InspectionStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Set when the two-days-ahead reminder went out, so the periodic job sends it once.
    reminded_at: Mapped[datetime | None]

    findings: Mapped[list["Finding"]] = relationship(
        order_by="Finding.position", lazy="selectin", back_populates="inspection"
    )


class Finding(db.Model):
    """One checklist item as inspected: ok, or a finding to rectify."""

    __tablename__ = "inspection_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    item_title: Mapped[str] = mapped_column(String(32))
    result: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    note_check: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))

    inspection: Mapped[Inspection] = relationship(back_populates="findings")
    responses: Mapped[list["FindingResponse"]] = relationship(
        order_by="FindingResponse.id", lazy="selectin"
    )
    photos: Mapped[list["InspectionPhoto"]] = relationship(
        primaryjoin="and_(InspectionPhoto.finding_id == Finding.id, "
        "InspectionPhoto.response_id.is_(None))",
        order_by="InspectionPhoto.id",
        lazy="selectin",
        viewonly=True,
    )


class FindingResponse(db.Model):
    """The station's answer to a finding and the inspector's decision on it (append-only)."""

    __tablename__ = "inspection_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("inspection_findings.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    text_check: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decision: Mapped[str] = mapped_column(String(16), default=ResponseDecision.PENDING)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(String(500))

    photos: Mapped[list["InspectionPhoto"]] = relationship(
        order_by="InspectionPhoto.id", lazy="selectin", viewonly=True
    )


class InspectionPhoto(db.Model):
    """A photo of a finding (response_id NULL) or of a response; the file lives in the private
    upload folder and is served only to those who may see the inspection."""

    __tablename__ = "inspection_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("inspection_findings.id"), index=True)
    response_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_responses.id"))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    file: Mapped[str] = mapped_column(String(80))
    content_type: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
