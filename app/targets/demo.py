"""Demo data: the seed's recruitment table for the demo association."""

from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.targets.models import RecruitmentMilestone, RecruitmentPlan

# 三)、服务站/教育基地和志愿者招募计划 (seed 000): 7月1日前, 8月1日, 12月31日, 2024年7月前.
SEED_MILESTONES = [
    (date(2023, 7, 1), "7月1日前", 30, 20, 18, 3, 200),
    (date(2023, 8, 1), "8月1日", 60, 40, 36, 7, 500),
    (date(2023, 12, 31), "12月31日", 100, 80, 50, 15, 1000),
    (date(2024, 7, 1), "2024年7月前", 200, 120, 80, 30, 2000),
]


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
    db.session.flush()
    return [
        f"Recruitment targets of the seed's table for #{association.id} ({len(SEED_MILESTONES)} "
        "milestones)."
    ]
