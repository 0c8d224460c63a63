"""Filing help requests and moving them through submitted → accepted → (referred →) closed.
Every step is one conditional UPDATE on the status it was read in, so two handlers acting at once
act once, and every step writes one event row in the same transaction."""

from flask import current_app
from sqlalchemy import func, select, update

from app.core import contrib
from app.core.pagination import filtered_by_status
from app.core.ratelimit import hit
from app.core.time import to_shanghai, utcnow
from app.core.transactions import use_case
from app.errors import Conflict, Forbidden, RateLimited, ValidationFailed
from app.extensions import db
from app.help.access import handles
from app.help.errors import HelpRequestNotFound, NotHelpHandler
from app.help.models import (
    HelpAction,
    HelpCategory,
    HelpRequest,
    HelpRequestEvent,
    HelpStatus,
    ReferralTarget,
)
from app.notifications.models import NotificationEvent
from app.notifications.service import notify
from app.stations.models import Station, StationStatus
from app.users.models import User
from app.volunteers.uploads import store_image

# Which statuses each action may start from.
ALLOWED_FROM = {
    HelpAction.ACCEPTED: (HelpStatus.SUBMITTED,),
    HelpAction.REFERRED: (HelpStatus.ACCEPTED,),
    HelpAction.CLOSED: (HelpStatus.ACCEPTED, HelpStatus.REFERRED),
    HelpAction.ASSIGNED: (HelpStatus.SUBMITTED,),
}
TO_STATUS = {
    HelpAction.ACCEPTED: HelpStatus.ACCEPTED,
    HelpAction.REFERRED: HelpStatus.REFERRED,
    HelpAction.CLOSED: HelpStatus.CLOSED,
    HelpAction.ASSIGNED: HelpStatus.SUBMITTED,
}


def _field_error(field: str, message: str, code: str) -> ValidationFailed:
    return ValidationFailed(
        "Some fields are not valid.",
        code=code,
        details={"location": "json", "fields": {field: [message]}},
    )


def _station_for(*, reporter: User, station_id: int | None) -> int | None:
    """The named station (must exist and be active); else the reporter's first station if it is
    active; else None, the unassigned queue."""
    if station_id is not None:
        station = db.session.get(Station, station_id)
        if station is None:
            raise _field_error("station_id", "No such station.", "station_not_found")
        if station.status != StationStatus.ACTIVE:
            raise _field_error(
                "station_id", "This station is suspended; leave it out.", "station_inactive"
            )
        return station.id
    if reporter.first_station_id is not None:
        station = db.session.get(Station, reporter.first_station_id)
        if station is not None and station.status == StationStatus.ACTIVE:
            return station.id
    return None


def file_request(
    *,
    reporter: User,
    category: HelpCategory,
    description: str,
    station_id: int | None = None,
    contact_phone: str | None = None,
    evidence_urls: list[str] | None = None,
) -> HelpRequest:
    """File a request at a station (or the unassigned queue). Not content-checked: only handlers
    read it, and a fraud report must be able to quote the fraud. Commits."""
    limit = current_app.config["HELP_REQUEST_RATE_LIMIT"]
    if current_app.config["RATELIMIT_ENABLED"] and not hit(limit, "help_request", str(reporter.id)):
        raise RateLimited("Too many reports in a short time; try again later.")
    return add_request(
        reporter=reporter,
        category=category,
        description=description,
        station_id=station_id,
        contact_phone=contact_phone,
        evidence_urls=evidence_urls,
    )


@use_case
def add_request(
    *,
    reporter: User,
    category: HelpCategory,
    description: str,
    station_id: int | None,
    contact_phone: str | None,
    evidence_urls: list[str] | None,
) -> HelpRequest:
    """The unit of work of file_request: the request and its first event."""
    row = HelpRequest(
        reporter_id=reporter.id,
        station_id=_station_for(reporter=reporter, station_id=station_id),
        category=category,
        description=description,
        evidence_urls=evidence_urls or [],
        contact_phone=contact_phone,
        status=HelpStatus.SUBMITTED,
    )
    db.session.add(row)
    db.session.flush()
    db.session.add(
        HelpRequestEvent(
            request_id=row.id,
            action=HelpAction.SUBMITTED,
            from_status=None,
            to_status=HelpStatus.SUBMITTED,
            actor_id=reporter.id,
        )
    )
    return row


