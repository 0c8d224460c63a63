"""Round trips per request, pinned: login, a bare authenticated request, quiz start, submit
and redeem send no more SQL statements than bench/README.md states. A rise is a regression to
explain, not to re-pin silently."""

from app.extensions import db
from tests.gifts.factories import key, make_gift
from tests.points.factories import fund
from tests.querycount import statements
from tests.quizzes.factories import make_campaign, make_questions, right_answers

# Statements per request, as measured; the embedded SQLite default sends its own BEGIN.
PINNED = {
    "login": {"mysql": 10, "sqlite": 12},
    "ping": {"mysql": 3, "sqlite": 3},
    "start": {"mysql": 17, "sqlite": 18},
    "submit": {"mysql": 26, "sqlite": 28},
    "redeem": {"mysql": 40, "sqlite": 43},
}


def engine() -> str:
    return "sqlite" if db.engine.dialect.name == "sqlite" else "mysql"


def check(name: str, sent: list[str]) -> None:
    print(name, engine(), len(sent))
    assert len(sent) <= PINNED[name][engine()], "\n".join(sent)


def test_statements_per_request_are_pinned(app, factory, client):
    """Each of the five requests stays within its pinned number of statements."""
    api = factory.resident()
    fund(api.user_id, 1)  # steady state: the system accounts and this wallet exist
    factory.user(openid="round_trip_user")
    with statements() as sent:
        client.login("round_trip_user")
    check("login", sent)

    with (
        statements() as sent,
        app.test_request_context("/api/v1/me", headers={"Authorization": f"Bearer {api.token}"}),
    ):
        app.preprocess_request()  # bearer user + limits: what every request pays
    check("ping", sent)

    make_questions(12)
    campaign = make_campaign()
    api.post(f"/api/v1/quiz-campaigns/{campaign.id}/attempts")  # warm per-process caches
    other = factory.resident()
    with statements() as sent:
        started = other.post(f"/api/v1/quiz-campaigns/{campaign.id}/attempts")
    assert started.status_code == 201, started.get_json()
    check("start", sent)

    ids = [q["id"] for q in started.get_json()["questions"]]
    attempt_id = started.get_json()["attempt_id"]
    with statements() as sent:
        submitted = other.post(
            f"/api/v1/quiz-attempts/{attempt_id}/submit", json={"answers": right_answers(ids)}
        )
    assert submitted.status_code == 200, submitted.get_json()
    check("submit", sent)

    union = factory.union_admin()
    station = factory.station(association=factory.association())
    gift = make_gift(union.user_id, pickup_station_ids=[station.id])
    fund(other.user_id, 50)
    with statements() as sent:
        redeemed = other.post(
            f"/api/v1/gifts/{gift}/redemptions", json={}, headers={"Idempotency-Key": key()}
        )
    assert redeemed.status_code == 201, redeemed.get_json()
    check("redeem", sent)
