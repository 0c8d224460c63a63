"""Service-hour records: logging, maker-checker review, and corrections that never overwrite.

A record is *effective* when it is verified and no verified correction points at it; totals,
star levels and figures count effective records only."""

from datetime import datetime, timedelta

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import aliased

from app.core.auth import can_admin_station
from app.core.pagination import filtered_by_status
from app.core.time import as_utc, shanghai_date, utcnow
from app.core.transactions import use_case
from app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.extensions import db
from app.hours.arithmetic import minutes_between, overlaps
from app.hours.errors import RecordNotFound, RecordReviewed, RequestHandled
from app.hours.models import (
    CorrectionRequest,
    CorrectionRequestStatus,
    HourSource,
    HourStatus,
    ServiceHourRecord,
)
from app.notifications.service import notify
from app.stations.models import Station
from app.users.models import User
from app.volunteers import service as volunteers
from app.volunteers.models import VolunteerProfile
from app.volunteers.uploads import store_image

MAX_RECORD_SPAN = timedelta(hours=24)
# Clocks on phones drift; a record may end this far "in the future".
CLOCK_SKEW = timedelta(minutes=5)


def _field_error(field: str, message: str, code: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, details={"fields": {field: [message]}})


def check_span(started_at: datetime, ended_at: datetime, *, now: datetime) -> None:
    """422 unless started < ended, the span is at most 24 h and it has not ended in the future."""
    if as_utc(ended_at) <= as_utc(started_at):
        raise _field_error("ended_at", "The end must be after the start.", "ended_before_started")
    if as_utc(ended_at) - as_utc(started_at) > MAX_RECORD_SPAN:
        raise _field_error("ended_at", "One record covers at most 24 hours.", "span_too_long")
    if as_utc(ended_at) > as_utc(now) + CLOCK_SKEW:
        raise _field_error("ended_at", "Hours cannot be logged in advance.", "ends_in_future")


def superseded_clause(record=ServiceHourRecord):
    correction = aliased(ServiceHourRecord)
    return exists().where(
        correction.corrects_id == record.id, correction.status == HourStatus.VERIFIED
    )


def effective_clause(record=ServiceHourRecord):
    return and_(record.status == HourStatus.VERIFIED, ~superseded_clause(record))


def is_superseded(record_id: int) -> bool:
    return (
        db.session.scalar(
            select(ServiceHourRecord.id)
            .where(
                ServiceHourRecord.corrects_id == record_id,
                ServiceHourRecord.status == HourStatus.VERIFIED,
            )
            .limit(1)
        )
        is not None
    )


def lock_volunteer(user_id: int) -> VolunteerProfile:
    """Serialises one volunteer's hour logging, so two concurrent logs cannot both pass the
    overlap check."""
    return db.session.scalar(
        select(VolunteerProfile).where(VolunteerProfile.user_id == user_id).with_for_update()
    )


def find_overlap(
    *, user_id: int, started_at: datetime, ended_at: datetime
) -> ServiceHourRecord | None:
    """A live (pending or effective) record of the user sharing time with the span."""
    candidates = db.session.scalars(
        select(ServiceHourRecord).where(
            ServiceHourRecord.user_id == user_id,
            ServiceHourRecord.status != HourStatus.REJECTED,
            ServiceHourRecord.started_at < as_utc(ended_at),
            ServiceHourRecord.ended_at > as_utc(started_at),
            ~superseded_clause(),
        )
    ).all()
    return next(
        (r for r in candidates if overlaps(r.started_at, r.ended_at, started_at, ended_at)), None
    )


def add_record(**values) -> ServiceHourRecord:
    """Insert a pending record. Flushes."""
    record = ServiceHourRecord(status=HourStatus.PENDING, **values)
    db.session.add(record)
    db.session.flush()
    return record


@use_case
def log_manual_hours(
    *,
    user: User,
    started_at: datetime,
    ended_at: datetime,
    description: str,
    evidence_text: str | None = None,
    now: datetime | None = None,
) -> ServiceHourRecord:
    """A volunteer logs work done outside a recorded activity, for their home station to verify.
    Refuses spans that overlap their other live records. Commits."""
    now = now or utcnow()
    volunteers.require_volunteer(user)
    check_span(started_at, ended_at, now=now)
    profile = lock_volunteer(user.id)
    clash = find_overlap(user_id=user.id, started_at=started_at, ended_at=ended_at)
    if clash is not None:
        db.session.rollback()
        raise Conflict(
            "These hours overlap another of your records.",
            code="hours_overlap",
            details={"record_id": clash.id},
        )
    record = add_record(
        user_id=user.id,
        station_id=profile.home_station_id,
        source=HourSource.MANUAL,
        started_at=as_utc(started_at),
        ended_at=as_utc(ended_at),
        minutes=minutes_between(started_at, ended_at),
        description=description,
        evidence_text=evidence_text,
        created_by_id=user.id,
    )
    return record


