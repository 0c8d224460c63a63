"""Quizzes (定期问答征集活动): the question bank, campaigns, attempts and per-day tallies."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db

# The keys of a question's options, in order: a question has the first 2 to 8 of them.
OPTION_KEYS = "ABCDEFGH"


class QuestionKind(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"


class Scope(enum.StrEnum):
    NATIONAL = "national"
    ASSOCIATION = "association"
    STATION = "station"


class CampaignStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class AttemptStatus(enum.StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"  # graded in time; counts for points and leaderboards
    EXPIRED = "expired"  # submitted late or abandoned; earns nothing


class QuizQuestion(db.Model):
    __tablename__ = "quiz_questions"
    # Duplicate stems are refused within one bank (national, one association, one station).
    __table_args__ = (UniqueConstraint("bank_key", "stem_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(16), default=Scope.NATIONAL)
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    bank_key: Mapped[str] = mapped_column(String(32))  # "national", "association:3", "station:7"
    kind: Mapped[str] = mapped_column(String(16))
    stem: Mapped[str] = mapped_column(Text)
    stem_hash: Mapped[str] = mapped_column(String(64))
    options: Mapped[list] = mapped_column(JSON)  # [{"key": "A", "text": "..."}, ...]
    answer: Mapped[list] = mapped_column(JSON)  # ["A", "C"]; never sent before a submit
    explanation: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(32), index=True)
    difficulty: Mapped[int] = mapped_column(default=1)  # 1 easy, 2 medium, 3 hard
    # Retired questions stay for the attempts that drew them but are no longer drawn.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class QuizCampaign(db.Model):
    __tablename__ = "quiz_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(String(16), default=Scope.NATIONAL)
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    categories: Mapped[list] = mapped_column(JSON)  # empty: every category
    questions_per_attempt: Mapped[int] = mapped_column(default=10)
    time_limit_seconds: Mapped[int] = mapped_column(default=600)
    attempts_per_day: Mapped[int] = mapped_column(default=3)
    points_per_correct: Mapped[int] = mapped_column(default=1)
    perfect_bonus: Mapped[int] = mapped_column(default=0)
    daily_points_cap: Mapped[int] = mapped_column(default=50)
    is_assessment: Mapped[bool] = mapped_column(Boolean, default=False)
    pass_mark: Mapped[int | None]  # integer percentage, for assessments
    # Settled at close by the campaign_close settlement kind: [{"rank_from", "rank_to", "points"}]
    ranking_bonuses: Mapped[list] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=CampaignStatus.OPEN)
    closed_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CampaignAdmission(db.Model):
    """A user admitted to one campaign by logging in with the campaign's own code (its entrance
    scene), whatever station or association they belong to: whoever scans the code may play."""

    __tablename__ = "quiz_campaign_admissions"
    __table_args__ = (UniqueConstraint("campaign_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("quiz_campaigns.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    admitted_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempts"
    __table_args__ = (
        Index("ix_quiz_attempts_user_started", "user_id", "started_at"),
        Index("ix_quiz_attempts_campaign_status", "campaign_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("quiz_campaigns.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The user's first_station_id when the attempt started: the station it counts for.
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    # "<campaign>:<user>" while open, NULL after: the unique index allows one open attempt.
    open_slot: Mapped[str | None] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=AttemptStatus.OPEN)
    question_ids: Mapped[list] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    answers: Mapped[dict | None] = mapped_column(JSON)
    correct_count: Mapped[int] = mapped_column(default=0)
    question_count: Mapped[int] = mapped_column(default=0)
    score: Mapped[int] = mapped_column(default=0)  # integer percentage
    points_earned: Mapped[int] = mapped_column(default=0)  # before the daily cap
    points_awarded: Mapped[int] = mapped_column(default=0)
    # Why fewer points than earned: daily_cap_reached, deadline_passed, campaign_closed.
    no_points_reason: Mapped[str | None] = mapped_column(String(32))
    pass_mark: Mapped[int | None]
    passed: Mapped[bool | None] = mapped_column(Boolean)


class QuizDailyTally(db.Model):
    """Per user, campaign and Shanghai day: attempts started and points awarded. Updated only by
    conditional or locked UPDATEs, so concurrent requests cannot pass the daily limits."""

    __tablename__ = "quiz_daily_tallies"
    __table_args__ = (UniqueConstraint("user_id", "campaign_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("quiz_campaigns.id"))
    day: Mapped[date] = mapped_column(Date)
    attempts_started: Mapped[int] = mapped_column(default=0)
    points_awarded: Mapped[int] = mapped_column(default=0)
