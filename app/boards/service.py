"""A station's standing boards, beside the campaign boards: all-time 宝盾 earned by its people and
verified service hours of its volunteers.

Who counts: the station's people are those whose home station (volunteer profile) or first
station (the code they came in through) it is; deleted accounts are left out. Nobody with
nothing is ranked (zero is not a place), ties go to whoever reached the total first, then to the
lower user id. Names follow the public-listing rule of the campaign boards: a nickname only for
people who may be listed publicly (never 14–17, under-14s only with their guardian's consent),
otherwise 网友 and four digits; never a real name or a photo."""

from sqlalchemy import func, or_, select

from app.extensions import db
from app.hours.models import ServiceHourRecord
from app.hours.service import effective_clause
from app.points.models import PointAccount, PointEntry
from app.users.models import User
from app.volunteers.models import VolunteerProfile

BOARDS = ("points", "hours")


def _points_rows(station_id: int):
    """(user_id, 宝盾 earned all-time, when the last credit came) for the station's people."""
    member = or_(
        User.first_station_id == station_id, VolunteerProfile.home_station_id == station_id
    )
    return (
        select(
            PointAccount.user_id,
            func.sum(PointEntry.amount).label("value"),
            func.max(PointEntry.id).label("reached"),
        )
        .join(PointEntry, PointEntry.account_id == PointAccount.id)
        .join(User, User.id == PointAccount.user_id)
        .outerjoin(VolunteerProfile, VolunteerProfile.user_id == User.id)
        .where(PointEntry.amount > 0, User.deleted_at.is_(None), member)
        .group_by(PointAccount.user_id)
    )


def _hours_rows(station_id: int):
    """(user_id, verified minutes served at the station, the last record's id)."""
    return (
        select(
            ServiceHourRecord.user_id,
            func.sum(ServiceHourRecord.minutes).label("value"),
            func.max(ServiceHourRecord.id).label("reached"),
        )
        .join(User, User.id == ServiceHourRecord.user_id)
        .where(
            ServiceHourRecord.station_id == station_id,
            effective_clause(),
            User.deleted_at.is_(None),
        )
        .group_by(ServiceHourRecord.user_id)
    )


def public_name(person: User | None, user_id: int) -> str:
    if person is not None and person.nickname and person.may_be_listed_publicly:
        return person.nickname
    return f"网友{user_id % 10000:04d}"


def station_board(*, station_id: int, board: str, limit: int, viewer: User) -> dict:
    """{station_id, board, unit, items: [{rank, user_id, name, value}], me} best first; `value` is
    宝盾 (points) or minutes (hours); `me` is the viewer's own place or None."""
    rows = (_points_rows if board == "points" else _hours_rows)(station_id).subquery()
    ranked = select(
        rows.c.user_id,
        rows.c.value,
        func.row_number()
        .over(order_by=(rows.c.value.desc(), rows.c.reached, rows.c.user_id))
        .label("rank"),
    ).where(rows.c.value > 0)
    everyone = ranked.subquery()
    top = db.session.execute(select(everyone).order_by(everyone.c.rank).limit(limit)).all()
    mine = db.session.execute(select(everyone).where(everyone.c.user_id == viewer.id)).first()
    wanted = {row.user_id for row in top} | ({mine.user_id} if mine else set())
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(wanted)))}

    def shown(row) -> dict:
        return {
            "rank": int(row.rank),
            "user_id": row.user_id,
            "name": public_name(people.get(row.user_id), row.user_id),
            "value": int(row.value),
        }

    return {
        "station_id": station_id,
        "board": board,
        "unit": "宝盾" if board == "points" else "minutes",
        "items": [shown(row) for row in top],
        "me": shown(mine) if mine else None,
    }
