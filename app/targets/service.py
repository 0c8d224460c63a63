"""Recruitment targets per association and the figures of progress against them."""

from datetime import UTC, date, datetime, time

from sqlalchemy import delete, func, or_, select

from app.core.time import SHANGHAI, shanghai_date, utcnow
from app.core.transactions import use_case
from app.errors import ValidationFailed
from app.extensions import db
from app.qualifications.models import ApplicationStatus, QualificationApplication
from app.stations.errors import AssociationNotFound
from app.stations.models import Association, Station, StationKind, StationStatus
from app.targets.models import METRICS, RecruitmentMilestone, RecruitmentPlan
from app.users.models import Role, RoleGrant, User
from app.volunteers.models import VolunteerProfile

VOLUNTEERS_COUNTED_BY = (
    "users holding the volunteer role whose first station (the entrance they came through) or "
    "volunteer home station is one of the association's"
)


def get_targets(*, association_id: int) -> dict:
    """The association's plan: counting_from and milestones by date."""
    _association(association_id)
    plan = db.session.scalar(
        select(RecruitmentPlan).where(RecruitmentPlan.association_id == association_id)
    )
    return {
        "association_id": association_id,
        "counting_from": plan.counting_from if plan else None,
        "milestones": _milestones(association_id),
    }


def set_targets(
    *, association_id: int, counting_from: date | None, milestones: list[dict], by: User
) -> dict:
    """Replace the association's targets with the given milestones, in one transaction."""
    _association(association_id)
    dates = [m["due_on"] for m in milestones]
    duplicates = sorted({d.isoformat() for d in dates if dates.count(d) > 1})
    if duplicates:
        raise ValidationFailed(
            "Each milestone date may appear once.",
            code="milestone_duplicate",
            details={"fields": {"milestones": [f"{d} appears twice." for d in duplicates]}},
        )
    _replace(
        association_id=association_id, counting_from=counting_from, milestones=milestones, by=by
    )
    return get_targets(association_id=association_id)


@use_case
def _replace(*, association_id: int, counting_from, milestones: list[dict], by: User) -> None:
    plan = db.session.scalar(
        select(RecruitmentPlan)
        .where(RecruitmentPlan.association_id == association_id)
        .with_for_update()
    )
    if plan is None:
        plan = RecruitmentPlan(association_id=association_id)
        db.session.add(plan)
    plan.counting_from = counting_from
    plan.updated_by_id = by.id
    plan.updated_at = utcnow()
    db.session.execute(
        delete(RecruitmentMilestone).where(RecruitmentMilestone.association_id == association_id)
    )
    for milestone in milestones:
        db.session.add(RecruitmentMilestone(association_id=association_id, **milestone))


def figures(*, association_id: int) -> dict:
    """Current counts of each recruited kind and progress against every milestone."""
    targets = get_targets(association_id=association_id)
    since = _start_of_day(targets["counting_from"])
    current = {
        "publicists": _qualified(association_id, "publicist", since),
        "lecturers": _qualified(association_id, "lecturer", since),
        "stations": _stations(association_id, since, education_bases=False),
        "education_bases": _stations(association_id, since, education_bases=True),
        "volunteers": _volunteers(association_id, since),
    }
    today = shanghai_date(utcnow())
    upcoming = [m["due_on"] for m in targets["milestones"] if m["due_on"] >= today]
    milestones = []
    for milestone in targets["milestones"]:
        progress = {}
        for metric in METRICS:
            target, have = milestone[metric], current[metric]
            progress[metric] = {
                "target": target,
                "current": have,
                "remaining": max(target - have, 0),
                "percent": 100 if target == 0 else min(100, have * 100 // target),
                "met": have >= target,
            }
        met = all(p["met"] for p in progress.values())
        milestones.append(
            {
                "due_on": milestone["due_on"],
                "label": milestone["label"],
                "met": met,
                "overdue": milestone["due_on"] < today and not met,
                "progress": progress,
            }
        )
    return {
        "association_id": association_id,
        "counting_from": targets["counting_from"],
        "as_of": utcnow(),
        "current": current,
        "next_milestone": min(upcoming) if upcoming else None,
        "milestones": milestones,
        "volunteers_counted_by": VOLUNTEERS_COUNTED_BY,
    }


def _association(association_id: int) -> Association:
    association = db.session.get(Association, association_id)
    if association is None:
        raise AssociationNotFound()
    return association


def _milestones(association_id: int) -> list[dict]:
    rows = db.session.scalars(
        select(RecruitmentMilestone)
        .where(RecruitmentMilestone.association_id == association_id)
        .order_by(RecruitmentMilestone.due_on)
    )
    return [
        {"due_on": r.due_on, "label": r.label, **{metric: getattr(r, metric) for metric in METRICS}}
        for r in rows
    ]


def _start_of_day(day: date | None) -> datetime | None:
    """Midnight of a Shanghai calendar day, in UTC."""
    if day is None:
        return None
    return datetime.combine(day, time(), tzinfo=SHANGHAI).astimezone(UTC)


def _qualified(association_id: int, kind: str, since: datetime | None) -> int:
    statement = (
        select(func.count(func.distinct(QualificationApplication.user_id)))
        .join(User, User.id == QualificationApplication.user_id)
        .where(
            QualificationApplication.association_id == association_id,
            QualificationApplication.kind == kind,
            QualificationApplication.status == ApplicationStatus.APPROVED,
            User.deleted_at.is_(None),
        )
    )
    if since is not None:
        statement = statement.where(QualificationApplication.decided_at >= since)
    return db.session.scalar(statement) or 0


def _stations(association_id: int, since: datetime | None, *, education_bases: bool) -> int:
    kinds = (
        [StationKind.EDUCATION_BASE]
        if education_bases
        else [StationKind.SERVICE_STATION, StationKind.SUB_STATION]
    )
    statement = select(func.count(Station.id)).where(
        Station.association_id == association_id,
        Station.kind.in_(kinds),
        Station.status == StationStatus.ACTIVE,
    )
    if since is not None:
        statement = statement.where(Station.created_at >= since)
    return db.session.scalar(statement) or 0


def _volunteers(association_id: int, since: datetime | None) -> int:
    # Volunteers are attributed through the station whose entrance they came through, or their
    # volunteer profile's home station.
    stations = select(Station.id).where(Station.association_id == association_id)
    places = [
        User.first_station_id.in_(stations),
        User.id.in_(
            select(VolunteerProfile.user_id).where(VolunteerProfile.home_station_id.in_(stations))
        ),
    ]
    statement = (
        select(func.count(func.distinct(User.id)))
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(
            RoleGrant.role == Role.VOLUNTEER,
            RoleGrant.revoked_at.is_(None),
            User.deleted_at.is_(None),
            or_(*places),
        )
    )
    if since is not None:
        statement = statement.where(RoleGrant.granted_at >= since)
    return db.session.scalar(statement) or 0