def get_request(request_id: int) -> HelpRequest:
    row = db.session.get(HelpRequest, request_id)
    if row is None:
        raise HelpRequestNotFound()
    return row


def _act(
    *, request_id: int, actor: User, action: HelpAction, note: str | None, **values
) -> HelpRequest:
    """Move the request by `action` (see _transition), then read it back as committed."""
    row = _transition(request_id=request_id, actor=actor, action=action, note=note, **values)
    db.session.refresh(row)
    return row


# What the reporter's subscribe message says happened (the case and the reporter stay out of it).
PROGRESS_TEXT = {
    HelpAction.ACCEPTED: "已受理",
    HelpAction.REFERRED: "已转交相关部门",
    HelpAction.CLOSED: "已办结",
}
CATEGORY_TEXT = {
    HelpCategory.FRAUD: "电信网络诈骗",
    HelpCategory.HARMFUL_INFORMATION: "有害信息",
    HelpCategory.PERSONAL_INFORMATION_LEAK: "个人信息泄露",
    HelpCategory.CYBER_BULLYING: "网络暴力",
    HelpCategory.OTHER: "其他求助",
}


def _tell_reporter(row: HelpRequest, action: HelpAction) -> None:
    """Queue the reporter's subscribe message in the step's transaction (sent after commit)."""
    if row.reporter_id is None or action not in PROGRESS_TEXT:
        return
    notify(
        user_id=row.reporter_id,
        event=NotificationEvent.HELP_PROGRESS,
        data={
            "thing1": CATEGORY_TEXT.get(row.category, "求助举报"),
            "phrase2": PROGRESS_TEXT[action],
            "time3": to_shanghai(utcnow()).strftime("%Y-%m-%d %H:%M"),
        },
        page=f"pages/help/mine/index?id={row.id}",
    )


@use_case
def attach_evidence_image(*, request_id: int, user: User, data: bytes) -> HelpRequest:
    """Attach a photo to the reporter's own open request, stored privately. Commits."""
    row = db.session.get(HelpRequest, request_id, populate_existing=True)
    if row is None or row.reporter_id != user.id:
        raise HelpRequestNotFound()
    if row.status == HelpStatus.CLOSED:
        raise Conflict("The request is closed.", code="help_request_wrong_status")
    row.evidence_image_file, _ = store_image("help", data)
    return row


