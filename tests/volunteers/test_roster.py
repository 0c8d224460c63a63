"""GET /api/v1/stations/{id}/roster and roster.xlsx: current volunteers with verified hours and
star level, for the station's admins, its association's and the union; minors protected."""

from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from app.core.time import utcnow
from app.extensions import db
from app.hours.models import ServiceHourRecord
from app.users.models import User
from tests.support import assert_documented


def verified(user_id, station_id, minutes, status="verified"):
    start = utcnow() - timedelta(days=3)
    db.session.add(
        ServiceHourRecord(
            user_id=user_id,
            station_id=station_id,
            source="manual",
            started_at=start,
            ended_at=start + timedelta(minutes=minutes),
            minutes=minutes,
            description="社区反诈宣讲",
            status=status,
            created_by_id=user_id,
        )
    )
    db.session.commit()


@pytest.fixture
def roster(world, factory):
    adult = world.volunteer(real_name="张三", phone="13812345678")
    minor = world.volunteer(real_name="李小明", phone="13900001111")
    db.session.execute(update(User).where(User.id == minor.user_id).values(age_band="14_17"))
    db.session.commit()
    verified(adult.user_id, world.station.id, 101 * 60 + 30)  # 101.5 h: one star
    verified(adult.user_id, world.station.id, 600, status="pending")  # does not count
    verified(minor.user_id, world.station.id, 45)
    return {"adult": adult, "minor": minor}


def entries(client, station_id):
    response = client.get(f"/api/v1/stations/{station_id}/roster")
    assert response.status_code == 200, response.get_json()
    return {item["user_id"]: item for item in response.get_json()["items"]}


def test_the_station_admin_sees_numbers_names_phones_hours_and_stars(world, roster, app):
    response = world.admin.get(f"/api/v1/stations/{world.station.id}/roster")
    assert_documented(app, response, "GET", "/api/v1/stations/{station_id}/roster")
    body = response.get_json()
    assert body["total"] == 2 and body["page"] == 1
    items = {item["user_id"]: item for item in body["items"]}
    adult = items[roster["adult"].user_id]
    assert adult["real_name"] == "张三" and adult["phone"] == "13812345678"
    assert adult["verified_minutes"] == 101 * 60 + 30 and adult["verified_hours"] == 101
    assert adult["star_level"] == 1 and adult["volunteer_number"]
    assert "+08:00" in adult["joined_at"]
    minor = items[roster["minor"].user_id]
    assert minor["is_minor"] is True and minor["real_name"] == "李小明"
    assert minor["phone"] == "13900001111" and minor["star_level"] == 0


def test_association_and_union_admins_see_minors_masked(world, roster, factory):
    for viewer in (factory.association_admin(world.association), factory.union_admin()):
        items = entries(viewer, world.station.id)
        assert items[roster["adult"].user_id]["phone"] == "13812345678"
        minor = items[roster["minor"].user_id]
        assert minor["real_name"] == "李**" and minor["phone"] == "139****1111"


def test_foreign_admins_residents_and_anonymous_are_refused(world, roster, factory, client):
    other_association = factory.association()
    foreign_station = factory.station(association=other_association)
    sibling = factory.station(association=world.association)
    path = f"/api/v1/stations/{world.station.id}/roster"
    assert factory.association_admin(other_association).get(path).status_code == 403
    assert factory.station_admin(foreign_station).get(path).status_code == 403
    assert factory.station_admin(sibling).get(path).status_code == 403
    assert roster["adult"].get(path).status_code == 403  # a volunteer of the station
    assert factory.resident().get(path).status_code == 403
    assert client.get(path).status_code == 401
    assert client.get(f"{path.removesuffix('/roster')}/roster.xlsx").status_code == 401
    assert factory.union_admin().get("/api/v1/stations/999999/roster").status_code == 404


def test_a_volunteer_who_left_is_not_on_the_roster(world, roster):
    from app.volunteers.models import VolunteerMembership

    db.session.execute(
        update(VolunteerMembership)
        .where(VolunteerMembership.user_id == roster["adult"].user_id)
        .values(left_at=utcnow())
    )
    db.session.commit()
    assert list(entries(world.admin, world.station.id)) == [roster["minor"].user_id]


def test_bad_paging_is_422(world, roster):
    response = world.admin.get(f"/api/v1/stations/{world.station.id}/roster?per_page=0")
    assert response.status_code == 422


def test_the_xlsx_has_chinese_headers_and_the_same_masking(world, roster, factory, app):
    response = factory.association_admin(world.association).get(
        f"/api/v1/stations/{world.station.id}/roster.xlsx"
    )
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert_documented(app, response, "GET", "/api/v1/stations/{station_id}/roster.xlsx")
    sheet = load_workbook(BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("志愿者编号", "姓名", "手机号")
    by_name = {row[1]: row for row in rows[2:]}
    assert by_name["张三"][4] == "101小时30分" and by_name["张三"][5] == "1星"
    assert by_name["李**"][2] == "139****1111" and by_name["李**"][3] == "是"
    foreign = factory.station_admin(factory.station()).get(
        f"/api/v1/stations/{world.station.id}/roster.xlsx"
    )
    assert foreign.status_code == 403
