"""Applying to a station, reviewing applications, moving station, and the star ladder."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core import contrib
from app.core.auth import can_admin_station
from app.core.pagination import filtered_by_status
from app.core.time import shanghai_date, utcnow
from app.core.transactions import use_case
from app.core.wechat import wechat
from app.errors import BadRequest, Conflict, Forbidden, ServiceUnavailable
from app.extensions import db
from app.notifications.service import notify
from app.stations.errors import StationNotFound
from app.stations.models import Association, Station, StationStatus
from app.users import service as users
from app.users.models import Role, User
from app.volunteers import privacy
from app.volunteers.errors import ApplicationNotFound
from app.volunteers.models import (
    ApplicationStatus,
    StarThreshold,
    VolunteerApplication,
    VolunteerMembership,
    VolunteerProfile,
)
from app.wechat import WeChatError, WeChatUnavailable

# The national pattern; used when the star_thresholds table holds no national ladder.
DEFAULT_STAR_HOURS = (100, 300, 600, 1000, 1500)


def phone_from_code(code: str) -> str:
    """The phone number behind a getPhoneNumber button code, via WeChat."""
    try:
        info = wechat().get_phone_number(code)
    except WeChatUnavailable as error:
        raise ServiceUnavailable(
            "WeChat cannot be reached; type the phone number or try again.",
            code="wechat_unavailable",
        ) from error
    except WeChatError as error:
        raise BadRequest(
            "The phone code is invalid or expired.",
            code="phone_code_invalid",
            details={"fields": {"phone_code": ["Invalid or expired code."]}},
        ) from error
    return info.get("purePhoneNumber") or info.get("phoneNumber")


def submit_application(**fields) -> VolunteerApplication:
    """Apply to a station (see file_application); a second pending application is a 409."""
    try:
        return file_application(**fields)
    except IntegrityError:
        raise Conflict(
            "You already have an application waiting for review.", code="application_pending"
        ) from None


@use_case
def file_application(
    *,
    user: User,
    station_id: int,
    real_name: str,
    phone: str,
    privacy_version: str,
    id_number: str | None = None,
    skills: list[str] | None = None,
    is_party_member: bool = False,
    availability: str | None = None,
) -> VolunteerApplication:
    """Apply to a station; at most one pending application per user (enforced by a unique key).
    Commits."""
    station = db.session.get(Station, station_id)
    if station is None:
        raise StationNotFound()
    if station.status != StationStatus.ACTIVE:
        raise Conflict("This station does not take volunteers now.", code="station_inactive")
    current = profile_of(user.id)
    if current is not None and current.home_station_id == station.id:
        raise Conflict("You are already a volunteer of this station.", code="already_volunteer")
    application = VolunteerApplication(
        user_id=user.id,
        station_id=station.id,
        pending_user_id=user.id,
        real_name=real_name,
        phone=phone,
        id_number_encrypted=privacy.encrypt_id_number(id_number),
        skills=skills or [],
        is_party_member=is_party_member,
        availability=availability,
        privacy_version=privacy_version,
    )
    if user.privacy_version != privacy_version:
        user.privacy_version = privacy_version
        user.privacy_accepted_at = utcnow()
    db.session.add(application)
    db.session.flush()  # the unique pending key answers here, inside submit_application's try
    return application


def _locked_pending(application_id: int, reviewer: User) -> VolunteerApplication:
    application = db.session.scalar(
        select(VolunteerApplication)
        .where(VolunteerApplication.id == application_id)
        .with_for_update()
    )
    if application is None:
        raise ApplicationNotFound()
    station = db.session.get(Station, application.station_id)
    if not can_admin_station(reviewer, station):
        raise Forbidden("You are not an admin of this station.")
    if application.user_id == reviewer.id:
        raise Forbidden("Nobody reviews their own application.", code="own_application")
    if application.status != ApplicationStatus.PENDING:
        raise Conflict("This application was already reviewed.", code="application_reviewed")
    return application


@use_case
def approve_application(*, application_id: int, reviewer: User) -> VolunteerApplication:
    """Approve: the user becomes (or moves to be) a volunteer of the station, with a volunteer
    number; their earlier memberships and records stay. Commits."""
    application = _locked_pending(application_id, reviewer)
    now = utcnow()
    profile = profile_of(application.user_id)
    if profile is None:
        station = db.session.get(Station, application.station_id)
        profile = VolunteerProfile(
            user_id=application.user_id,
            home_station_id=station.id,
            volunteer_number=f"pending-{application.id}",
            approved_at=now,
        )
        db.session.add(profile)
        db.session.flush()
        # The profile id makes the sequence unique without a counter row to contend on.
        profile.volunteer_number = f"{station.association_id}-{station.id}-{profile.id:06d}"
    for membership in db.session.scalars(
        select(VolunteerMembership).where(
            VolunteerMembership.user_id == application.user_id,
            VolunteerMembership.left_at.is_(None),
        )
    ):
        membership.left_at = now
    profile.home_station_id = application.station_id
    for field in ("real_name", "phone", "id_number_encrypted", "skills", "is_party_member"):
        setattr(profile, field, getattr(application, field))
    profile.availability = application.availability
    db.session.add(
        VolunteerMembership(
            user_id=application.user_id,
            station_id=application.station_id,
            application_id=application.id,
            joined_at=now,
        )
    )
    application.status = ApplicationStatus.APPROVED
    application.pending_user_id = None
    application.reviewed_by_id = reviewer.id
    application.reviewed_at = now
    users.grant_role(
        user=db.session.get(User, application.user_id), role=Role.VOLUNTEER, granted_by=reviewer
    )
    _notify_review(application, "已通过")
    return application


@use_case
def reject_application(*, application_id: int, reviewer: User, reason: str) -> VolunteerApplication:
    """Reject with a reason; the user may apply again. Commits."""
    application = _locked_pending(application_id, reviewer)
    application.status = ApplicationStatus.REJECTED
    application.pending_user_id = None
    application.reviewed_by_id = reviewer.id
    application.reviewed_at = utcnow()
    application.reject_reason = reason
    _notify_review(application, "未通过")
    return application


def _notify_review(application: VolunteerApplication, result: str) -> None:
    # The subscribe message names no person: the kind of application, the result and the day.

    notify(
        user_id=application.user_id,
        event="application_reviewed",
        data={
            "thing1": "志愿者申请",
            "phrase2": result,
            "date3": shanghai_date(utcnow()).isoformat(),
        },
        page="pages/volunteer/apply/index",
    )


def get_application(application_id: int) -> VolunteerApplication:
    application = db.session.get(VolunteerApplication, application_id)
    if application is None:
        raise ApplicationNotFound()
    return application


def station_applications(*, station_id: int, status: str | None):
    """A select of a station's applications, newest first."""
    return filtered_by_status(
        VolunteerApplication,
        VolunteerApplication.station_id == station_id,
        status=status,
        order_by=(VolunteerApplication.id.desc(),),
    )


