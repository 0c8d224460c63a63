"""Activities a station runs, volunteers' sign-ups and attendance, and highlights (精彩瞬间)."""

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db

# The seed's publicity plan (宣传计划, 线下活动宣传).
ACTIVITY_KINDS = {
    "holiday": "国家法定节假日宣传",
    "solar_term": "传统24节气宣传",
    "weekly": "52个自然周的结点宣传",
    "special_day": "特殊公历日宣传",
    "survey_publicity": "网民网络安全感满意度调查活动宣传",
    "spontaneous": "自发式活动宣传",
    "china_tour": "网安联·中国行",
    "campus": "网络安全宣讲团进校园",
    "community": "网络安全宣讲团进社区",
    "service_day": "网络安全服务日",
    "party_service_day": "党员网络志愿服务日",
    "publicity_week": "网络安全宣传周",
}


class SignupStatus(enum.StrEnum):
    SIGNED_UP = "signed_up"
    CANCELLED = "cancelled"


class Activity(db.Model):
    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_station_starts", "station_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    title: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    place: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    capacity: Mapped[int]
    # Presence below this share of the window earns no hours.
    min_presence_percent: Mapped[int] = mapped_column(default=60)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ActivitySignup(db.Model):
    __tablename__ = "activity_signups"
    __table_args__ = (UniqueConstraint("activity_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=SignupStatus.SIGNED_UP)
    signed_up_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]
    checked_out_at: Mapped[datetime | None]
    # True when the forgotten-check-out job closed it at the window's end.
    auto_checked_out: Mapped[bool] = mapped_column(Boolean, default=False)
    # The station admin who checked the volunteer in or out by hand (someone without a phone);
    # NULL when the volunteer scanned the activity's code themselves.
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_out_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # No foreign key: hour records already point at activities, and a cycle of keys would make
    # the tables impossible to create or drop in one order.
    hour_record_id: Mapped[int | None]


class HighlightStatus(enum.StrEnum):
    VISIBLE = "visible"
    HELD = "held"  # waiting for WeChat's verdict or an admin
    HIDDEN = "hidden"
    REFUSED = "refused"


class CheckState(enum.StrEnum):
    PASS = "pass"
    REVIEW = "review"
    RISKY = "risky"
    PENDING = "pending"  # image check queued, verdict not yet in
    UNAVAILABLE = "unavailable"  # WeChat could not be reached
    NONE = "none"  # nothing to check


class Highlight(db.Model):
    __tablename__ = "activity_highlights"
    __table_args__ = (Index("ix_activity_highlights_activity_status", "activity_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str | None] = mapped_column(Text)
    # Name of the file in the private upload folder; never a public path.
    image_file: Mapped[str | None] = mapped_column(String(80))
    image_type: Mapped[str | None] = mapped_column(String(20))
    text_check: Mapped[str] = mapped_column(String(16), default=CheckState.NONE)
    image_check: Mapped[str] = mapped_column(String(16), default=CheckState.NONE)
    media_trace_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=HighlightStatus.HELD)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    moderated_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
