"""Applications to be a lecturer or publicist, and the association's review of them.

Status changes are conditional updates (`WHERE status = <what we read>`), so two admins pressing
"approve" at once approve once; every change is logged as an ApplicationStep.
"""

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.core.auth import administered_association_ids, can_admin_station, is_union_admin
from app.core.pagination import paginate
from app.core.time import shanghai_date, utcnow
from app.core.transactions import use_case
from app.errors import Conflict, Forbidden, ValidationFailed
from app.extensions import db
from app.notifications.service import notify
from app.qualifications.errors import ApplicationNotFound
from app.qualifications.models import (
    OPEN_STATUSES,
    ApplicationStatus,
    ApplicationStep,
    QualificationApplication,
    QualificationKind,
    QualificationTopic,
)
from app.quizzes.service import passed_assessment as newest_passed
from app.stations.errors import AssociationNotFound
from app.stations.models import Association, Station
from app.users import service as users
from app.users.models import RoleGrant, User

ASSESSMENT_VALIDITY = timedelta(days=365)
KIND_LABELS = {QualificationKind.LECTURER: "公益讲师", QualificationKind.PUBLICIST: "公益宣传员"}
EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)
PUBLISH_FIELDS = ("name", "organisation", "topics", "photo")
RESULT_PAGE = "pages/qualification/apply/index"


def passed_assessment(application: QualificationApplication) -> dict | None:
    """The applicant's newest passed assessment within the last year, or None."""
    return newest_passed(
        user_id=application.user_id,
        since=utcnow() - ASSESSMENT_VALIDITY,
        association_id=application.association_id,
    )


@use_case
def create_application(*, user: User, fields: dict, submit: bool) -> QualificationApplication:
    """Save a draft (or submit at once); one open application per user and kind."""
    kind = fields["kind"]
    association_id = fields["association_id"]
    if db.session.get(Association, association_id) is None:
        raise AssociationNotFound()
    if _holds_qualification(user_id=user.id, kind=kind, association_id=association_id):
        raise Conflict("You are already approved for this association.", code="already_qualified")
    application = QualificationApplication(
        user_id=user.id,
        association_id=association_id,
        kind=kind,
        status=ApplicationStatus.DRAFT,
        open_key=f"{user.id}:{kind}",
    )
    _apply_fields(application, fields)
    try:
        with db.session.begin_nested():
            db.session.add(application)
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            "You already have an open application of this kind; edit or submit it.",
            code="application_open",
        ) from None
    _log(application, actor_id=user.id, from_status=None, to_status=ApplicationStatus.DRAFT)
    if submit:
        _submit(application, actor=user)
    return application


@use_case
def update_application(
    *, user: User, application_id: int, fields: dict
) -> QualificationApplication:
    """The applicant edits a draft or an application sent back for changes."""
    application = _own(user=user, application_id=application_id)
    if application.status not in EDITABLE:
        raise Conflict(
            "Only a draft or a returned application can be changed.", code="application_locked"
        )
    _apply_fields(application, fields)
    return application


@use_case
def submit_application(*, user: User, application_id: int) -> QualificationApplication:
    """The applicant submits a draft or a returned application for review."""
    application = _own(user=user, application_id=application_id)
    _submit(application, actor=user)
    return application


@use_case
def approve(*, admin: User, application_id: int) -> QualificationApplication:
    """Approve a pending application with a passed assessment and grant the role."""
    application = _for_review(admin=admin, application_id=application_id)
    _require_status(application, ApplicationStatus.PENDING)
    assessment = passed_assessment(application)
    if assessment is None:
        raise Conflict(
            "The applicant has not passed an assessment (测评) within the last year.",
            code="assessment_not_passed",
        )
    now = utcnow()
    _transition(
        application,
        to_status=ApplicationStatus.APPROVED,
        actor_id=admin.id,
        values={
            "decided_at": now,
            "decided_by_id": admin.id,
            "decision_reason": None,
            "open_key": None,
            "assessment_attempt_id": assessment["attempt_id"],
            "assessment_score": assessment["score"],
            "assessment_passed_at": assessment["submitted_at"],
        },
    )
    applicant = users.get_user(application.user_id)
    users.grant_role(user=applicant, role=application.kind, granted_by=admin)
    _notify_result(application, "已通过")
    return application


@use_case
def reject(*, admin: User, application_id: int, reason: str) -> QualificationApplication:
    """Reject a pending application with a reason."""
    application = _for_review(admin=admin, application_id=application_id)
    _require_status(application, ApplicationStatus.PENDING)
    _transition(
        application,
        to_status=ApplicationStatus.REJECTED,
        actor_id=admin.id,
        reason=reason,
        values={
            "decided_at": utcnow(),
            "decided_by_id": admin.id,
            "decision_reason": reason,
            "open_key": None,
        },
    )
    _notify_result(application, "未通过")
    return application