def my_applications(*, user: User) -> list[VolunteerApplication]:
    return db.session.scalars(
        select(VolunteerApplication)
        .where(VolunteerApplication.user_id == user.id)
        .order_by(VolunteerApplication.id.desc())
    ).all()


def profile_of(user_id: int) -> VolunteerProfile | None:
    return db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id))


@contrib.member_stations_source
def home_station(user_id: int) -> list[Station]:
    """A volunteer belongs to their home station (the one that approved them, or moved them)."""
    profile = profile_of(user_id)
    return [] if profile is None else [db.session.get(Station, profile.home_station_id)]


def require_volunteer(user: User) -> VolunteerProfile:
    """The user's volunteer profile, or 403 not_a_volunteer."""
    profile = profile_of(user.id)
    if profile is None:
        raise Forbidden("Apply to a station and be approved first.", code="not_a_volunteer")
    return profile


def memberships_of(user_id: int) -> list[VolunteerMembership]:
    return db.session.scalars(
        select(VolunteerMembership)
        .where(VolunteerMembership.user_id == user_id)
        .order_by(VolunteerMembership.id)
    ).all()


def star_ladder(*, station_id: int | None) -> list[int]:
    """Hour thresholds of star levels 1..n for a station: its association's ladder, else its
    region's, else the national one."""
    association = None
    if station_id is not None:
        station = db.session.get(Station, station_id)
        association = db.session.get(Association, station.association_id) if station else None
    scopes = []
    if association is not None:
        scopes.append(StarThreshold.association_id == association.id)
        scopes.append(
            (StarThreshold.association_id.is_(None)) & (StarThreshold.region == association.region)
        )
    scopes.append(StarThreshold.association_id.is_(None) & StarThreshold.region.is_(None))
    for scope in scopes:
        rows = db.session.scalars(
            select(StarThreshold).where(scope).order_by(StarThreshold.level)
        ).all()
        if rows:
            return [row.min_hours for row in rows]
    return list(DEFAULT_STAR_HOURS)


def star_standing(*, verified_minutes: int, station_id: int | None) -> tuple[int, float | None]:
    """(star level, hours still needed for the next star or None at the top)."""
    ladder = star_ladder(station_id=station_id)
    level = sum(1 for hours in ladder if verified_minutes >= hours * 60)
    if level >= len(ladder):
        return level, None
    return level, round((ladder[level] * 60 - verified_minutes) / 60, 2)
