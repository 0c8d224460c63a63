"""Volunteer applications, volunteer profiles, station memberships and star-level ladders."""

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db


class ApplicationStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class VolunteerApplication(db.Model):
    __tablename__ = "volunteer_applications"
    __table_args__ = (Index("ix_volunteer_applications_station_status", "station_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    status: Mapped[str] = mapped_column(String(16), default=ApplicationStatus.PENDING)
    # Equal to user_id while pending, NULL after review: the unique index is what makes a second
    # pending application impossible, even when two submits race.
    pending_user_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    real_name: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(20))
    # Fernet token; the plain number is never stored.
    id_number_encrypted: Mapped[str | None] = mapped_column(String(255))
    skills: Mapped[list] = mapped_column(JSON, default=list)
    is_party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    availability: Mapped[str | None] = mapped_column(String(255))
    privacy_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    reject_reason: Mapped[str | None] = mapped_column(String(255))


class VolunteerProfile(db.Model):
    """An approved volunteer. One per user; the home station changes when they move."""

    __tablename__ = "volunteer_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    volunteer_number: Mapped[str] = mapped_column(String(40), unique=True)
    home_station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    real_name: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(20))
    id_number_encrypted: Mapped[str | None] = mapped_column(String(255))
    skills: Mapped[list] = mapped_column(JSON, default=list)
    is_party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    availability: Mapped[str | None] = mapped_column(String(255))
    approved_at: Mapped[datetime] = mapped_column(default=utcnow)


class VolunteerMembership(db.Model):
    """Which station a volunteer belonged to, and when: moving station closes one, opens one."""

    __tablename__ = "volunteer_memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("volunteer_applications.id"))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    left_at: Mapped[datetime | None]


class StarThreshold(db.Model):
    """One rung of a star ladder. A ladder belongs to an association, else a region, else it is
    the national default (both NULL)."""

    __tablename__ = "star_thresholds"
    __table_args__ = (Index("ix_star_thresholds_scope", "association_id", "region", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"))
    region: Mapped[str | None] = mapped_column(String(64))
    level: Mapped[int]
    min_hours: Mapped[int]