@use_case
def _transition(
    *, request_id: int, actor: User, action: HelpAction, note: str | None, **values
) -> HelpRequest:
    """The status moves only from the one it was read in; a concurrent move is a 409."""
    row = db.session.get(HelpRequest, request_id, populate_existing=True)
    if row is None:
        raise HelpRequestNotFound()
    if not handles(actor, row):
        raise NotHelpHandler()
    if row.reporter_id == actor.id:
        raise Forbidden("Nobody handles their own report.", code="own_help_request")
    observed = row.status
    if observed not in ALLOWED_FROM[action]:
        raise Conflict(
            f"A {observed} request cannot be {action}.",
            code="help_request_wrong_status",
            details={"status": observed, "allowed_from": list(ALLOWED_FROM[action])},
        )
    changed = db.session.execute(
        update(HelpRequest)
        .where(HelpRequest.id == row.id, HelpRequest.status == observed)
        .values(status=TO_STATUS[action], **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise Conflict(
            "Someone else acted on this request just now; reload it.",
            code="help_request_changed",
        )
    db.session.add(
        HelpRequestEvent(
            request_id=row.id,
            action=action,
            from_status=observed,
            to_status=TO_STATUS[action],
            actor_id=actor.id,
            note=note,
        )
    )
    _tell_reporter(row, action)
    return row


def accept_request(*, request_id: int, handler: User, note: str | None = None) -> HelpRequest:
    """submitted → accepted. Commits; a second handler at the same moment gets 409."""
    return _act(
        request_id=request_id,
        actor=handler,
        action=HelpAction.ACCEPTED,
        note=note,
        accepted_at=utcnow(),
    )


def refer_request(
    *, request_id: int, handler: User, to: ReferralTarget, note: str | None
) -> HelpRequest:
    """accepted → referred to the police, the 网信 office or another body. Commits."""
    return _act(
        request_id=request_id,
        actor=handler,
        action=HelpAction.REFERRED,
        note=note,
        referred_to=to,
        referral_note=note,
        referred_at=utcnow(),
    )


def close_request(*, request_id: int, handler: User, outcome: str) -> HelpRequest:
    """accepted or referred → closed with an outcome the reporter can read. Commits."""
    return _act(
        request_id=request_id,
        actor=handler,
        action=HelpAction.CLOSED,
        note=outcome,
        outcome=outcome,
        closed_at=utcnow(),
    )


def assign_request(
    *, request_id: int, handler: User, station_id: int, note: str | None = None
) -> HelpRequest:
    """Move a submitted request from the unassigned queue to a station. Commits."""
    station = db.session.get(Station, station_id)
    if station is None:
        raise _field_error("station_id", "No such station.", "station_not_found")
    return _act(
        request_id=request_id,
        actor=handler,
        action=HelpAction.ASSIGNED,
        note=note or f"assigned to station #{station.id}",
        station_id=station.id,
    )


def station_requests(*, station_id: int | None, status: str | None):
    """A select of a station's requests (None: the unassigned queue), newest first."""
    return filtered_by_status(
        HelpRequest,
        HelpRequest.station_id.is_(None)
        if station_id is None
        else HelpRequest.station_id == station_id,
        status=status,
        order_by=(HelpRequest.id.desc(),),
    )


def my_requests(*, user: User) -> list[HelpRequest]:
    return db.session.scalars(
        select(HelpRequest)
        .where(HelpRequest.reporter_id == user.id)
        .order_by(HelpRequest.id.desc())
    ).all()


def events_of(request_id: int) -> list[HelpRequestEvent]:
    return db.session.scalars(
        select(HelpRequestEvent)
        .where(HelpRequestEvent.request_id == request_id)
        .order_by(HelpRequestEvent.id)
    ).all()


def association_figures(*, association_id: int) -> dict:
    """Counts by category and status for each station of the association; no case, no reporter."""
    stations = db.session.scalars(
        select(Station).where(Station.association_id == association_id).order_by(Station.id)
    ).all()
    per_station = {
        s.id: {
            "station_id": s.id,
            "station_name": s.name,
            "total": 0,
            "by_status": {status.value: 0 for status in HelpStatus},
            "by_category": {category.value: 0 for category in HelpCategory},
        }
        for s in stations
    }
    totals = {
        "total": 0,
        "by_status": {status.value: 0 for status in HelpStatus},
        "by_category": {category.value: 0 for category in HelpCategory},
    }
    rows = db.session.execute(
        select(HelpRequest.station_id, HelpRequest.category, HelpRequest.status, func.count())
        .join(Station, Station.id == HelpRequest.station_id)
        .where(Station.association_id == association_id)
        .group_by(HelpRequest.station_id, HelpRequest.category, HelpRequest.status)
    ).all()
    for station_id, category, status, count in rows:
        for bucket in (per_station[station_id], totals):
            bucket["total"] += count
            bucket["by_status"][status] = bucket["by_status"].get(status, 0) + count
            bucket["by_category"][category] = bucket["by_category"].get(category, 0) + count
    return {"association_id": association_id, **totals, "stations": list(per_station.values())}


@contrib.export_section("help_requests")
def export_help_requests(user: User) -> list[dict]:
    """The user's own reports in full, with their status history (handlers not named)."""
    return [
        {
            "id": row.id,
            "station_id": row.station_id,
            "category": row.category,
            "description": row.description,
            "evidence_urls": row.evidence_urls or [],
            "contact_phone": row.contact_phone,
            "status": row.status,
            "referred_to": row.referred_to,
            "outcome": row.outcome,
            "created_at": row.created_at,
            "closed_at": row.closed_at,
            "history": [
                {"action": e.action, "to_status": e.to_status, "at": e.created_at}
                for e in events_of(row.id)
            ],
        }
        for row in my_requests(user=user)
    ]


@contrib.delete_hook
def deidentify_help_requests(user: User) -> None:
    """Erase the contact phone and the link to the reporter; the case stays as the station's
    record, de-identified (description and evidence are the case itself)."""
    now = utcnow()
    for row in my_requests(user=user):
        row.contact_phone = None
        row.reporter_id = None
        row.reporter_erased_at = now
        for event in events_of(row.id):
            if event.action == HelpAction.SUBMITTED and event.actor_id == user.id:
                event.actor_id = None
    db.session.flush()
