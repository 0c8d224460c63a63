"""The volunteer's part of the personal-data export (GET /me/export, section "volunteer"): the
profile and applications of app.volunteers, the hour records of app.hours and the sign-ups of
this domain. It lives here because activities build on hours and volunteers, not back."""

from sqlalchemy import select

from app.activities.models import ActivitySignup
from app.core import contrib
from app.extensions import db
from app.hours.models import ServiceHourRecord
from app.users.models import User
from app.volunteers import privacy
from app.volunteers import service as volunteers


def _row(obj, fields):
    return {name: getattr(obj, name) for name in fields}


@contrib.export_section("volunteer")
def export_volunteer(user: User) -> dict:
    """Everything the volunteer domains keep about the user; the owner sees their ID in full."""
    profile = volunteers.profile_of(user.id)
    applications = volunteers.my_applications(user=user)
    records = db.session.scalars(
        select(ServiceHourRecord).where(ServiceHourRecord.user_id == user.id)
    ).all()
    signups = db.session.scalars(
        select(ActivitySignup).where(ActivitySignup.user_id == user.id)
    ).all()
    person = ("real_name", "phone", "skills", "is_party_member", "availability")
    return {
        "profile": None
        if profile is None
        else {
            **_row(profile, ("volunteer_number", "home_station_id", "approved_at", *person)),
            "id_number": privacy.decrypt_id_number(profile.id_number_encrypted),
        },
        "applications": [
            {
                **_row(a, ("id", "station_id", "status", "created_at", "reject_reason", *person)),
                "id_number": privacy.decrypt_id_number(a.id_number_encrypted),
            }
            for a in applications
        ],
        "memberships": [
            _row(m, ("station_id", "joined_at", "left_at"))
            for m in volunteers.memberships_of(user.id)
        ],
        "service_hours": [
            _row(
                r,
                (
                    "id",
                    "station_id",
                    "activity_id",
                    "source",
                    "started_at",
                    "ended_at",
                    "minutes",
                    "description",
                    "status",
                    "corrects_id",
                ),
            )
            for r in records
        ],
        "signups": [
            _row(s, ("activity_id", "status", "checked_in_at", "checked_out_at")) for s in signups
        ],
    }
