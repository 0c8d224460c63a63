"""GET /api/v1/associations/{id}/figures and GET /api/v1/figures: the dashboard's monthly
series (12 Asia/Shanghai months), per association or for the country."""

import uuid
from datetime import timedelta

import pytest

from app.core.time import utcnow
from app.core.transactions import run_in_transaction
from app.extensions import db
from app.gifts import catalog
from app.hours.models import ServiceHourRecord
from app.points import service as points
from app.points.models import SystemAccount
from app.quizzes.models import QuizAttempt, QuizCampaign
from app.users.models import User
from app.volunteers.models import VolunteerProfile
from tests.support import assert_documented

_numbers = iter(range(1, 10_000))


def volunteer(factory, station, approved_at):
    user = factory.user()
    db.session.add(
        VolunteerProfile(
            user_id=user.id,
            volunteer_number=f"T-{next(_numbers):05d}",
            home_station_id=station.id,
            approved_at=approved_at,
        )
    )
    db.session.commit()
    return user


def hours(user, station, minutes, *, status="verified", credited_points=None):
    start = utcnow() - timedelta(hours=3)
    db.session.add(
        ServiceHourRecord(
            user_id=user.id,
            station_id=station.id,
            source="manual",
            started_at=start,
            ended_at=start + timedelta(minutes=minutes),
            minutes=minutes,
            description="宣讲",
            status=status,
            created_by_id=user.id,
            credited_at=utcnow() if credited_points else None,
            credited_points=credited_points,
        )
    )
    db.session.commit()


def attempt(campaign, user, station, awarded):
    now = utcnow()
    db.session.add(
        QuizAttempt(
            campaign_id=campaign.id,
            user_id=user.id,
            station_id=station.id,
            status="submitted",
            question_ids=[],
            started_at=now - timedelta(minutes=5),
            deadline=now,
            submitted_at=now - timedelta(minutes=1),
            points_awarded=awarded,
        )
    )
    db.session.commit()


