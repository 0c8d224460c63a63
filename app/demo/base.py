"""Demo organisation and users: the Beijing association and the 右安门 station of the seed."""

import os

from sqlalchemy import select

from app.extensions import db
from app.stations.models import Association, PlaceType, Station, StationKind
from app.stations.service import ensure_station_entrance
from app.users import service as users
from app.users.models import Role

DEMO_USERS = {
    "resident": "demo_resident",
    "volunteer": "demo_volunteer",
    "station_admin": "demo_station_admin",
    "association_admin": "demo_association_admin",
    "union_admin": "demo_union_admin",
}


def get_or_create(model, lookup: dict, **values):
    row = db.session.scalar(select(model).filter_by(**lookup))
    if row is None:
        row = model(**lookup, **values)
        db.session.add(row)
        db.session.flush()
    return row


def seed_demo(ctx: dict) -> list[str]:
    port = os.environ.get("PORT", "5000")
    association = get_or_create(Association, {"name": "北京网络空间安全协会"}, region="北京市")
    station = get_or_create(
        Station,
        {"name": "右安门街道网络安全志愿服务站"},
        association_id=association.id,
        kind=StationKind.SERVICE_STATION,
        place_type=PlaceType.VOLUNTEER_TEAM,
        district="丰台区",
        address="北京市丰台区右安门街道窦珍志愿服务联合会",
        opening_hours="周一至周五 9:00-17:00",
        party_member_post=True,
        # GCJ-02, as the station admin's wx.chooseLocation would set it.
        latitude=39.8665,
        longitude=116.3590,
    )
    sub_station = get_or_create(
        Station,
        {"name": "右安门翠林社区分站"},
        association_id=association.id,
        parent_id=station.id,
        kind=StationKind.SUB_STATION,
        place_type=PlaceType.COMMUNITY,
        district="丰台区",
        latitude=39.8605,
        longitude=116.3660,
    )
    # Every station has its own entrance (专属入口); created once, kept on re-runs.
    ensure_station_entrance(station=station)
    ensure_station_entrance(station=sub_station)
    people = {
        key: users.get_or_create_by_openid(openid=openid) for key, openid in DEMO_USERS.items()
    }
    for person in people.values():
        person.nickname = person.nickname or person.openid
    # The demo resident and volunteer came in through the demo station's code, so they belong to
    # the demo association (whose admin may award them points, docs/points.md).
    for key in ("resident", "volunteer"):
        if people[key].first_station_id is None:
            people[key].first_station_id = station.id
    users.grant_role(user=people["volunteer"], role=Role.VOLUNTEER)
    users.grant_role(user=people["station_admin"], role=Role.STATION_ADMIN, station_id=station.id)
    users.grant_role(
        user=people["association_admin"], role=Role.ASSOCIATION_ADMIN, association_id=association.id
    )
    users.grant_role(user=people["union_admin"], role=Role.UNION_ADMIN)
    ctx.update(association=association, station=station, sub_station=sub_station, users=people)
    lines = [
        f"Demo association #{association.id} {association.name}; station #{station.id} "
        f"{station.name} with sub-station #{sub_station.id}.",
        "Log in as a demo role with:",
    ]
    for key, openid in DEMO_USERS.items():
        lines.append(
            f"  {key:18} curl -s -X POST http://127.0.0.1:{port}/api/v1/auth/"
            f"wechat/login -H 'Content-Type: application/json' "
            f'-d \'{{"code":"test-{openid}"}}\''
        )
    return lines
