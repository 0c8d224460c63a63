"""Demo data: the seed's recruitment table for the demo association, and one pending lecturer
application waiting for the association's review."""

from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.qualifications.models import (
    ApplicationStatus,
    ApplicationStep,
    QualificationApplication,
    QualificationKind,
    QualificationTopic,
)
from app.targets.models import RecruitmentMilestone, RecruitmentPlan
from app.users import service as users

# 三)、服务站/教育基地和志愿者招募计划 (seed 000): 7月1日前, 8月1日, 12月31日, 2024年7月前.
SEED_MILESTONES = [
    (date(2023, 7, 1), "7月1日前", 30, 20, 18, 3, 200),
    (date(2023, 8, 1), "8月1日", 60, 40, 36, 7, 500),
    (date(2023, 12, 31), "12月31日", 100, 80, 50, 15, 1000),
    (date(2024, 7, 1), "2024年7月前", 200, 120, 80, 30, 2000),
]
DEMO_APPLICANT = "demo_lecturer_applicant"


def seed_demo(ctx: dict) -> list[str]:
    association = ctx["association"]
    if (
        db.session.scalar(
            select(RecruitmentPlan).where(RecruitmentPlan.association_id == association.id)
        )
        is None
    ):
        db.session.add(RecruitmentPlan(association_id=association.id))
    for due_on, label, publicists, lecturers, stations, bases, volunteers in SEED_MILESTONES:
        exists = db.session.scalar(
            select(RecruitmentMilestone).where(
                RecruitmentMilestone.association_id == association.id,
                RecruitmentMilestone.due_on == due_on,
            )
        )
        if exists is None:
            db.session.add(
                RecruitmentMilestone(
                    association_id=association.id,
                    due_on=due_on,
                    label=label,
                    publicists=publicists,
                    lecturers=lecturers,
                    stations=stations,
                    education_bases=bases,
                    volunteers=volunteers,
                )
            )
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
        f"Recruitment targets of the seed's table for #{association.id} ({len(SEED_MILESTONES)} "
        f"milestones); pending lecturer application #{application.id} "
        f"(applicant openid {DEMO_APPLICANT}) to review as demo_association_admin.",
    ]