def get_record(record_id: int, *, lock: bool = False) -> ServiceHourRecord:
    statement = select(ServiceHourRecord).where(ServiceHourRecord.id == record_id)
    record = db.session.scalar(statement.with_for_update() if lock else statement)
    if record is None:
        raise RecordNotFound()
    return record


def check_reviewer(record: ServiceHourRecord, reviewer: User) -> None:
    """Maker-checker: an admin of the record's station who is neither its volunteer nor its
    author."""
    if not can_admin_station(reviewer, db.session.get(Station, record.station_id)):
        raise Forbidden("You are not an admin of this record's station.")
    if record.user_id == reviewer.id:
        raise Forbidden("Nobody verifies their own hours.", code="own_hours")
    if record.created_by_id == reviewer.id:
        raise Forbidden(
            "The admin who entered a record cannot also verify it.", code="maker_checker"
        )


def _pending_for_review(record_id: int, reviewer: User) -> ServiceHourRecord:
    record = get_record(record_id, lock=True)
    check_reviewer(record, reviewer)
    if record.status != HourStatus.PENDING:
        raise RecordReviewed(details={"status": record.status})
    return record


@use_case
def verify_record(*, record_id: int, reviewer: User) -> ServiceHourRecord:
    """Verify a pending record; a correction may only replace a record nothing else has
    replaced yet. Commits."""
    record = _pending_for_review(record_id, reviewer)
    if record.corrects_id is not None:
        target = get_record(record.corrects_id, lock=True)
        if is_superseded(target.id):
            raise Conflict("The record was corrected meanwhile.", code="correction_stale")
    record.status = HourStatus.VERIFIED
    record.reviewed_by_id = reviewer.id
    record.reviewed_at = utcnow()
    _notify_verified(record)
    return record


def _notify_verified(record: ServiceHourRecord) -> None:
    # Minutes and the day only: nothing that identifies the volunteer travels in the message.

    notify(
        user_id=record.user_id,
        event="hours_verified",
        data={
            "thing1": "志愿服务时长",
            "number2": str(record.minutes),
            "date3": shanghai_date(record.started_at).isoformat(),
        },
        page="pages/volunteer/hours/index",
    )


@use_case
def reject_record(*, record_id: int, reviewer: User, reason: str) -> ServiceHourRecord:
    """Reject a pending record with a reason. Commits."""
    record = _pending_for_review(record_id, reviewer)
    record.status = HourStatus.REJECTED
    record.reviewed_by_id = reviewer.id
    record.reviewed_at = utcnow()
    record.reject_reason = reason
    return record


def _correctable(record: ServiceHourRecord) -> None:
    if record.status != HourStatus.VERIFIED:
        raise Conflict(
            "Only verified records are corrected; review a pending one instead.",
            code="record_not_verified",
        )
    if is_superseded(record.id):
        raise Conflict(
            "This record was already replaced; correct the latest record of its chain.",
            code="record_superseded",
        )


@use_case
def correct_record(
    *,
    record_id: int,
    author: User,
    started_at: datetime,
    ended_at: datetime,
    reason: str,
    minutes: int | None = None,
    request_id: int | None = None,
    now: datetime | None = None,
) -> ServiceHourRecord:
    """A station admin files a correction: a new pending record linked to the verified one, with
    reason and author. The original is left as it is. Commits."""
    record = get_record(record_id, lock=True)
    if not can_admin_station(author, db.session.get(Station, record.station_id)):
        raise Forbidden("You are not an admin of this record's station.")
    _correctable(record)
    check_span(started_at, ended_at, now=now or utcnow())
    span = minutes_between(started_at, ended_at)
    if minutes is not None and minutes > span:
        raise _field_error("minutes", "Cannot exceed the span.", "minutes_exceed_span")
    pending = db.session.scalar(
        select(ServiceHourRecord.id).where(
            ServiceHourRecord.corrects_id == record.id,
            ServiceHourRecord.status == HourStatus.PENDING,
        )
    )
    if pending is not None:
        raise Conflict(
            "A correction of this record is waiting for review.",
            code="correction_pending",
            details={"record_id": pending},
        )
    request = None
    if request_id is not None:
        request = db.session.get(CorrectionRequest, request_id)
        if request is None or request.record_id != record.id:
            raise _field_error("request_id", "Not a request about this record.", "bad_request_id")
        if request.status != CorrectionRequestStatus.OPEN:
            raise RequestHandled()
    correction = add_record(
        user_id=record.user_id,
        station_id=record.station_id,
        activity_id=record.activity_id,
        source=HourSource.CORRECTION,
        started_at=as_utc(started_at),
        ended_at=as_utc(ended_at),
        minutes=span if minutes is None else minutes,
        description=record.description,
        evidence_text=record.evidence_text,
        created_by_id=author.id,
        corrects_id=record.id,
        correction_reason=reason,
    )
    if request is not None:
        request.status = CorrectionRequestStatus.RESOLVED
        request.resolved_by_id = author.id
        request.resolved_at = utcnow()
        request.correction_id = correction.id
    return correction


