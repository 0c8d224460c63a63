"""Lecturer (公益讲师) and publicist (公益宣传员) applications to an association, their review
steps, and the topics they offer. An approved application is the qualification itself."""

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db


class QualificationKind(enum.StrEnum):
    LECTURER = "lecturer"
    PUBLICIST = "publicist"


class ApplicationStatus(enum.StrEnum):
    DRAFT = "draft"
    PENDING = "pending"  # submitted, waiting for the association
    RETURNED = "returned"  # sent back for changes
    APPROVED = "approved"
    REJECTED = "rejected"
    REVOKED = "revoked"
    WITHDRAWN = "withdrawn"  # closed without a decision (e.g. account deleted)


OPEN_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.PENDING, ApplicationStatus.RETURNED)


class QualificationApplication(db.Model):
    __tablename__ = "qualification_applications"
    __table_args__ = (
        Index("ix_qualification_applications_assoc_status", "association_id", "kind", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=ApplicationStatus.DRAFT)
    # "<user_id>:<kind>" while the application is open, NULL once closed: the unique key keeps
    # one open application per user and kind even when two requests race.
    open_key: Mapped[str | None] = mapped_column(String(40), unique=True)

    real_name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(20))
    organisation: Mapped[str | None] = mapped_column(String(100))
    experience: Mapped[str | None] = mapped_column(Text)
    photo_url: Mapped[str | None] = mapped_column(String(500))
    intended_station_ids: Mapped[list] = mapped_column(JSON, default=list)
    recommended_by_station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    recommendation_confirmed_at: Mapped[datetime | None]
    recommendation_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    # What the person agreed to show in the public directory.
    publish_name: Mapped[bool] = mapped_column(Boolean, default=False)
    publish_organisation: Mapped[bool] = mapped_column(Boolean, default=False)
    publish_topics: Mapped[bool] = mapped_column(Boolean, default=True)
    publish_photo: Mapped[bool] = mapped_column(Boolean, default=False)

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(String(500))
    # The passed assessment the approval relied on (a snapshot of the quiz attempt).
    assessment_attempt_id: Mapped[int | None] = mapped_column(Integer)
    assessment_score: Mapped[int | None] = mapped_column(Integer)
    assessment_passed_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoke_reason: Mapped[str | None] = mapped_column(String(500))

    topics: Mapped[list["QualificationTopic"]] = relationship(
        cascade="all, delete-orphan", order_by="QualificationTopic.position", lazy="selectin"
    )

    @property
    def topic_names(self) -> list[str]:
        return [topic.topic for topic in self.topics]


class QualificationTopic(db.Model):
    """One expertise topic of an application; a row each so the directory can filter by topic."""

    __tablename__ = "qualification_topics"
    __table_args__ = (Index("ix_qualification_topics_topic", "topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("qualification_applications.id"), index=True
    )
    topic: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ApplicationStep(db.Model):
    """Every change of an application's status: who, when, from what to what, and why."""

    __tablename__ = "qualification_application_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("qualification_applications.id"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
