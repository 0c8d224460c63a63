"""Demo: demo_volunteer approved at the demo station, three hour records (one verified), and an
activity next week. Idempotent."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app.activities import service as activities
from app.activities.models import Activity
from app.core.time import utcnow
from app.extensions import db
from app.hours.models import HourSource, HourStatus, ServiceHourRecord
from app.volunteers import service as volunteers
from app.volunteers.models import ApplicationStatus, VolunteerApplication

DEMO_ACTIVITY = "反诈宣讲进社区（演示）"


def seed_demo(ctx: dict) -> list[str]:
    station, people = ctx["station"], ctx["users"]
    volunteer, admin = people["volunteer"], people["station_admin"]
    if volunteers.profile_of(volunteer.id) is None:
        db.session.query(VolunteerApplication).filter_by(
            user_id=volunteer.id, status=ApplicationStatus.PENDING
        ).delete()
        application = volunteers.submit_application(
            user=volunteer,
            station_id=station.id,
            real_name="王志愿",
            phone="13800005678",
            privacy_version=current_app.config["PRIVACY_GUIDE_VERSION"],
            skills=["反诈宣讲", "手机安全设置"],
            is_party_member=True,
            availability="周末上午",
        )
        volunteers.approve_application(application_id=application.id, reviewer=admin)
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    if not db.session.scalar(
        select(ServiceHourRecord.id).where(ServiceHourRecord.user_id == volunteer.id).limit(1)
    ):
        for days, hours, text, status in (
            (10, 3, "社区网安咨询窗口值班", HourStatus.VERIFIED),
            (4, 2, "帮助老人设置手机防诈骗功能", HourStatus.PENDING),
            (2, 1.5, "满意度调查问卷推广", HourStatus.PENDING),
        ):
            start = now - timedelta(days=days)
            db.session.add(
                ServiceHourRecord(
                    user_id=volunteer.id,
                    station_id=station.id,
                    source=HourSource.MANUAL,
                    started_at=start,
                    ended_at=start + timedelta(hours=hours),
                    minutes=int(hours * 60),
                    description=text,
                    status=status,
                    created_by_id=volunteer.id,
                    reviewed_by_id=admin.id if status == HourStatus.VERIFIED else None,
                    reviewed_at=now if status == HourStatus.VERIFIED else None,
                )
            )
        db.session.flush()
    activity = db.session.scalar(select(Activity).where(Activity.title == DEMO_ACTIVITY))
    if activity is None:
        start = now + timedelta(days=7)
        activity = activities.create_activity(
            station=station,
            author=admin,
            title=DEMO_ACTIVITY,
            kind="community",
            place="右安门翠林社区活动室",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            capacity=20,
            description="讲解常见电信网络诈骗手法，现场帮助居民安装国家反诈中心App。",
        )
    profile = volunteers.profile_of(volunteer.id)
    return [
        f"Volunteer demo_volunteer: number {profile.volunteer_number} at station #{station.id}; "
        f"3 hour records (1 verified); activity #{activity.id} next week "
        f"(check-in scene {activities.check_in_scene(activity.id)}).",
    ]
