"""The applicant's data in the personal-data export, and its erasure on account deletion."""

from sqlalchemy import delete, select, update

from app.core import contrib
from app.core.time import utcnow
from app.extensions import db
from app.qualifications.models import (
    OPEN_STATUSES,
    ApplicationStatus,
    ApplicationStep,
    QualificationApplication,
    QualificationTopic,
)


@contrib.export_section("qualification_applications")
def export_applications(user) -> list[dict]:
    rows = db.session.scalars(
        select(QualificationApplication).where(QualificationApplication.user_id == user.id)
    )
    return [
        {
            "id": a.id,
            "kind": a.kind,
            "association_id": a.association_id,
            "status": a.status,
            "real_name": a.real_name,
            "phone": a.phone,
            "organisation": a.organisation,
            "topics": a.topic_names,
            "experience": a.experience,
            "photo_url": a.photo_url,
            "publish": {
                "name": a.publish_name,
                "organisation": a.publish_organisation,
                "topics": a.publish_topics,
                "photo": a.publish_photo,
            },
            "created_at": a.created_at,
            "decided_at": a.decided_at,
            "decision_reason": a.decision_reason,
        }
        for a in rows
    ]


@contrib.delete_hook
def erase_applications(user) -> None:
    """Open applications are withdrawn, approvals revoked; personal fields erased. The review
    log stays (it names no personal details)."""
    ids = list(
        db.session.scalars(
            select(QualificationApplication.id).where(QualificationApplication.user_id == user.id)
        )
    )
    if not ids:
        return
    now = utcnow()
    for statuses, to_status in (
        (OPEN_STATUSES, ApplicationStatus.WITHDRAWN),
        ((ApplicationStatus.APPROVED,), ApplicationStatus.REVOKED),
    ):
        rows = db.session.scalars(
            select(QualificationApplication).where(
                QualificationApplication.id.in_(ids), QualificationApplication.status.in_(statuses)
            )
        )
        for row in rows:
            db.session.add(
                ApplicationStep(
                    application_id=row.id,
                    actor_id=user.id,
                    from_status=row.status,
                    to_status=to_status,
                    reason="account deleted",
                )
            )
            row.status = to_status
            row.open_key = None
            if to_status == ApplicationStatus.REVOKED:
                row.revoked_at, row.revoke_reason = now, "account deleted"
    db.session.execute(delete(QualificationTopic).where(QualificationTopic.application_id.in_(ids)))
    db.session.execute(
        update(QualificationApplication)
        .where(QualificationApplication.id.in_(ids))
        .values(
            real_name="",
            phone="",
            organisation=None,
            experience=None,
            photo_url=None,
            publish_name=False,
            publish_organisation=False,
            publish_photo=False,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
