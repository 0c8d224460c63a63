"""Recruitment targets (招募计划) of an association: how many publicists, lecturers, stations,
education bases and volunteers it aims to have by each milestone date."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db

METRICS = ("publicists", "lecturers", "stations", "education_bases", "volunteers")


class RecruitmentPlan(db.Model):
    """One per association; `counting_from` excludes what existed before the plan (the seed counts
    only newly recruited volunteers)."""

    __tablename__ = "recruitment_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), unique=True)
    counting_from: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class RecruitmentMilestone(db.Model):
    __tablename__ = "recruitment_milestones"
    __table_args__ = (UniqueConstraint("association_id", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"))
    due_on: Mapped[date] = mapped_column(Date)
    label: Mapped[str | None] = mapped_column(String(32))
    publicists: Mapped[int] = mapped_column(Integer, default=0)
    lecturers: Mapped[int] = mapped_column(Integer, default=0)
    stations: Mapped[int] = mapped_column(Integer, default=0)
    education_bases: Mapped[int] = mapped_column(Integer, default=0)
    volunteers: Mapped[int] = mapped_column(Integer, default=0)
