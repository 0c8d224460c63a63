"""campaign_close settles ranking bonuses once; assessments report pass or fail."""

from datetime import timedelta

import pytest

from app.core.time import utcnow
from app.errors import Conflict
from app.extensions import db
from app.points.service import balance_of
from app.quizzes import service
from app.quizzes.models import AttemptStatus, QuizAttempt
from app.quizzes.settlement import apply, materialise
from app.settlements.kinds import KINDS
from tests.quizzes.factories import make_campaign, right_answers


def graded(campaign, user, correct, minutes_ago):
    at = utcnow() - timedelta(minutes=minutes_ago)
    db.session.add(
        QuizAttempt(
            campaign_id=campaign.id,
            user_id=user.id,
            status=AttemptStatus.SUBMITTED,
            question_ids=[],
            question_count=5,
            correct_count=correct,
            started_at=at - timedelta(minutes=1),
            deadline=at,
            submitted_at=at,
        )
    )
    db.session.commit()


def test_campaign_close_materialises_bonuses_in_rank_order_and_applies_once(factory, bank):
    campaign = make_campaign(
        ranking_bonuses=[
            {"rank_from": 1, "rank_to": 1, "points": 100},
            {"rank_from": 2, "rank_to": 3, "points": 50},
        ]
    )
    late, early, top, fourth = (factory.user() for _ in range(4))
    graded(campaign, top, 5, 30)
    graded(campaign, top, 4, 20)  # 9 in total
    graded(campaign, late, 5, 5)  # ties with `early` on 5; reached it later
    graded(campaign, early, 5, 10)
    graded(campaign, fourth, 3, 40)
    assert "campaign_close" in KINDS
    with pytest.raises(Conflict):
        list(materialise({"campaign_id": campaign.id}))
    campaign.status = "closed"
    db.session.commit()
    items = list(materialise({"campaign_id": campaign.id}))
    assert [(i.item_key, i.amount, i.payload["rank"]) for i in items] == [
        (f"campaign:{campaign.id}:user:{top.id}", 100, 1),
        (f"campaign:{campaign.id}:user:{early.id}", 50, 2),
        (f"campaign:{campaign.id}:user:{late.id}", 50, 3),
    ]
    assert list(materialise({"campaign_id": campaign.id})) == items
    for item in items + items:  # a chunk run twice credits once
        apply(item)
    db.session.commit()
    assert (balance_of(top.id), balance_of(early.id), balance_of(late.id)) == (100, 50, 50)
    assert balance_of(fourth.id) == 0


def test_an_assessment_reports_pass_and_is_found_by_passed_assessment(factory, bank, start):
    campaign = make_campaign(
        is_assessment=True, pass_mark=80, points_per_correct=0, perfect_bonus=0
    )
    api = factory.resident()
    since = utcnow() - timedelta(minutes=1)
    assert service.passed_assessment(user_id=api.user_id, since=since) is None
    started = start(api, campaign)
    ids = [q["id"] for q in started["questions"]]
    answers = right_answers(ids)
    answers[str(ids[0])] = ["D"]  # 4 of 5: 80%
    result = api.post(
        f"/api/v1/quiz-attempts/{started['attempt_id']}/submit", json={"answers": answers}
    ).get_json()
    assert (result["is_assessment"], result["score"], result["pass_mark"], result["passed"]) == (
        True,
        80,
        80,
        True,
    )
    found = service.passed_assessment(user_id=api.user_id, since=since)
    assert found["attempt_id"] == started["attempt_id"] and found["score"] == 80
    assert found["pass_mark"] == 80 and found["campaign_id"] == campaign.id
    assert (
        service.passed_assessment(user_id=api.user_id, since=utcnow() + timedelta(minutes=1))
        is None
    )


def test_a_failed_assessment_is_not_a_pass(factory, bank, start):
    campaign = make_campaign(is_assessment=True, pass_mark=80)
    api = factory.resident()
    started = start(api, campaign)
    result = api.post(
        f"/api/v1/quiz-attempts/{started['attempt_id']}/submit", json={"answers": {}}
    ).get_json()
    assert result["passed"] is False
    assert (
        service.passed_assessment(user_id=api.user_id, since=utcnow() - timedelta(hours=1)) is None
    )


def test_passed_assessment_filters_by_association(factory, bank, start):
    association = factory.association()
    station = factory.station(association=association)
    campaign = make_campaign(
        is_assessment=True, pass_mark=60, scope="association", association_id=association.id
    )
    user = factory.user()
    user.first_station_id = station.id
    db.session.commit()
    api = factory.client.login(user.openid)
    started = start(api, campaign)
    api.post(
        f"/api/v1/quiz-attempts/{started['attempt_id']}/submit",
        json={"answers": right_answers([q["id"] for q in started["questions"]])},
    )
    since = utcnow() - timedelta(hours=1)
    assert service.passed_assessment(user_id=user.id, since=since, association_id=association.id)
    other = factory.association()
    assert service.passed_assessment(user_id=user.id, since=since, association_id=other.id) is None