@pytest.fixture
def country(factory):
    a = factory.association(name="北京协会")
    b = factory.association(name="上海协会", region="上海市")
    s = factory.station(association=a)
    factory.station(association=a, kind="education_base", status="suspended")
    f = factory.station(association=b)
    now = utcnow()
    alice = volunteer(factory, s, now - timedelta(hours=1))
    volunteer(factory, s, now - timedelta(days=400))  # counted in the total, not the series
    bob = volunteer(factory, f, now - timedelta(hours=1))
    hours(alice, s, 120, credited_points=20)
    hours(alice, s, 60, status="pending")
    hours(bob, f, 30)
    campaign = QuizCampaign(
        title="测试",
        scope="national",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=1),
        categories=[],
        questions_per_attempt=5,
        time_limit_seconds=300,
        attempts_per_day=3,
        points_per_correct=1,
        perfect_bonus=0,
        daily_points_cap=100,
        ranking_bonuses=[],
    )
    db.session.add(campaign)
    db.session.commit()
    attempt(campaign, alice, s, 7)
    attempt(campaign, alice, s, 3)
    attempt(campaign, bob, f, 5)
    union = factory.union_admin()
    run_in_transaction(
        lambda: points.credit_user(
            user_id=alice.id,
            amount=100,
            source=SystemAccount.QUIZ_REWARDS,
            idempotency_key="figures-fund",
            reason="测试",
            reference_type="quiz_attempt",
            reference_id=1,
        )
    )
    gift = run_in_transaction(
        lambda: catalog.create_gift_step(
            actor=db.session.get(User, union.user_id),
            data={
                "name": "帆布袋",
                "price_points": 10,
                "stock": 5,
                "per_user_limit": 2,
                "scope": "national",
                "sponsor": "支持单位",
                "pickup_station_ids": [s.id],
            },
        )
    )
    shopper = factory.client.login(alice.openid)
    redeemed = shopper.post(
        f"/api/v1/gifts/{gift.id}/redemptions",
        json={"quantity": 1, "pickup_station_id": s.id},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert redeemed.status_code == 201, redeemed.get_json()
    return {"a": a, "b": b, "s": s, "f": f, "union": union}


def test_an_association_sees_its_own_months(country, factory, app):
    admin = factory.association_admin(country["a"])
    response = admin.get(f"/api/v1/associations/{country['a'].id}/figures")
    assert response.status_code == 200, response.get_json()
    assert_documented(app, response, "GET", "/api/v1/associations/{association_id}/figures")
    body = response.get_json()
    assert len(body["months"]) == 12 and body["months"] == sorted(body["months"])
    assert body["volunteers"]["total"] == 2
    assert body["volunteers"]["new_per_month"][-1] == 1
    assert sum(body["volunteers"]["new_per_month"]) == 1
    assert body["verified_minutes_per_month"][-1] == 120
    assert body["quiz"]["attempts_per_month"][-1] == 2
    assert body["quiz"]["participants_per_month"][-1] == 1
    assert body["points"]["quiz_issued_per_month"][-1] == 10
    assert body["points"]["service_issued_per_month"][-1] == 20
    assert body["points"]["issued_per_month"][-1] == 30
    assert body["points"]["redeemed_per_month"][-1] == 10
    assert sorted((s["kind"], s["status"], s["count"]) for s in body["stations"]) == [
        ("education_base", "suspended", 1),
        ("service_station", "active", 1),
    ]
    assert body["targets"]["association_id"] == country["a"].id


def test_the_union_sees_the_country_and_drills_down(country, app):
    union = country["union"]
    response = union.get("/api/v1/figures")
    assert_documented(app, response, "GET", "/api/v1/figures")
    body = response.get_json()
    assert body["association_id"] is None and body["targets"] is None
    assert body["volunteers"]["total"] == 3
    assert body["verified_minutes_per_month"][-1] == 150
    assert body["quiz"]["attempts_per_month"][-1] == 3
    assert body["quiz"]["participants_per_month"][-1] == 2
    assert sum(s["count"] for s in body["stations"]) == 3
    drilled = union.get(f"/api/v1/figures?association_id={country['b'].id}").get_json()
    assert drilled["association_id"] == country["b"].id
    assert drilled["verified_minutes_per_month"][-1] == 30
    assert drilled["points"]["redeemed_per_month"][-1] == 0
    same = union.get(f"/api/v1/associations/{country['b'].id}/figures").get_json()
    assert {k: v for k, v in same.items() if k != "targets"} == {
        k: v for k, v in drilled.items() if k != "targets"
    }


def test_scoping(country, factory, client):
    a, b = country["a"].id, country["b"].id
    own = factory.association_admin(country["a"])
    assert own.get(f"/api/v1/associations/{b}/figures").status_code == 403
    assert own.get("/api/v1/figures").status_code == 403
    assert own.get(f"/api/v1/figures?association_id={a}").status_code == 200
    assert own.get(f"/api/v1/figures?association_id={b}").status_code == 403
    station_admin = factory.station_admin(country["s"])
    assert station_admin.get(f"/api/v1/associations/{a}/figures").status_code == 403
    assert station_admin.get("/api/v1/figures").status_code == 403
    assert factory.resident().get(f"/api/v1/associations/{a}/figures").status_code == 403
    assert client.get(f"/api/v1/associations/{a}/figures").status_code == 401
    assert client.get("/api/v1/figures").status_code == 401


def test_bad_and_unknown_ids(country):
    union = country["union"]
    assert union.get("/api/v1/associations/999999/figures").status_code == 404
    assert union.get("/api/v1/figures?association_id=999999").status_code == 404
    for bad in ("abc", "0", "-1", "99999999999"):
        response = union.get(f"/api/v1/figures?association_id={bad}")
        assert response.status_code == 422, bad
