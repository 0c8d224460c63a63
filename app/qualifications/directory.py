"""The public directory of approved lecturers and publicists: only what each person agreed to
publish, and never a minor's name or photo (PRODUCT.md §10)."""

from sqlalchemy import exists, select

from app.core.pagination import paginate
from app.extensions import db
from app.qualifications.models import (
    ApplicationStatus,
    QualificationApplication,
    QualificationTopic,
)
from app.stations.models import Association
from app.users.models import User


def directory(
    *, kind: str, association_id: int | None, topic: str | None, page: int, per_page: int
) -> dict:
    """A page of public entries for approved, unrevoked people of one kind."""
    statement = (
        select(QualificationApplication)
        .join(User, User.id == QualificationApplication.user_id)
        .where(
            QualificationApplication.kind == kind,
            QualificationApplication.status == ApplicationStatus.APPROVED,
            User.deleted_at.is_(None),
        )
        .order_by(QualificationApplication.decided_at, QualificationApplication.id)
    )
    if association_id is not None:
        statement = statement.where(QualificationApplication.association_id == association_id)
    if topic:
        # Filtering by an unpublished topic would reveal it: only published topics match.
        statement = statement.where(
            QualificationApplication.publish_topics.is_(True),
            exists().where(
                QualificationTopic.application_id == QualificationApplication.id,
                QualificationTopic.topic == topic.strip(),
            ),
        )
    result = paginate(statement, page=page, per_page=per_page)
    people = _users_of(result["items"])
    names = _association_names(result["items"])
    result["items"] = [public_entry(a, people[a.user_id], names) for a in result["items"]]
    return result


def public_entry(application: QualificationApplication, user: User, names: dict) -> dict:
    """What the directory shows of one person."""
    listable = user.may_be_listed_publicly
    return {
        "id": application.id,
        "kind": application.kind,
        "association_id": application.association_id,
        "association_name": names.get(application.association_id),
        "name": application.real_name if application.publish_name and listable else None,
        "organisation": application.organisation if application.publish_organisation else None,
        "topics": application.topic_names if application.publish_topics else [],
        "photo_url": application.photo_url if application.publish_photo and listable else None,
        "approved_at": application.decided_at,
    }


def _users_of(applications) -> dict[int, User]:
    ids = {a.user_id for a in applications}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def _association_names(applications) -> dict[int, str]:
    ids = {a.association_id for a in applications}
    if not ids:
        return {}
    rows = db.session.execute(
        select(Association.id, Association.name).where(Association.id.in_(ids))
    )
    return dict(rows.all())
