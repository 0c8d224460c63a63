"""Starting and submitting attempts: grading, points exactly once, deadlines, daily limits."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core.time import utcnow
from app.extensions import db
from app.points.models import PointTransfer
from app.points.service import balance_of
from app.quizzes.models import AttemptStatus, QuizAttempt
from tests.quizzes.factories import make_campaign, right_answers, wrong_answers


def submit(api, attempt_id, answers):
    return api.post(f"/api/v1/quiz-attempts/{attempt_id}/submit", json={"answers": answers})


def test_start_draws_questions_server_side_with_a_deadline(factory, campaign, start):
    """An attempt holds the campaign's number of distinct drawn questions and a deadline."""
    api = factory.resident()
    started = start(api, campaign)
    ids = [q["id"] for q in started["questions"]]
    assert len(ids) == 5 == len(set(ids))
    attempt = db.session.get(QuizAttempt, started["attempt_id"])
    assert attempt.question_ids == ids
    assert started["deadline"].endswith("+08:00")
    assert attempt.deadline - attempt.started_at == timedelta(seconds=300)


def test_a_perfect_submit_scores_and_credits_points_with_the_bonus(factory, campaign, start):
    """All right: score 100, 5×2 points + 5 bonus credited, answers and explanations returned."""
    api = factory.resident()
    started = start(api, campaign)
    ids = [q["id"] for q in started["questions"]]
    response = submit(api, started["attempt_id"], right_answers(ids))
    body = response.get_json()
    assert response.status_code == 200, body
    assert (body["score"], body["correct_count"], body["points_awarded"]) == (100, 5, 15)
    assert all(q["correct"] and q["answer"] and q["explanation"] for q in body["questions"])
    assert balance_of(api.user_id) == 15


def test_wrong_answers_earn_nothing_but_show_the_right_ones(factory, campaign, start):
    api = factory.resident()
    started = start(api, campaign)
    ids = [q["id"] for q in started["questions"]]
    body = submit(api, started["attempt_id"], wrong_answers(ids)).get_json()
    assert (body["score"], body["points_awarded"]) == (0, 0)
    assert all(q["answer"] != ["D"] and q["your_answer"] == ["D"] for q in body["questions"])
    assert balance_of(api.user_id) == 0


def test_a_second_submit_of_the_same_attempt_earns_nothing(factory, campaign, start):
    api = factory.resident()
    started = start(api, campaign)
    answers = right_answers([q["id"] for q in started["questions"]])
    assert submit(api, started["attempt_id"], answers).status_code == 200
    again = submit(api, started["attempt_id"], answers)
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "attempt_already_submitted"
    assert balance_of(api.user_id) == 15


@pytest.mark.mariadb
def test_concurrent_double_submit_credits_once(app, factory, campaign, start):
    """Eight simultaneous submits of one attempt: one 200, seven 409, one ledger transfer."""
    api = factory.resident()
    started = start(api, campaign)
    answers = right_answers([q["id"] for q in started["questions"]])
    barrier = threading.Barrier(8)
    statuses = []

    def worker():
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            response = client.post(
                f"/api/v1/quiz-attempts/{started['attempt_id']}/submit",
                json={"answers": answers},
                headers={"Authorization": f"Bearer {api.token}"},
            )
            statuses.append(response.status_code)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [409] * 7
    assert balance_of(api.user_id) == 15
    transfers = db.session.scalar(
        select(func.count())
        .select_from(PointTransfer)
        .where(PointTransfer.reference_type == "quiz_attempt")
    )
    assert transfers == 1