@use_case
def return_for_changes(
    *, admin: User, application_id: int, reason: str
) -> QualificationApplication:
    """Send a pending application back to the applicant for changes."""
    application = _for_review(admin=admin, application_id=application_id)
    _require_status(application, ApplicationStatus.PENDING)
    _transition(
        application,
        to_status=ApplicationStatus.RETURNED,
        actor_id=admin.id,
        reason=reason,
        values={"decision_reason": reason},
    )
    _notify_result(application, "需修改")
    return application


@use_case
def revoke(*, admin: User, application_id: int, reason: str) -> QualificationApplication:
    """Withdraw an approved qualification; the role goes unless another association's
    approval of the same kind still holds."""
    application = _for_review(admin=admin, application_id=application_id, self_ok=True)
    _require_status(application, ApplicationStatus.APPROVED)
    _transition(
        application,
        to_status=ApplicationStatus.REVOKED,
        actor_id=admin.id,
        reason=reason,
        values={"revoked_at": utcnow(), "revoked_by_id": admin.id, "revoke_reason": reason},
    )
    _drop_role_unless_held_elsewhere(application, by=admin, reason=reason)
    return application


@use_case
def confirm_recommendation(*, admin: User, application_id: int) -> QualificationApplication:
    """The recommending station's admin confirms the recommendation (服务站推荐)."""
    application = db.session.get(QualificationApplication, application_id)
    if application is None or application.status == ApplicationStatus.DRAFT:
        raise ApplicationNotFound()
    station = (
        db.session.get(Station, application.recommended_by_station_id)
        if application.recommended_by_station_id
        else None
    )
    if station is None:
        raise Conflict("The application names no station.", code="no_recommendation")
    if not can_admin_station(admin, station):
        raise Forbidden("You are not an admin of the recommending station.")
    if application.recommendation_confirmed_at is None:
        application.recommendation_confirmed_at = utcnow()
        application.recommendation_confirmed_by_id = admin.id
    return application


def list_for_admin(
    *,
    admin: User,
    status: str | None,
    kind: str | None,
    association_id: int | None,
    page: int,
    per_page: int,
) -> dict:
    """Applications the admin may review (their associations'; union admins all); never drafts."""
    statement = select(QualificationApplication).where(
        QualificationApplication.status != ApplicationStatus.DRAFT
    )
    if not is_union_admin(admin):
        allowed = administered_association_ids(admin)
        if not allowed:
            raise Forbidden("Only association admins review applications.")
        if association_id is not None and association_id not in allowed:
            raise Forbidden("You are not an admin of this association.")
        statement = statement.where(QualificationApplication.association_id.in_(allowed))
    if association_id is not None:
        statement = statement.where(QualificationApplication.association_id == association_id)
    if status:
        statement = statement.where(QualificationApplication.status == status)
    if kind:
        statement = statement.where(QualificationApplication.kind == kind)
    statement = statement.order_by(QualificationApplication.id)
    return paginate(statement, page=page, per_page=per_page)


def my_applications(*, user: User) -> list[QualificationApplication]:
    """The user's own applications, newest first."""
    return list(
        db.session.scalars(
            select(QualificationApplication)
            .where(QualificationApplication.user_id == user.id)
            .order_by(QualificationApplication.id.desc())
        )
    )


def get_for_viewer(*, viewer: User, application_id: int) -> QualificationApplication:
    """One application, for its applicant or an admin of its association."""
    application = db.session.get(QualificationApplication, application_id)
    if application is None:
        raise ApplicationNotFound()
    if application.user_id == viewer.id:
        return application
    if application.status == ApplicationStatus.DRAFT:
        raise ApplicationNotFound()
    if not (
        is_union_admin(viewer) or application.association_id in administered_association_ids(viewer)
    ):
        raise Forbidden("You are not an admin of this association.")
    return application


def steps_of(application: QualificationApplication) -> list[ApplicationStep]:
    return list(
        db.session.scalars(
            select(ApplicationStep)
            .where(ApplicationStep.application_id == application.id)
            .order_by(ApplicationStep.id)
        )
    )


# ----- helpers (flush only) -----


def _apply_fields(application: QualificationApplication, fields: dict) -> None:
    association_id = application.association_id
    for name in ("real_name", "phone", "organisation", "experience", "photo_url"):
        if name in fields:
            setattr(application, name, fields[name])
    if "intended_station_ids" in fields:
        ids = list(dict.fromkeys(fields["intended_station_ids"] or []))
        _check_stations(ids, association_id, "intended_station_ids")
        application.intended_station_ids = ids
    if "recommended_by_station_id" in fields:
        station_id = fields["recommended_by_station_id"]
        if station_id is not None:
            _check_stations([station_id], association_id, "recommended_by_station_id")
        if station_id != application.recommended_by_station_id:
            application.recommendation_confirmed_at = None
            application.recommendation_confirmed_by_id = None
        application.recommended_by_station_id = station_id
    if "topics" in fields:
        names = list(dict.fromkeys(t.strip() for t in fields["topics"] if t.strip()))
        application.topics = [
            QualificationTopic(topic=name, position=i) for i, name in enumerate(names)
        ]
    for name in PUBLISH_FIELDS:
        if name in (fields.get("publish") or {}):
            setattr(application, f"publish_{name}", fields["publish"][name])


