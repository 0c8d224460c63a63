"""Inspection use cases: checklist, recording, answering, deciding, closing, reminders."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, select

from app.audit.service import record
from app.core.time import shanghai_date, utcnow
from app.core.transactions import use_case
from app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.extensions import db
from app.inspections.access import answers_for, may_inspect
from app.inspections.models import (
    DEFAULT_CHECKLIST,
    ChecklistItem,
    Finding,
    FindingResponse,
    FindingStatus,
    Inspection,
    InspectionPhoto,
    InspectionStatus,
    ItemResult,
    ResponseDecision,
)
from app.notifications.service import notify
from app.stations.models import Station, StationStatus
from app.users import service as users
from app.users.models import Role, RoleGrant, User
from app.volunteers.uploads import store_image

PAGE = "pages/inspections/detail/index"
MAX_PHOTOS = 9  # what wx.chooseMedia offers at once


def today() -> date:
    return shanghai_date(utcnow())


def is_overdue(inspection: Inspection, *, on: date | None = None) -> bool:
    """Open, past its deadline, with a finding not yet accepted."""
    return (
        inspection.status == InspectionStatus.OPEN
        and inspection.rectify_by is not None
        and inspection.rectify_by < (on or today())
    )


def overdue_condition(on: date):
    return and_(
        Inspection.status == InspectionStatus.OPEN,
        Inspection.rectify_by.is_not(None),
        Inspection.rectify_by < on,
    )


# --- checklist -----------------------------------------------------------------------------


def checklist_step(association_id: int) -> list[ChecklistItem]:
    """The association's active checklist, seeded with the default lines on first use. Flushes."""
    items = db.session.scalars(
        select(ChecklistItem)
        .where(ChecklistItem.association_id == association_id, ChecklistItem.active.is_(True))
        .order_by(ChecklistItem.position, ChecklistItem.id)
    ).all()
    if items:
        return list(items)
    ever = db.session.scalar(
        select(ChecklistItem.id).where(ChecklistItem.association_id == association_id).limit(1)
    )
    if ever is not None:
        return []  # the association retired every line on purpose
    items = [
        ChecklistItem(association_id=association_id, title=title, position=position)
        for position, title in enumerate(DEFAULT_CHECKLIST)
    ]
    db.session.add_all(items)
    db.session.flush()
    return items


@use_case
def get_checklist(*, association_id: int) -> list[ChecklistItem]:
    """The association's checklist (seeded with the default six lines on first read)."""
    return checklist_step(association_id)


@use_case
def replace_checklist(
    *, actor: User, association_id: int, titles: list[str]
) -> list[ChecklistItem]:
    """Make `titles` the checklist, in order; lines no longer listed are retired, not deleted,
    so past inspections keep their wording."""
    if len(set(titles)) != len(titles):
        raise ValidationFailed(
            "Each checklist line appears once.",
            code="checklist_duplicate",
            details={"fields": {"items": ["Duplicate lines."]}},
        )
    existing = {
        item.title: item
        for item in db.session.scalars(
            select(ChecklistItem).where(ChecklistItem.association_id == association_id)
        )
    }
    for item in existing.values():
        item.active = False
    for position, title in enumerate(titles):
        item = existing.get(title)
        if item is None:
            item = ChecklistItem(association_id=association_id, title=title)
            db.session.add(item)
        item.active, item.position = True, position
    db.session.flush()
    record(
        actor_id=actor.id,
        action="inspection.checklist",
        target_type="association",
        target_id=association_id,
        association_id=association_id,
        after={"items": titles},
    )
    return checklist_step(association_id)


# --- inspectors ----------------------------------------------------------------------------


@use_case
def appoint_inspector(*, actor: User, association_id: int, user_id: int) -> RoleGrant:
    """Grant a user the inspector role for the association (once)."""
    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise NotFound("No such user.", code="user_not_found")
    grant = users.grant_role(
        user=user, role=Role.INSPECTOR, association_id=association_id, granted_by=actor
    )
    record(
        actor_id=actor.id,
        action="inspector.appoint",
        target_type="user",
        target_id=user.id,
        association_id=association_id,
        after={"role_grant_id": grant.id},
    )
    return grant


