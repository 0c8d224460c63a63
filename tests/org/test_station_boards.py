"""A station's standing boards (issue 19): all-time 宝盾 of its people and verified hours of its
volunteers; nobody with zero ranked, ties to whoever got there first, minors never by name."""

from datetime import timedelta

import pytest

from app.core.time import utcnow
from app.extensions import db
from app.hours.models import HourSource, HourStatus, ServiceHourRecord
from app.users.models import User


def board(client, station, name, **query):
    extra = "&".join(f"{k}={v}" for k, v in query.items())
    response = client.get(f"/api/v1/stations/{station.id}/leaderboards/{name}?{extra}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def hours(user, station, minutes, *, days_ago, status=HourStatus.VERIFIED):
    start = utcnow() - timedelta(days=days_ago)
    db.session.add(
        ServiceHourRecord(
            user_id=user.id,
            station_id=station.id,
            source=HourSource.MANUAL,
            started_at=start,
            ended_at=start + timedelta(minutes=minutes),
            minutes=minutes,
            description="值班",
            status=status,
            created_by_id=user.id,
        )
    )
    db.session.commit()


@pytest.fixture
def people(factory):
    station = factory.station()
    other = factory.station()
    names = ("老王", "小李", "阿张", "零分")
    users = []
    for name in names:
        user = factory.user()
        user.nickname, user.first_station_id = name, station.id
        users.append(user)
    db.session.commit()
    return station, other, users


def test_hours_board_ranks_verified_hours_and_leaves_out_zero_and_pending(factory, people):
    station, other, (wang, li, zhang, zero) = people
    hours(wang, station, 120, days_ago=3)
    hours(li, station, 180, days_ago=5)
    hours(zhang, station, 120, days_ago=1)  # the same as 老王, reached later: ranked after him
    hours(zero, station, 600, days_ago=2, status=HourStatus.PENDING)
    hours(wang, other, 900, days_ago=2)  # served elsewhere: not this station's hours
    viewer = factory.client.login(zhang.openid)
    shown = board(viewer, station, "hours")
    assert [(r["name"], r["value"], r["rank"]) for r in shown["items"]] == [
        ("小李", 180, 1),
        ("老王", 120, 2),
        ("阿张", 120, 3),
    ]
    assert shown["unit"] == "minutes"
    assert (shown["me"]["rank"], shown["me"]["name"]) == (3, "阿张")
    assert board(factory.client.login(zero.openid), station, "hours")["me"] is None


def test_points_board_counts_what_was_earned_by_the_stations_people(factory, people, app):
    station, other, (wang, li, zhang, zero) = people
    outsider = factory.user()
    outsider.first_station_id = other.id
    db.session.commit()
    grant = factory.union_admin()
    for user, amount in ((wang, 30), (li, 50), (outsider, 500)):
        response = grant.post(
            "/api/v1/admin/points/adjustments",
            json={"user_id": user.id, "amount": amount, "reason": "线下活动"},
            headers={"Idempotency-Key": f"board-{user.id}"},
        )
        assert response.status_code in (200, 201), response.get_json()
    shown = board(factory.client.login(zero.openid), station, "points", limit=10)
    assert [(r["name"], r["value"]) for r in shown["items"]] == [("小李", 50), ("老王", 30)]
    assert shown["me"] is None
    assert shown["unit"] == "宝盾"


def test_minors_and_deleted_accounts_on_the_boards(factory, people):
    station, _, (wang, li, zhang, zero) = people
    hours(wang, station, 60, days_ago=2)
    hours(li, station, 90, days_ago=2)
    wang.age_band = "14_17"
    db.session.commit()
    li_row = db.session.get(User, li.id)
    li_row.deleted_at = utcnow()
    db.session.commit()
    shown = board(factory.client.login(zhang.openid), station, "hours")
    assert len(shown["items"]) == 1
    assert shown["items"][0]["name"].startswith("网友")
    assert "老王" not in str(shown)


def test_bad_board_station_and_limit(factory, people, client):
    station, _, (wang, *_rest) = people
    viewer = factory.client.login(wang.openid)
    assert viewer.get(f"/api/v1/stations/{station.id}/leaderboards/wealth").status_code == 404
    assert viewer.get("/api/v1/stations/999999/leaderboards/hours").status_code == 404
    for limit in (0, 101, "x"):
        bad = viewer.get(f"/api/v1/stations/{station.id}/leaderboards/hours?limit={limit}")
        assert bad.status_code == 422
    assert client.get(f"/api/v1/stations/{station.id}/leaderboards/hours").status_code == 401
    station.status = "suspended"
    db.session.commit()
    assert viewer.get(f"/api/v1/stations/{station.id}/leaderboards/hours").status_code == 404
