"""A station's roster (花名册) for the web console: its current volunteers with verified hours
and star level, and the same as XLSX.

Who sees what: every viewer here administers the station (its admins, its association's, the
union), and the station's admins see the phone (app.volunteers.presenters). Minors (under 18,
PRODUCT.md §10) get more: their phone and given name are shown only to the admins of their own
station (or its parent station), who deal with them and their guardians; association and union
admins see 138****5678 and 张*."""

from io import BytesIO

from openpyxl import Workbook
from sqlalchemy import func, select

from app.core.auth import administered_station_ids
from app.core.time import to_shanghai
from app.extensions import db
from app.hours.models import ServiceHourRecord
from app.hours.service import effective_clause
from app.stations.models import Station
from app.users.models import AgeBand, User
from app.volunteers import privacy
from app.volunteers import service as volunteers
from app.volunteers.models import VolunteerMembership, VolunteerProfile

MINOR_BANDS = (AgeBand.UNDER_14, AgeBand.FROM_14_TO_17)


def mask_name(name: str | None) -> str | None:
    """张三丰 → 张**"""
    if not name:
        return None
    return name[0] + "*" * (len(name) - 1)


def sees_minors(viewer: User, station: Station) -> bool:
    own = administered_station_ids(viewer)
    return station.id in own or (station.parent_id is not None and station.parent_id in own)


def roster_rows(*, station: Station, viewer: User) -> list[dict]:
    """Current members of the station, by volunteer number. Three queries in all: members,
    verified minutes per member (GROUP BY), and the station's star ladder."""
    members = db.session.execute(
        select(VolunteerMembership, VolunteerProfile, User.age_band)
        .join(VolunteerProfile, VolunteerProfile.user_id == VolunteerMembership.user_id)
        .join(User, User.id == VolunteerMembership.user_id)
        .where(
            VolunteerMembership.station_id == station.id,
            VolunteerMembership.left_at.is_(None),
            User.deleted_at.is_(None),
        )
        .order_by(VolunteerProfile.volunteer_number)
    ).all()
    user_ids = [membership.user_id for membership, _, _ in members]
    minutes = dict(
        db.session.execute(
            select(ServiceHourRecord.user_id, func.sum(ServiceHourRecord.minutes))
            .where(ServiceHourRecord.user_id.in_(user_ids), effective_clause())
            .group_by(ServiceHourRecord.user_id)
        ).all()
        if user_ids
        else []
    )
    ladder = volunteers.star_ladder(station_id=station.id)
    close = sees_minors(viewer, station)
    rows = []
    for membership, profile, age_band in members:
        verified = int(minutes.get(membership.user_id) or 0)
        minor = age_band in MINOR_BANDS
        shown = close or not minor
        rows.append(
            {
                "user_id": membership.user_id,
                "volunteer_number": profile.volunteer_number,
                "real_name": profile.real_name if shown else mask_name(profile.real_name),
                "phone": profile.phone if shown else privacy.mask_phone(profile.phone),
                "is_minor": minor,
                "verified_minutes": verified,
                "verified_hours": verified // 60,
                "star_level": sum(1 for hours in ladder if verified >= hours * 60),
                "joined_at": membership.joined_at,
            }
        )
    return rows


HEADERS = ["志愿者编号", "姓名", "手机号", "未成年", "已核验时长（小时）", "星级", "加入时间"]


def roster_xlsx(*, station: Station, rows: list[dict]) -> bytes:
    """The roster as XLSX with Chinese headers (hours as whole hours plus minutes)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "志愿者花名册"
    sheet.append([f"{station.name} 志愿者花名册"])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(
            [
                row["volunteer_number"],
                row["real_name"],
                row["phone"],
                "是" if row["is_minor"] else "否",
                f"{row['verified_minutes'] // 60}小时{row['verified_minutes'] % 60}分",
                f"{row['star_level']}星" if row["star_level"] else "—",
                to_shanghai(row["joined_at"]).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    for column, width in zip("ABCDEFG", (18, 10, 14, 8, 18, 8, 18), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
