"""Activities: creation with a check-in entrance, sign-ups, check-in/out, and the hours they
yield; bulk logging by the station; closing forgotten check-outs."""

from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.activities.errors import ActivityEnded, AlreadyCheckedIn, NotSignedUp
from app.activities.models import ACTIVITY_KINDS, Activity, ActivitySignup, SignupStatus
from app.core import contrib
from app.core.time import as_utc, utcnow
from app.core.transactions import use_case
from app.entrances import service as entrances
from app.entrances.models import EntranceKind
from app.errors import BadRequest, Conflict, Forbidden, NotFound, ValidationFailed
from app.extensions import db
from app.hours import service as hours
from app.hours.arithmetic import minutes_between, presence_in_window
from app.hours.models import HourSource, HourStatus, ServiceHourRecord
from app.stations.models import Station
from app.users.models import User
from app.volunteers import service as volunteers

MAX_WINDOW = timedelta(days=14)
CHECK_IN_OPENS_BEFORE = timedelta(minutes=30)


def _invalid(field: str, message: str, code: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, details={"fields": {field: [message]}})


@use_case
def create_activity(
    *,
    station: Station,
    author: User,
    title: str,
    kind: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    min_presence_percent: int = 60,
    description: str | None = None,
) -> Activity:
    """A station's activity with its own check-in entrance (scene). Commits."""
    if kind not in ACTIVITY_KINDS:
        raise _invalid("kind", "Not a kind of the publicity plan.", "activity_kind_unknown")
    if as_utc(ends_at) <= as_utc(starts_at):
        raise _invalid("ends_at", "The end must be after the start.", "ended_before_started")
    if as_utc(ends_at) - as_utc(starts_at) > MAX_WINDOW:
        raise _invalid("ends_at", "An activity lasts at most 14 days.", "window_too_long")
    activity = Activity(
        station_id=station.id,
        title=title,
        kind=kind,
        place=place,
        description=description,
        starts_at=as_utc(starts_at),
        ends_at=as_utc(ends_at),
        capacity=capacity,
        min_presence_percent=min_presence_percent,
        created_by_id=author.id,
    )
    db.session.add(activity)
    db.session.flush()
    entrances.create_entrance(
        kind=EntranceKind.ACTIVITY, target_id=activity.id, station_id=station.id
    )
    return activity


def get_activity(activity_id: int, *, lock: bool = False) -> Activity:
    statement = select(Activity).where(Activity.id == activity_id)
    activity = db.session.scalar(statement.with_for_update() if lock else statement)
    if activity is None:
        raise NotFound("No such activity.", code="activity_not_found")
    return activity


def list_activities(
    *,
    station_id: int | None = None,
    association_id: int | None = None,
    kind: str | None = None,
    starts_after: datetime | None = None,
    starts_before: datetime | None = None,
):
    """A select of activities, soonest first."""
    statement = select(Activity)
    if station_id:
        statement = statement.where(Activity.station_id == station_id)
    if association_id:
        statement = statement.join(Station, Station.id == Activity.station_id).where(
            Station.association_id == association_id
        )
    if kind:
        statement = statement.where(Activity.kind == kind)
    if starts_after:
        statement = statement.where(Activity.starts_at >= as_utc(starts_after))
    if starts_before:
        statement = statement.where(Activity.starts_at < as_utc(starts_before))
    return statement.order_by(Activity.starts_at, Activity.id)


def signed_up_count(activity_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.count(ActivitySignup.id)).where(
                ActivitySignup.activity_id == activity_id,
                ActivitySignup.status == SignupStatus.SIGNED_UP,
            )
        )
    )


def check_in_scene(activity_id: int) -> str | None:
    entrance = entrances.current_entrance(kind=EntranceKind.ACTIVITY, target_id=activity_id)
    return entrance.scene if entrance else None


def _signup_of(activity_id: int, user_id: int, *, lock: bool = True) -> ActivitySignup | None:
    statement = select(ActivitySignup).where(
        ActivitySignup.activity_id == activity_id, ActivitySignup.user_id == user_id
    )
    return db.session.scalar(statement.with_for_update() if lock else statement)


@use_case
def sign_up(*, activity_id: int, user: User, now: datetime | None = None) -> ActivitySignup:
    """Sign a volunteer up, within capacity and not overlapping their other sign-ups. The
    activity row is locked so that two last-place sign-ups cannot both get in. Commits."""
    now = now or utcnow()
    volunteers.require_volunteer(user)
    activity = get_activity(activity_id, lock=True)
    if activity.ends_at <= as_utc(now):
        raise ActivityEnded()
    signup = _signup_of(activity.id, user.id)
    if signup is not None and signup.status == SignupStatus.SIGNED_UP:
        raise Conflict("You are already signed up.", code="already_signed_up")
    if signed_up_count(activity.id) >= activity.capacity:
        raise Conflict("This activity is full.", code="activity_full")
    clash = db.session.scalar(
        select(Activity)
        .join(ActivitySignup, ActivitySignup.activity_id == Activity.id)
        .where(
            ActivitySignup.user_id == user.id,
            ActivitySignup.status == SignupStatus.SIGNED_UP,
            Activity.id != activity.id,
            Activity.starts_at < activity.ends_at,
            Activity.ends_at > activity.starts_at,
        )
    )
    if clash is not None:
        raise Conflict(
            "You are signed up for another activity at that time.",
            code="signup_overlaps",
            details={"activity_id": clash.id},
        )
    if signup is None:
        signup = ActivitySignup(activity_id=activity.id, user_id=user.id)
        db.session.add(signup)
    signup.status = SignupStatus.SIGNED_UP
    signup.signed_up_at = now
    signup.cancelled_at = None
    return signup