@use_case
def request_correction(
    *,
    record_id: int,
    user: User,
    reason: str,
    proposed_started_at: datetime | None = None,
    proposed_ended_at: datetime | None = None,
) -> CorrectionRequest:
    """A volunteer asks their station to correct one of their verified records. Commits."""
    record = get_record(record_id, lock=True)
    if record.user_id != user.id:
        raise RecordNotFound()
    _correctable(record)
    if proposed_started_at and proposed_ended_at:
        check_span(proposed_started_at, proposed_ended_at, now=utcnow())
    open_request = db.session.scalar(
        select(CorrectionRequest.id).where(
            CorrectionRequest.record_id == record.id,
            CorrectionRequest.status == CorrectionRequestStatus.OPEN,
        )
    )
    if open_request is not None:
        raise Conflict("You already asked to correct this record.", code="request_open")
    request = CorrectionRequest(
        record_id=record.id,
        user_id=user.id,
        station_id=record.station_id,
        reason=reason,
        proposed_started_at=proposed_started_at,
        proposed_ended_at=proposed_ended_at,
    )
    db.session.add(request)
    return request


@use_case
def decline_correction_request(
    *, request_id: int, reviewer: User, reason: str
) -> CorrectionRequest:
    """A station admin declines a volunteer's correction request with a reason. Commits."""
    request = db.session.scalar(
        select(CorrectionRequest).where(CorrectionRequest.id == request_id).with_for_update()
    )
    if request is None:
        raise NotFound("No such correction request.", code="request_not_found")
    if not can_admin_station(reviewer, db.session.get(Station, request.station_id)):
        raise Forbidden("You are not an admin of this station.")
    if request.status != CorrectionRequestStatus.OPEN:
        raise RequestHandled()
    request.status = CorrectionRequestStatus.DECLINED
    request.resolved_by_id = reviewer.id
    request.resolved_at = utcnow()
    request.decline_reason = reason
    return request


def station_requests(*, station_id: int, status: str | None):
    return filtered_by_status(
        CorrectionRequest,
        CorrectionRequest.station_id == station_id,
        status=status,
        order_by=(CorrectionRequest.id.desc(),),
    )


def user_records(*, user_id: int, status: str | None = None):
    return filtered_by_status(
        ServiceHourRecord,
        ServiceHourRecord.user_id == user_id,
        status=status,
        order_by=(ServiceHourRecord.started_at.desc(), ServiceHourRecord.id.desc()),
    )


def station_records(*, station_id: int, status: str | None = None):
    return filtered_by_status(
        ServiceHourRecord,
        ServiceHourRecord.station_id == station_id,
        status=status,
        order_by=(ServiceHourRecord.id.desc(),),
    )


def volunteer_names(user_ids: set[int]) -> dict[int, str]:
    """{user id: the name a reviewer knows them by}: the volunteer's real name from their
    profile, else their nickname. Shown only to the record's volunteer and the station's admins,
    who saw the real name when they approved the application."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(User.id, VolunteerProfile.real_name, User.nickname)
        .outerjoin(VolunteerProfile, VolunteerProfile.user_id == User.id)
        .where(User.id.in_(user_ids))
    ).all()
    return {
        user_id: real_name or nickname
        for user_id, real_name, nickname in rows
        if real_name or nickname
    }


def superseded_by(record_ids: list[int]) -> dict[int, int]:
    """{record id: id of the verified correction replacing it}."""
    if not record_ids:
        return {}
    rows = db.session.execute(
        select(ServiceHourRecord.corrects_id, ServiceHourRecord.id).where(
            ServiceHourRecord.corrects_id.in_(record_ids),
            ServiceHourRecord.status == HourStatus.VERIFIED,
        )
    ).all()
    return {corrects: by for corrects, by in rows}


@use_case
def attach_evidence_image(*, record_id: int, user: User, data: bytes) -> ServiceHourRecord:
    """Attach a photo to the volunteer's own pending record, stored privately. Commits."""
    record = get_record(record_id, lock=True)
    if record.user_id != user.id:
        raise RecordNotFound()
    if record.status != HourStatus.PENDING:
        raise RecordReviewed("Only pending records take evidence.")
    record.evidence_image_file, _ = store_image("evidence", data)
    return record