# --- recording -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemInput:
    item_id: int
    result: str
    note: str | None


def _check_text(user: User, text: str, field: str) -> str:
    """WeChat's text check: risky is refused; review/unavailable are recorded (the text is
    seen only by the inspection's people, never published)."""
    from app.core.wechat import wechat
    from app.wechat import WeChatError

    try:
        suggest = wechat().msg_sec_check(openid=user.openid, content=text)["suggest"]
    except WeChatError:
        return "unavailable"
    if suggest == "risky":
        raise ValidationFailed(
            "This text did not pass the content check.",
            code="content_risky",
            details={"fields": {field: ["Refused by the content security check."]}},
        )
    return suggest if suggest in ("pass", "review") else "review"


def station_admin_ids(station: Station) -> list[int]:
    return list(
        db.session.scalars(
            select(RoleGrant.user_id).where(
                RoleGrant.role == Role.STATION_ADMIN,
                RoleGrant.station_id == station.id,
                RoleGrant.revoked_at.is_(None),
            )
        )
    )


@use_case
def record_inspection(
    *,
    inspector: User,
    station: Station,
    inspected_on: date,
    rectify_by: date | None = None,
    summary: str | None = None,
    items: list[dict],
) -> Inspection:
    """Record an inspection against the association's checklist: every active line once, ok or
    a finding with a note; findings need a deadline on or after the inspection day. The
    station's admins get a subscribe message once this commits."""
    if not may_inspect(inspector, station.association_id):
        raise Forbidden("Only the association's inspectors inspect this station.")
    if station.status != StationStatus.ACTIVE:
        raise Conflict("The station is suspended.", code="station_suspended")
    checklist = {item.id: item for item in checklist_step(station.association_id)}
    given = [ItemInput(i["item_id"], i["result"], i.get("note")) for i in items]
    problems = {}
    ids = [i.item_id for i in given]
    if sorted(ids) != sorted(checklist) or len(set(ids)) != len(ids):
        problems["items"] = [
            "Give every active checklist line exactly once: " + ", ".join(map(str, checklist))
        ]
    for index, entry in enumerate(given):
        if entry.result == ItemResult.FINDING and not entry.note:
            problems[f"items.{index}.note"] = ["A finding needs a note."]
    has_findings = any(entry.result == ItemResult.FINDING for entry in given)
    if has_findings and rectify_by is None:
        problems["rectify_by"] = ["Findings need a rectification deadline."]
    if rectify_by is not None and rectify_by < inspected_on:
        problems["rectify_by"] = ["The deadline is on or after the inspection day."]
    if inspected_on > today():
        problems["inspected_on"] = ["An inspection is recorded on or after its day."]
    if problems:
        raise ValidationFailed(
            "The inspection is incomplete.", code="inspection_invalid", details={"fields": problems}
        )
    inspection = Inspection(
        station_id=station.id,
        association_id=station.association_id,
        inspector_id=inspector.id,
        inspected_on=inspected_on,
        rectify_by=rectify_by if has_findings else None,
        summary=summary or None,
        status=InspectionStatus.OPEN if has_findings else InspectionStatus.CLOSED,
    )
    if not has_findings:
        inspection.closed_at, inspection.closed_by_id = utcnow(), inspector.id
    db.session.add(inspection)
    db.session.flush()
    for position, entry in enumerate(sorted(given, key=lambda e: checklist[e.item_id].position)):
        finding = entry.result == ItemResult.FINDING
        db.session.add(
            Finding(
                inspection_id=inspection.id,
                position=position,
                item_title=checklist[entry.item_id].title,
                result=entry.result,
                note=entry.note or None,
                note_check=_check_text(inspector, entry.note, "note") if entry.note else None,
                status=FindingStatus.OPEN if finding else FindingStatus.OK,
            )
        )
    db.session.flush()
    db.session.expire(inspection, ["findings"])
    record(
        actor_id=inspector.id,
        action="inspection.record",
        target_type="inspection",
        target_id=inspection.id,
        association_id=station.association_id,
        station_id=station.id,
        after={"findings": sum(1 for e in given if e.result == ItemResult.FINDING)},
    )
    for user_id in station_admin_ids(station):
        notify(
            user_id=user_id,
            event="inspection_recorded",
            data={
                "thing1": station.name[:20],
                "date2": (rectify_by or inspected_on).isoformat(),
            },
            page=f"{PAGE}?id={inspection.id}",
        )
    return inspection