@use_case
def cancel_signup(*, activity_id: int, user: User) -> ActivitySignup:
    """Cancel before checking in; the place is freed. Commits."""
    get_activity(activity_id, lock=True)
    signup = _signup_of(activity_id, user.id)
    if signup is None or signup.status != SignupStatus.SIGNED_UP:
        raise NotFound("You are not signed up for this activity.", code="signup_not_found")
    if signup.checked_in_at is not None:
        raise AlreadyCheckedIn()
    signup.status = SignupStatus.CANCELLED
    signup.cancelled_at = utcnow()
    return signup


def _check_scene(activity: Activity, scene: str) -> None:
    """The scanned scene must be the activity's current check-in code: presence is proven by
    being where the code is printed, never by knowing an activity id."""
    entrance = entrances.resolve(scene)
    if entrance.kind != EntranceKind.ACTIVITY or entrance.target_id != activity.id:
        raise BadRequest(
            "This code belongs to another place or activity.",
            code="scene_mismatch",
            details={"fields": {"scene": ["Not this activity's check-in code."]}},
        )


def _check_in_step(
    activity: Activity, *, user_id: int, now: datetime, by: User | None
) -> ActivitySignup:
    signup = _signup_of(activity.id, user_id)
    if signup is None or signup.status != SignupStatus.SIGNED_UP:
        raise NotSignedUp("Sign up for this activity first.")
    if signup.checked_in_at is not None:
        raise AlreadyCheckedIn()
    if now < activity.starts_at - CHECK_IN_OPENS_BEFORE:
        raise Conflict("Check-in opens 30 minutes before the start.", code="check_in_not_open")
    if now >= activity.ends_at:
        raise ActivityEnded()
    signup.checked_in_at = now
    signup.checked_in_by_id = by.id if by else None
    db.session.flush()
    return signup


@use_case
def check_in(
    *, activity_id: int, user: User, scene: str, now: datetime | None = None
) -> ActivitySignup:
    """Record arrival on site: the scanned scene must be this activity's current code. Commits."""
    now = as_utc(now or utcnow())
    activity = get_activity(activity_id)
    _check_scene(activity, scene)
    signup = _check_in_step(activity, user_id=user.id, now=now, by=None)
    return signup


def _not_own_attendance(admin: User, user_id: int) -> None:
    if admin.id == user_id:
        raise Forbidden(
            "Check yourself in and out by scanning the activity's code.", code="own_attendance"
        )


@use_case
def check_in_by_admin(
    *, activity_id: int, user_id: int, admin: User, now: datetime | None = None
) -> ActivitySignup:
    """A station admin checks a signed-up volunteer in by hand (no phone, no camera); the
    sign-up records who did it. The caller checks that `admin` administers the station.
    Commits."""
    _not_own_attendance(admin, user_id)
    now = as_utc(now or utcnow())
    activity = get_activity(activity_id)
    signup = _check_in_step(activity, user_id=user_id, now=now, by=admin)
    return signup


def _close_attendance(
    signup: ActivitySignup, activity: Activity, checked_out_at: datetime, by: User | None = None
) -> ServiceHourRecord | None:
    """Set the check-out and, when presence earns minutes, add a pending record (authored by the
    admin who checked the volunteer out by hand, if one did). Flushes."""
    signup.checked_out_at = checked_out_at
    signup.checked_out_by_id = by.id if by else None
    minutes, start, end = presence_in_window(
        window_start=activity.starts_at,
        window_end=activity.ends_at,
        checked_in_at=signup.checked_in_at,
        checked_out_at=checked_out_at,
        min_presence_percent=activity.min_presence_percent,
    )
    if minutes == 0:
        db.session.flush()
        return None
    record = hours.add_record(
        user_id=signup.user_id,
        station_id=activity.station_id,
        activity_id=activity.id,
        source=HourSource.ATTENDANCE,
        started_at=start,
        ended_at=end,
        minutes=minutes,
        description=activity.title,
        created_by_id=by.id if by else signup.user_id,
    )
    signup.hour_record_id = record.id
    db.session.flush()
    return record


def _check_out_step(
    activity: Activity, *, user_id: int, now: datetime, by: User | None
) -> ActivitySignup:
    signup = _signup_of(activity.id, user_id)
    if signup is None or signup.checked_in_at is None:
        raise Conflict("Check in first.", code="not_checked_in")
    if signup.checked_out_at is not None:
        raise Conflict("You have already checked out.", code="already_checked_out")
    _close_attendance(signup, activity, max(now, signup.checked_in_at), by=by)
    return signup