@pytest.mark.mariadb
def test_the_daily_cap_holds_under_concurrent_submits(app, factory, bank):
    """Six open attempts (made directly) submitted at once, each worth 15, cap 40: exactly 40."""
    campaign = make_campaign(daily_points_cap=40)
    user = factory.user()
    api = factory.client.login(user.openid)
    ids = [q.id for q in bank[:5]]
    attempts = []
    for _ in range(6):
        attempt = QuizAttempt(
            campaign_id=campaign.id,
            user_id=user.id,
            status=AttemptStatus.OPEN,
            question_ids=ids,
            question_count=5,
            deadline=utcnow() + timedelta(minutes=5),
        )
        db.session.add(attempt)
        attempts.append(attempt)
    db.session.commit()
    answers = right_answers(ids)
    barrier = threading.Barrier(len(attempts))
    awarded = []

    def worker(attempt_id):
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            response = client.post(
                f"/api/v1/quiz-attempts/{attempt_id}/submit",
                json={"answers": answers},
                headers={"Authorization": f"Bearer {api.token}"},
            )
            assert response.status_code == 200, response.get_json()
            awarded.append(response.get_json())

    threads = [threading.Thread(target=worker, args=(a.id,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r["points_awarded"] for r in awarded) == 40
    assert balance_of(user.id) == 40
    assert sum(1 for r in awarded if r["no_points_reason"] == "daily_cap_reached") >= 3


def test_an_expired_attempt_earns_nothing_and_says_why(factory, campaign, start):
    api = factory.resident()
    started = start(api, campaign)
    attempt = db.session.get(QuizAttempt, started["attempt_id"])
    attempt.deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = submit(api, attempt.id, right_answers(attempt.question_ids))
    body = response.get_json()
    assert response.status_code == 200
    assert body["status"] == "expired"
    assert (body["points_awarded"], body["no_points_reason"]) == (0, "deadline_passed")
    assert balance_of(api.user_id) == 0


def test_a_submit_within_the_grace_after_the_deadline_still_counts(factory, campaign, start):
    api = factory.resident()
    started = start(api, campaign)
    attempt = db.session.get(QuizAttempt, started["attempt_id"])
    attempt.deadline = utcnow() - timedelta(seconds=3)
    db.session.commit()
    body = submit(api, attempt.id, right_answers(attempt.question_ids)).get_json()
    assert body["status"] == "submitted" and body["points_awarded"] == 15


def test_answers_to_questions_not_drawn_earn_nothing(factory, campaign, bank, start):
    api = factory.resident()
    started = start(api, campaign)
    drawn = {q["id"] for q in started["questions"]}
    foreign = [q.id for q in bank if q.id not in drawn]
    answers = {**right_answers(foreign), "abc": ["A"]}
    body = submit(api, started["attempt_id"], answers).get_json()
    assert body["correct_count"] == 0 and body["points_awarded"] == 0
    assert body["ignored_answers"] == {k: "not_drawn" for k in answers}


def test_only_one_open_attempt_per_campaign(factory, campaign, start):
    """Starting again while an attempt is open gives back the same attempt and questions."""
    api = factory.resident()
    first = start(api, campaign)
    second = start(api, campaign)
    assert second["attempt_id"] == first["attempt_id"] and second["resumed"] is True
    assert second["questions"] == first["questions"]
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1


@pytest.mark.mariadb
def test_concurrent_starts_make_one_attempt(app, factory, campaign):
    api = factory.resident()
    path = f"/api/v1/quiz-campaigns/{campaign.id}/attempts"  # ORM objects stay in this thread
    barrier = threading.Barrier(6)
    ids = []

    def worker():
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            response = client.post(
                path,
                headers={"Authorization": f"Bearer {api.token}"},
            )
            assert response.status_code == 201, response.get_json()
            ids.append(response.get_json()["attempt_id"])

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 1
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1


def test_attempts_per_day_are_limited_per_account(factory, bank, start):
    campaign = make_campaign(attempts_per_day=2)
    api = factory.resident()
    for _ in range(2):
        started = start(api, campaign)
        submit(api, started["attempt_id"], {})
    third = api.post(f"/api/v1/quiz-campaigns/{campaign.id}/attempts")
    assert third.status_code == 409
    assert third.get_json()["error"]["code"] == "daily_attempts_exhausted"
    assert (
        factory.resident().post(f"/api/v1/quiz-campaigns/{campaign.id}/attempts").status_code == 201
    )


def test_fifty_users_behind_one_address_all_start(app, factory, campaign):
    """The start limit is per account: 50 residents on one station Wi-Fi all get in, while one
    account starting too fast is refused."""
    old = app.config["QUIZ_START_PER_ACCOUNT"]
    app.config["QUIZ_START_PER_ACCOUNT"] = "2/minute"
    try:
        clients = [factory.resident() for _ in range(50)]
        for api in clients:
            response = api.post(
                f"/api/v1/quiz-campaigns/{campaign.id}/attempts",
                environ_base={"REMOTE_ADDR": "10.1.1.1"},
            )
            assert response.status_code == 201, response.get_json()
        clients[0].post(f"/api/v1/quiz-campaigns/{campaign.id}/attempts")
        third = clients[0].post(f"/api/v1/quiz-campaigns/{campaign.id}/attempts")
        assert third.status_code == 429
        assert third.get_json()["error"]["code"] == "quiz_start_rate_limited"
    finally:
        app.config["QUIZ_START_PER_ACCOUNT"] = old


def test_a_station_can_be_limited_as_a_whole(app, factory, campaign):
    station = factory.station()
    old = app.config["QUIZ_START_PER_STATION"]
    app.config["QUIZ_START_PER_STATION"] = "3/minute"
    try:
        codes = []
        for _ in range(4):
            user = factory.user()
            user.first_station_id = station.id
            db.session.commit()
            codes.append(
                factory.client.login(user.openid)
                .post(f"/api/v1/quiz-campaigns/{campaign.id}/attempts")
                .status_code
            )
        assert codes == [201, 201, 201, 429]
        assert (
            factory.resident().post(f"/api/v1/quiz-campaigns/{campaign.id}/attempts").status_code
            == 201
        )
    finally:
        app.config["QUIZ_START_PER_STATION"] = old


def test_the_attempt_counts_for_the_users_station(factory, campaign, start):
    station = factory.station()
    user = factory.user()
    user.first_station_id = station.id
    db.session.commit()
    started = start(factory.client.login(user.openid), campaign)
    assert db.session.get(QuizAttempt, started["attempt_id"]).station_id == station.id


def test_a_closed_campaign_takes_no_new_attempts_and_pays_nothing(factory, campaign, start):
    api = factory.resident()
    started = start(api, campaign)
    campaign.status = "closed"
    db.session.commit()
    body = submit(
        api, started["attempt_id"], right_answers([q["id"] for q in started["questions"]])
    ).get_json()
    assert (body["points_awarded"], body["no_points_reason"]) == (0, "campaign_closed")
    again = factory.resident().post(f"/api/v1/quiz-campaigns/{campaign.id}/attempts")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "campaign_closed"


def test_malformed_answers_are_a_422_and_change_nothing(factory, campaign, start):
    api = factory.resident()
    started = start(api, campaign)
    for body in ({"answers": {"1": "A"}}, {"answers": []}, {}, {"answers": {}, "x": 1}):
        response = api.post(f"/api/v1/quiz-attempts/{started['attempt_id']}/submit", json=body)
        assert response.status_code == 422, body
        assert response.get_json()["error"]["code"] == "validation_error"
    assert db.session.get(QuizAttempt, started["attempt_id"]).status == "open"


def test_someone_elses_attempt_is_not_found(factory, campaign, start):
    started = start(factory.resident(), campaign)
    other = factory.resident()
    response = submit(other, started["attempt_id"], {})
    assert response.status_code == 404
    assert other.get(f"/api/v1/quiz-attempts/{started['attempt_id']}").status_code == 404


def test_users_see_their_attempt_history(factory, campaign, start):
    api = factory.resident()
    started = start(api, campaign)
    submit(api, started["attempt_id"], right_answers([q["id"] for q in started["questions"]]))
    start(api, campaign)
    page = api.get("/api/v1/me/quiz-attempts").get_json()
    assert page["total"] == 2
    assert [item["status"] for item in page["items"]] == ["open", "submitted"]
    assert page["items"][1]["points_awarded"] == 15
    assert page["items"][1]["campaign_title"] == campaign.title
    result = api.get(f"/api/v1/quiz-attempts/{started['attempt_id']}").get_json()
    assert result["score"] == 100 and result["questions"][0]["explanation"]