def get_inspection(inspection_id: int, *, lock: bool = False) -> Inspection:
    statement = select(Inspection).where(Inspection.id == inspection_id)
    inspection = db.session.scalar(statement.with_for_update() if lock else statement)
    if inspection is None:
        raise NotFound("No such inspection.", code="inspection_not_found")
    return inspection


def get_finding(finding_id: int, *, lock: bool = False) -> Finding:
    statement = select(Finding).where(Finding.id == finding_id)
    finding = db.session.scalar(statement.with_for_update() if lock else statement)
    if finding is None:
        raise NotFound("No such finding.", code="finding_not_found")
    return finding


# --- answering and deciding ----------------------------------------------------------------


@use_case
def answer_finding(*, user: User, finding_id: int, text: str) -> FindingResponse:
    """The station's answer to an open or returned finding; 409 while an answer waits or once
    accepted. Appends, never replaces."""
    finding = get_finding(finding_id, lock=True)
    inspection = get_inspection(finding.inspection_id)
    station = db.session.get(Station, inspection.station_id)
    if not answers_for(user, station):
        raise Forbidden("Only the station's admins answer its findings.")
    if finding.status not in (FindingStatus.OPEN, FindingStatus.RETURNED):
        raise Conflict(
            f"This finding is {finding.status}; it takes no answer now.", code="finding_not_open"
        )
    response = FindingResponse(
        finding_id=finding.id,
        author_id=user.id,
        text=text,
        text_check=_check_text(user, text, "text"),
    )
    db.session.add(response)
    finding.status = FindingStatus.ANSWERED
    db.session.flush()
    db.session.expire(finding, ["responses"])
    return response


@use_case
def decide_response(*, user: User, finding_id: int, accept: bool, reason: str | None) -> Finding:
    """Accept or return the finding's pending answer (409 if none waits); a returned answer
    stays in the record and the station answers again."""
    finding = get_finding(finding_id, lock=True)
    inspection = get_inspection(finding.inspection_id)
    if not may_inspect(user, inspection.association_id):
        raise Forbidden("Only the association's inspectors decide on answers.")
    if finding.status != FindingStatus.ANSWERED:
        raise Conflict("No answer waits for a decision.", code="no_pending_answer")
    if not accept and not reason:
        raise ValidationFailed(
            "Say why the answer is returned.",
            code="reason_required",
            details={"fields": {"reason": ["Required when returning."]}},
        )
    pending = finding.responses[-1]
    pending.decision = ResponseDecision.ACCEPTED if accept else ResponseDecision.RETURNED
    pending.decided_by_id, pending.decided_at = user.id, utcnow()
    pending.decision_reason = reason or None
    finding.status = FindingStatus.ACCEPTED if accept else FindingStatus.RETURNED
    db.session.flush()
    return finding


@use_case
def close_inspection(*, user: User, inspection_id: int) -> Inspection:
    """Close the inspection once every finding is accepted (409 otherwise, listing the rest)."""
    inspection = get_inspection(inspection_id, lock=True)
    if not may_inspect(user, inspection.association_id):
        raise Forbidden("Only the association's inspectors close inspections.")
    if inspection.status == InspectionStatus.CLOSED:
        raise Conflict("The inspection is already closed.", code="inspection_closed")
    waiting = [
        f.id
        for f in inspection.findings
        if f.status not in (FindingStatus.OK, FindingStatus.ACCEPTED)
    ]
    if waiting:
        raise Conflict(
            "Every finding must be accepted first.",
            code="findings_unaccepted",
            details={"finding_ids": waiting},
        )
    inspection.status = InspectionStatus.CLOSED
    inspection.closed_at, inspection.closed_by_id = utcnow(), user.id
    db.session.flush()
    record(
        actor_id=user.id,
        action="inspection.close",
        target_type="inspection",
        target_id=inspection.id,
        association_id=inspection.association_id,
        station_id=inspection.station_id,
    )
    return inspection