@use_case
def check_out(
    *, activity_id: int, user: User, scene: str, now: datetime | None = None
) -> ActivitySignup:
    """Record leaving on site (the scanned scene must be this activity's current code);
    presence clipped to the window becomes a pending hour record when it covers the activity's
    presence share. Commits."""
    now = as_utc(now or utcnow())
    activity = get_activity(activity_id)
    _check_scene(activity, scene)
    signup = _check_out_step(activity, user_id=user.id, now=now, by=None)
    return signup


@use_case
def check_out_by_admin(
    *, activity_id: int, user_id: int, admin: User, now: datetime | None = None
) -> ActivitySignup:
    """A station admin checks a volunteer out by hand; the sign-up and the pending hour record
    name the admin, so another admin verifies it (maker-checker). Commits."""
    _not_own_attendance(admin, user_id)
    now = as_utc(now or utcnow())
    activity = get_activity(activity_id)
    signup = _check_out_step(activity, user_id=user_id, now=now, by=admin)
    return signup


@use_case
def close_forgotten_checkouts(now: datetime | None = None) -> int:
    """Check out everyone still checked in to an activity that has ended, at the window's end,
    so a forgotten check-out never runs on. Running it again changes nothing. Commits."""
    now = as_utc(now or utcnow())
    open_signups = db.session.scalars(
        select(ActivitySignup)
        .join(Activity, Activity.id == ActivitySignup.activity_id)
        .where(
            ActivitySignup.checked_in_at.is_not(None),
            ActivitySignup.checked_out_at.is_(None),
            Activity.ends_at <= now,
        )
        .order_by(ActivitySignup.id)
        .with_for_update(skip_locked=True)
    ).all()
    for signup in open_signups:
        activity = db.session.get(Activity, signup.activity_id)
        signup.auto_checked_out = True
        _close_attendance(signup, activity, max(activity.ends_at, signup.checked_in_at))
    return len(open_signups)


@use_case
def bulk_log(
    *, activity_id: int, author: User, user_ids: list[int] | None = None, minutes: int | None = None
) -> dict:
    """A station admin logs the activity's window (or `minutes` of it) for its signed-up
    attendees in one step; anyone who already has live hours for it or at that time is skipped
    with a reason. Records stay pending for another admin to verify. Commits."""
    activity = get_activity(activity_id, lock=True)
    window = minutes_between(activity.starts_at, activity.ends_at)
    if minutes is not None and minutes > window:
        raise _invalid("minutes", "Cannot exceed the activity's window.", "minutes_exceed_span")
    if activity.starts_at >= utcnow():
        raise Conflict("The activity has not started yet.", code="activity_not_started")
    signups = {
        s.user_id: s
        for s in db.session.scalars(
            select(ActivitySignup).where(
                ActivitySignup.activity_id == activity.id,
                ActivitySignup.status == SignupStatus.SIGNED_UP,
            )
        )
    }
    wanted = list(dict.fromkeys(user_ids)) if user_ids else sorted(signups)
    created, skipped = [], []
    for user_id in wanted:
        if user_id not in signups:
            skipped.append({"user_id": user_id, "reason": "not_signed_up"})
            continue
        hours.lock_volunteer(user_id)
        if hours.find_overlap(
            user_id=user_id, started_at=activity.starts_at, ended_at=activity.ends_at
        ):
            skipped.append({"user_id": user_id, "reason": "hours_overlap"})
            continue
        record = hours.add_record(
            user_id=user_id,
            station_id=activity.station_id,
            activity_id=activity.id,
            source=HourSource.BULK,
            started_at=activity.starts_at,
            ended_at=activity.ends_at,
            minutes=window if minutes is None else minutes,
            description=activity.title,
            created_by_id=author.id,
        )
        created.append(record)
    return {"created": created, "skipped": skipped}


def activity_records(activity_id: int) -> list[ServiceHourRecord]:
    return db.session.scalars(
        select(ServiceHourRecord).where(
            ServiceHourRecord.activity_id == activity_id,
            ServiceHourRecord.status != HourStatus.REJECTED,
        )
    ).all()


@contrib.delete_hook
def cancel_open_signups(user: User) -> None:
    """A deleted account gives up its places in activities it has not checked in to and that
    have not ended, so it neither holds capacity nor counts as signed up. Flushes."""
    now = utcnow()
    open_signups = db.session.scalars(
        select(ActivitySignup)
        .join(Activity, Activity.id == ActivitySignup.activity_id)
        .where(
            ActivitySignup.user_id == user.id,
            ActivitySignup.status == SignupStatus.SIGNED_UP,
            ActivitySignup.checked_in_at.is_(None),
            Activity.ends_at > now,
        )
    ).all()
    for signup in open_signups:
        signup.status = SignupStatus.CANCELLED
        signup.cancelled_at = now
    db.session.flush()


def signups_of(activity_id: int) -> list[ActivitySignup]:
    return db.session.scalars(
        select(ActivitySignup)
        .where(ActivitySignup.activity_id == activity_id)
        .order_by(ActivitySignup.id)
    ).all()