def _check_stations(ids: list[int], association_id: int, field: str) -> None:
    if not ids:
        return
    found = set(
        db.session.scalars(
            select(Station.id).where(Station.id.in_(ids), Station.association_id == association_id)
        )
    )
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationFailed(
            "Stations must belong to the association applied to.",
            code="station_not_in_association",
            details={"fields": {field: [f"No station {i} in this association." for i in missing]}},
        )


def _submit(application: QualificationApplication, *, actor: User) -> None:
    if application.status not in EDITABLE:
        raise Conflict("This application was already submitted.", code="application_not_editable")
    if not application.topics:
        raise ValidationFailed(
            "Name at least one topic before submitting.",
            code="application_incomplete",
            details={"fields": {"topics": ["Give at least one expertise topic."]}},
        )
    _transition(
        application,
        to_status=ApplicationStatus.PENDING,
        actor_id=actor.id,
        values={"submitted_at": utcnow()},
    )


def _transition(
    application: QualificationApplication,
    *,
    to_status: str,
    actor_id: int,
    values: dict,
    reason: str | None = None,
) -> None:
    from_status = application.status
    db.session.flush()
    changed = db.session.execute(
        update(QualificationApplication)
        .where(
            QualificationApplication.id == application.id,
            QualificationApplication.status == from_status,
        )
        .values(status=to_status, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        db.session.rollback()
        raise Conflict(
            "Someone else changed this application first; reload it.", code="application_changed"
        )
    db.session.refresh(application)
    _log(
        application, actor_id=actor_id, from_status=from_status, to_status=to_status, reason=reason
    )


def _log(application, *, actor_id, from_status, to_status, reason=None) -> None:
    db.session.add(
        ApplicationStep(
            application_id=application.id,
            actor_id=actor_id,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
        )
    )
    db.session.flush()


def _require_status(application: QualificationApplication, status: str) -> None:
    if application.status != status:
        raise Conflict(
            f"The application is {application.status}, not {status}.",
            code="application_not_" + status,
            details={"status": application.status},
        )


def _own(*, user: User, application_id: int) -> QualificationApplication:
    application = db.session.get(QualificationApplication, application_id)
    if application is None or application.user_id != user.id:
        raise ApplicationNotFound()
    return application


def _for_review(*, admin: User, application_id: int, self_ok: bool = False):
    application = db.session.get(QualificationApplication, application_id)
    if application is None or application.status == ApplicationStatus.DRAFT:
        raise ApplicationNotFound()
    if not (
        is_union_admin(admin) or application.association_id in administered_association_ids(admin)
    ):
        raise Forbidden("You are not an admin of this association.")
    if application.user_id == admin.id and not self_ok:
        raise Forbidden("Nobody reviews their own application.", code="own_application")
    return application


def _holds_qualification(*, user_id: int, kind: str, association_id: int | None = None) -> bool:
    statement = select(QualificationApplication.id).where(
        QualificationApplication.user_id == user_id,
        QualificationApplication.kind == kind,
        QualificationApplication.status == ApplicationStatus.APPROVED,
    )
    if association_id is not None:
        statement = statement.where(QualificationApplication.association_id == association_id)
    return db.session.scalar(statement.limit(1)) is not None


def _drop_role_unless_held_elsewhere(application, *, by: User, reason: str) -> None:
    if _holds_qualification(user_id=application.user_id, kind=application.kind):
        return
    grants = db.session.scalars(
        select(RoleGrant).where(
            RoleGrant.user_id == application.user_id,
            RoleGrant.role == application.kind,
            RoleGrant.revoked_at.is_(None),
        )
    )
    for grant in grants:
        users.revoke_role(grant=grant, by=by, reason=reason)


def _notify_result(application: QualificationApplication, result: str) -> None:
    # No names or phones: the kind, the result and the day are enough for the applicant.
    notify(
        user_id=application.user_id,
        event="application_reviewed",
        data={
            "thing1": f"{KIND_LABELS[application.kind]}申请",
            "phrase2": result,
            "date3": shanghai_date(utcnow()).isoformat(),
        },
        page=RESULT_PAGE,
    )


def is_open(application: QualificationApplication) -> bool:
    return application.status in OPEN_STATUSES
