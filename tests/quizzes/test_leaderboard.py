"""Leaderboards in Redis: users by correct answers, stations by participants; rebuilt when lost."""

from app.extensions import db
from tests.quizzes.factories import right_answers, wrong_answers


def play(factory, campaign, start, *, station=None, correct=True):
    user = factory.user()
    if station is not None:
        user.first_station_id = station.id
        db.session.commit()
    api = factory.client.login(user.openid)
    started = start(api, campaign)
    ids = [q["id"] for q in started["questions"]]
    answers = right_answers(ids) if correct else wrong_answers(ids)
    assert (
        api.post(
            f"/api/v1/quiz-attempts/{started['attempt_id']}/submit", json={"answers": answers}
        ).status_code
        == 200
    )
    return user, api


def test_users_rank_by_correct_answers_then_who_got_there_first(factory, campaign, start, redis):
    first, _ = play(factory, campaign, start)
    second, _ = play(factory, campaign, start)
    last, api = play(factory, campaign, start, correct=False)
    board = api.get(f"/api/v1/quiz-campaigns/{campaign.id}/leaderboard?scope=users").get_json()
    # Nobody with zero correct answers is ranked (issue 19): the last player has no place.
    assert [(r["user_id"], r["correct_answers"]) for r in board["items"]] == [
        (first.id, 5),
        (second.id, 5),
    ]
    assert board["me"] is None
    second_view = factory.client.login(second.openid)
    mine = second_view.get(f"/api/v1/quiz-campaigns/{campaign.id}/leaderboard").get_json()["me"]
    assert (mine["rank"], mine["user_id"]) == (2, second.id)
    # Lost from Redis: rebuilt from the database on the next read, in the same order.
    redis.flushdb()
    again = api.get(f"/api/v1/quiz-campaigns/{campaign.id}/leaderboard").get_json()
    assert again["items"] == board["items"]


def test_stations_rank_by_participants_and_correct_answers(factory, campaign, start, redis):
    big, small = factory.station(name="大站"), factory.station(name="小站")
    play(factory, campaign, start, station=big, correct=False)
    play(factory, campaign, start, station=big, correct=False)
    play(factory, campaign, start, station=small)
    _, api = play(factory, campaign, start)
    by_people = api.get(
        f"/api/v1/quiz-campaigns/{campaign.id}/leaderboard?scope=stations"
    ).get_json()["items"]
    assert [(r["name"], r["participants"], r["correct_answers"]) for r in by_people] == [
        ("大站", 2, 0),
        ("小站", 1, 5),
    ]
    by_correct = api.get(
        f"/api/v1/quiz-campaigns/{campaign.id}/leaderboard?scope=stations&by=correct"
    ).get_json()["items"]
    assert [r["name"] for r in by_correct] == ["小站", "大站"]
    redis.flushdb()
    rebuilt = api.get(f"/api/v1/quiz-campaigns/{campaign.id}/leaderboard?scope=stations").get_json()
    assert rebuilt["items"] == by_people


def test_a_repeated_leaderboard_update_counts_once(factory, campaign, start):
    from app.quizzes import leaderboard
    from app.quizzes.models import QuizAttempt

    user, api = play(factory, campaign, start)
    attempt = db.session.query(QuizAttempt).filter_by(user_id=user.id).one()
    leaderboard.record_attempt(
        campaign=campaign,
        attempt_id=attempt.id,
        user_id=user.id,
        correct=5,
        submitted_at=attempt.submitted_at,
        station_id=None,
    )
    board = api.get(f"/api/v1/quiz-campaigns/{campaign.id}/leaderboard").get_json()
    assert board["items"][0]["correct_answers"] == 5


def test_minors_are_not_named_on_the_leaderboard(factory, campaign, start):
    user, api = play(factory, campaign, start)
    user.nickname, user.age_band = "小明", "14_17"
    db.session.commit()
    row = api.get(f"/api/v1/quiz-campaigns/{campaign.id}/leaderboard").get_json()["items"][0]
    assert row["name"] != "小明" and row["name"].startswith("网友")
