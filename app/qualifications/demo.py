"""Demo data: one pending lecturer application waiting for the demo association's review."""

from sqlalchemy import select

from app.extensions import db
from app.qualifications.models import (
    ApplicationStatus,
    ApplicationStep,
    QualificationApplication,
    QualificationKind,
    QualificationTopic,
)
from app.users import service as users

DEMO_APPLICANT = "demo_lecturer_applicant"


def seed_demo(ctx: dict) -> list[str]:
    association = ctx["association"]
    applicant = users.get_or_create_by_openid(openid=DEMO_APPLICANT)
    applicant.nickname = applicant.nickname or DEMO_APPLICANT
    application = db.session.scalar(
        select(QualificationApplication).where(QualificationApplication.user_id == applicant.id)
    )
    if application is None:
        application = QualificationApplication(
            user_id=applicant.id,
            association_id=association.id,
            kind=QualificationKind.LECTURER,
            status=ApplicationStatus.PENDING,
            open_key=f"{applicant.id}:{QualificationKind.LECTURER}",
            real_name="王老师",
            phone="13900000000",
            organisation="右安门街道社区学校",
            experience="社区反诈讲座三年。",
            intended_station_ids=[ctx["station"].id],
            recommended_by_station_id=ctx["station"].id,
            publish_name=True,
            publish_organisation=True,
            topics=[
                QualificationTopic(topic="反电信网络诈骗法", position=0),
                QualificationTopic(topic="个人信息保护", position=1),
            ],
        )
        db.session.add(application)
        db.session.flush()
        application.submitted_at = application.created_at
        db.session.add(
            ApplicationStep(
                application_id=application.id,
                actor_id=applicant.id,
                from_status=ApplicationStatus.DRAFT,
                to_status=ApplicationStatus.PENDING,
            )
        )
    db.session.flush()
    return [
        f"Pending lecturer application #{application.id} (applicant openid {DEMO_APPLICANT}) "
        f"to review as demo_association_admin.",
    ]