# --- photos --------------------------------------------------------------------------------


@use_case
def attach_photo(*, user: User, finding_id: int, data: bytes) -> InspectionPhoto:
    """A photo of the finding (by its inspector side, while open) or of the station's latest
    pending answer (by the station); stored privately like hours evidence."""
    finding = get_finding(finding_id, lock=True)
    inspection = get_inspection(finding.inspection_id)
    station = db.session.get(Station, inspection.station_id)
    response_id = None
    if answers_for(user, station) and finding.status == FindingStatus.ANSWERED:
        response_id = finding.responses[-1].id
        count = len(finding.responses[-1].photos)
    elif may_inspect(user, inspection.association_id):
        if finding.result != ItemResult.FINDING or inspection.status != InspectionStatus.OPEN:
            raise Conflict("Photos go with an open finding.", code="finding_not_open")
        count = len(finding.photos)
    elif answers_for(user, station):
        raise Conflict("Answer the finding first, then add photos.", code="no_pending_answer")
    else:
        raise Forbidden("You may not add photos to this finding.")
    if count >= MAX_PHOTOS:
        raise Conflict(f"At most {MAX_PHOTOS} photos.", code="too_many_photos")
    name, mimetype = store_image("inspections", data)
    photo = InspectionPhoto(
        finding_id=finding.id,
        response_id=response_id,
        uploaded_by_id=user.id,
        file=name,
        content_type=mimetype,
    )
    db.session.add(photo)
    db.session.flush()
    return photo


# --- reminders -----------------------------------------------------------------------------


@use_case
def send_deadline_reminders(*, on: date | None = None) -> int:
    """Tell the station's admins of every open inspection due in two days, once each."""
    due = (on or today()) + timedelta(days=2)
    inspections = db.session.scalars(
        select(Inspection)
        .where(
            Inspection.status == InspectionStatus.OPEN,
            Inspection.rectify_by == due,
            Inspection.reminded_at.is_(None),
        )
        .with_for_update(skip_locked=True)
    ).all()
    for inspection in inspections:
        station = db.session.get(Station, inspection.station_id)
        for user_id in station_admin_ids(station):
            notify(
                user_id=user_id,
                event="rectification_due",
                data={"thing1": station.name[:20], "date2": due.isoformat()},
                page=f"{PAGE}?id={inspection.id}",
            )
        inspection.reminded_at = utcnow()
    db.session.flush()
    return len(inspections)


def figures(*, station_ids: list[int] | None = None, association_id: int | None = None) -> dict:
    """Open, overdue and closed inspections of some stations or of an association."""
    statement = select(Inspection.status, Inspection.rectify_by)
    if station_ids is not None:
        statement = statement.where(Inspection.station_id.in_(station_ids))
    if association_id is not None:
        statement = statement.where(Inspection.association_id == association_id)
    rows = db.session.execute(statement).all()
    on = today()
    return {
        "open": sum(1 for status, _ in rows if status == InspectionStatus.OPEN),
        "overdue": sum(
            1
            for status, due in rows
            if status == InspectionStatus.OPEN and due is not None and due < on
        ),
        "closed": sum(1 for status, _ in rows if status == InspectionStatus.CLOSED),
    }


def overdue_count(*, station_ids: list[int] | None = None, association_id: int | None = None):
    """How many open inspections are past their deadline, for figures."""
    statement = select(Inspection.id).where(overdue_condition(today()))
    if station_ids is not None:
        statement = statement.where(Inspection.station_id.in_(station_ids))
    if association_id is not None:
        statement = statement.where(Inspection.association_id == association_id)
    return len(db.session.scalars(statement).all())
