"""The satisfaction survey (网民网络安全感满意度调查): questionnaire and windows, collection links,
responses with validity flags, the counters figures read, targets and subsidy statement lines."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.model import BigId
from app.core.time import utcnow
from app.extensions import db


class Flag(enum.StrEnum):
    OUTSIDE_WINDOW = "outside_collection_window"
    TOO_FAST = "too_fast"
    DUPLICATE = "duplicate"
    STRAIGHT_LINING = "straight_lining"
    INCOMPLETE = "incomplete"


class Survey(db.Model):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    # None: a national survey run by the union.
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"), index=True)
    questionnaire: Mapped[dict] = mapped_column(JSON)
    internal_test_starts_at: Mapped[datetime | None]
    internal_test_ends_at: Mapped[datetime | None]
    public_test_starts_at: Mapped[datetime | None]
    public_test_ends_at: Mapped[datetime | None]
    # Half-open [starts, ends): only responses submitted inside count.
    collection_starts_at: Mapped[datetime]
    collection_ends_at: Mapped[datetime]
    min_seconds: Mapped[int] = mapped_column(default=60)
    # A matrix question with at least this many rows all answered alike is straight-lined.
    straight_line_min_rows: Mapped[int] = mapped_column(default=5)
    points: Mapped[int] = mapped_column(default=0)
    # Subsidy per valid questionnaire, in fen: 10 fen = 10% of the count in yuan (seed 000).
    subsidy_fen_per_valid: Mapped[int] = mapped_column(default=10)
    # Bumped by every review that changes validity: statement item keys carry it, so a settlement
    # re-run after re-reviews gives new items while a repeat over the same data gives the same.
    review_revision: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SurveyLink(db.Model):
    """A collection link: for an association, a station, or a named channel of an association."""

    __tablename__ = "survey_links"
    __table_args__ = (UniqueConstraint("survey_id", "target_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"))
    # "station:12", "association:3" or "channel:<name>": one link per target and survey.
    target_key: Mapped[str] = mapped_column(String(100))
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    channel: Mapped[str | None] = mapped_column(String(64))
    entrance_id: Mapped[int] = mapped_column(ForeignKey("entrances.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SurveyDraft(db.Model):
    """Progress saved while answering, so a dropped connection loses nothing."""

    __tablename__ = "survey_drafts"
    __table_args__ = (UniqueConstraint("survey_id", "user_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    link_scene: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[datetime | None]
    answers: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_response_id: Mapped[int | None] = mapped_column(BigInteger)


class SurveyResponse(db.Model):
    """A submitted questionnaire. Never deleted; attribution (link, station, association) is set
    at submit and never changes. Validity: auto flags at submit, an admin review may override."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        # A re-sent submission with the same client id is the same response.
        UniqueConstraint("survey_id", "user_id", "client_id"),
        # Set only on a user's first in-window response: the database keeps "first" unique even
        # under concurrent submits (NULLs do not collide).
        UniqueConstraint("survey_id", "first_user_id"),
        Index("ix_survey_responses_link", "survey_id", "link_id", "is_valid"),
        Index("ix_survey_responses_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"))
    link_id: Mapped[int] = mapped_column(ForeignKey("survey_links.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    first_user_id: Mapped[int | None]
    client_id: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime]
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    shanghai_day: Mapped[date] = mapped_column(Date)
    duration_seconds: Mapped[int]
    answers: Mapped[dict] = mapped_column(JSON)
    flags: Mapped[list] = mapped_column(JSON)
    auto_valid: Mapped[bool] = mapped_column(Boolean)
    is_valid: Mapped[bool] = mapped_column(Boolean)
    reviewed_valid: Mapped[bool | None] = mapped_column(Boolean)
    review_reason: Mapped[str | None] = mapped_column(String(255))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]


class SurveyResponseReview(db.Model):
    """Every review decision, in order; the response carries the latest."""

    __tablename__ = "survey_response_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("survey_responses.id"), index=True
    )
    valid: Mapped[bool] = mapped_column(Boolean)
    was_valid: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(255))
    reviewed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)


class SurveyDailyCount(db.Model):
    """Counters per survey, link and Shanghai day, kept in the submit and review transactions so
    figures stay fast at millions of responses."""

    __tablename__ = "survey_daily_counts"
    __table_args__ = (
        Index("ix_survey_daily_counts_station", "survey_id", "station_id"),
        Index("ix_survey_daily_counts_association", "survey_id", "association_id"),
    )

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("survey_links.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"))
    valid_count: Mapped[int] = mapped_column(default=0)
    invalid_count: Mapped[int] = mapped_column(default=0)
    # Automatic flags as raised at submit (a review does not change them).
    outside_window_count: Mapped[int] = mapped_column(default=0)
    too_fast_count: Mapped[int] = mapped_column(default=0)
    duplicate_count: Mapped[int] = mapped_column(default=0)
    straight_lining_count: Mapped[int] = mapped_column(default=0)
    incomplete_count: Mapped[int] = mapped_column(default=0)


class SurveyPortraitCount(db.Model):
    """Valid responses per link, profile question and chosen option (respondent portrait)."""

    __tablename__ = "survey_portrait_counts"
    __table_args__ = (Index("ix_survey_portrait_counts_station", "survey_id", "station_id"),)

    # Key order (survey, question, option, link): the national portrait groups by question and
    # option in key order instead of sorting 70,000 rows (0.75 s → 0.05 s in the bench).
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    option_value: Mapped[str] = mapped_column(String(64), primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("survey_links.id"), primary_key=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"), index=True)
    count: Mapped[int] = mapped_column(default=0)


class SurveyTarget(db.Model):
    """An association's collection target: a share (basis points) of its region's netizens."""

    __tablename__ = "survey_targets"

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), primary_key=True)
    region_netizens: Mapped[int] = mapped_column(BigInteger)
    # 50 = 0.5%, 100 = 1% (seed 004: 0.5%–1% of the region's netizens).
    target_share_bp: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def target_count(self) -> int:
        return self.region_netizens * self.target_share_bp // 10000


class SubsidyLine(db.Model):
    """A subsidy statement line. Append-only: a re-run after re-reviews adds an adjustment line
    with the difference; earlier lines are never changed."""

    __tablename__ = "survey_subsidy_lines"
    __table_args__ = (Index("ix_survey_subsidy_lines_payee", "survey_id", "payee_key", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"))
    item_key: Mapped[str] = mapped_column(String(191), unique=True)
    # "station:12" or "association:3" (responses through the association's own links).
    payee_key: Mapped[str] = mapped_column(String(64))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"))
    review_revision: Mapped[int]
    valid_count: Mapped[int] = mapped_column(BigInteger)
    fen_per_valid: Mapped[int]
    previous_total_fen: Mapped[int] = mapped_column(BigInteger)
    new_total_fen: Mapped[int] = mapped_column(BigInteger)
    delta_fen: Mapped[int] = mapped_column(BigInteger)
    is_adjustment: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SurveyExport(db.Model):
    """An export job (responses or figures to XLSX) with its progress."""

    __tablename__ = "survey_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The scope the requester could see when asking, frozen for the job.
    scope: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    rows_total: Mapped[int] = mapped_column(BigInteger, default=0)
    rows_done: Mapped[int] = mapped_column(BigInteger, default=0)
    file_path: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
