"""Verified totals, star standing, station figures, and the volunteer's sections of /me."""

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from app.core import contrib
from app.core.time import SHANGHAI, as_utc, utcnow
from app.extensions import db
from app.hours.models import CorrectionRequest, CorrectionRequestStatus, ServiceHourRecord
from app.hours.service import effective_clause
from app.users.models import User
from app.volunteers import service as volunteers
from app.volunteers.models import (
    ApplicationStatus,
    VolunteerApplication,
    VolunteerProfile,
)


def points_per_hour() -> int:
    return int(current_app.config["SERVICE_POINTS_PER_HOUR"])


def points_for_minutes(minutes: int) -> int:
    """宝盾 earned by a number of minutes, rounded down to a whole point."""
    return minutes * points_per_hour() // 60


def verified_minutes(user_id: int) -> int:
    """Minutes of the user's effective (verified, not replaced) records."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(ServiceHourRecord.minutes), 0)).where(
            ServiceHourRecord.user_id == user_id, effective_clause()
        )
    )
    return int(total)


@contrib.profile_section
def volunteer_profile_section(user: User) -> dict:
    profile = volunteers.profile_of(user.id)
    minutes = verified_minutes(user.id)
    home = profile.home_station_id if profile else None
    level, to_next = volunteers.star_standing(verified_minutes=minutes, station_id=home)
    return {
        "home_station_id": home,
        "volunteer_number": profile.volunteer_number if profile else None,
        "verified_minutes": minutes,
        "verified_hours": round(minutes / 60, 2),
        "star_level": level,
        "hours_to_next_star": to_next,
    }


def _shanghai_bounds(now: datetime) -> tuple[datetime, datetime]:
    """UTC instants where the current Shanghai month and year begin."""
    local = as_utc(now).astimezone(SHANGHAI)
    month = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return as_utc(month), as_utc(month.replace(month=1))


def station_figures(*, station_id: int, now: datetime | None = None) -> dict:
    """Volunteers and party members with a live account, verified hours this month and year
    (Asia/Shanghai calendar), and what waits for review."""
    month_start, year_start = _shanghai_bounds(now or utcnow())

    def minutes_since(start):
        return int(
            db.session.scalar(
                select(func.coalesce(func.sum(ServiceHourRecord.minutes), 0)).where(
                    ServiceHourRecord.station_id == station_id,
                    ServiceHourRecord.started_at >= start,
                    effective_clause(),
                )
            )
        )

    def count(statement):
        return int(db.session.scalar(select(func.count()).select_from(statement.subquery())))

    # People are counted while their account lives; a deleted account's hours stay the
    # station's record (they were served), its person is no longer one of its volunteers.
    profiles = (
        select(VolunteerProfile.id)
        .join(User, User.id == VolunteerProfile.user_id)
        .where(VolunteerProfile.home_station_id == station_id, User.deleted_at.is_(None))
    )
    month, year = minutes_since(month_start), minutes_since(year_start)
    return {
        "station_id": station_id,
        "volunteers": count(profiles),
        "party_members": count(profiles.where(VolunteerProfile.is_party_member.is_(True))),
        "verified_minutes_this_month": month,
        "verified_hours_this_month": round(month / 60, 2),
        "verified_minutes_this_year": year,
        "verified_hours_this_year": round(year / 60, 2),
        "pending_hour_records": count(
            select(ServiceHourRecord.id).where(
                ServiceHourRecord.station_id == station_id, ServiceHourRecord.status == "pending"
            )
        ),
        "pending_applications": count(
            select(VolunteerApplication.id).where(
                VolunteerApplication.station_id == station_id,
                VolunteerApplication.status == ApplicationStatus.PENDING,
            )
        ),
        "open_correction_requests": count(
            select(CorrectionRequest.id).where(
                CorrectionRequest.station_id == station_id,
                CorrectionRequest.status == CorrectionRequestStatus.OPEN,
            )
        ),
    }


@contrib.delete_hook
def erase_volunteer_identity(user: User) -> None:
    """Erase real name, phone and ID number; hour records stay as the organiser's record."""
    rows = [volunteers.profile_of(user.id), *volunteers.my_applications(user=user)]
    for row in rows:
        if row is None:
            continue
        row.real_name = None
        row.phone = None
        row.id_number_encrypted = None
        if isinstance(row, VolunteerApplication) and row.status == ApplicationStatus.PENDING:
            row.status = ApplicationStatus.REJECTED
            row.pending_user_id = None
            row.reject_reason = "account deleted"
    db.session.flush()
