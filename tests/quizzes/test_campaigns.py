"""Campaigns: created by admins of their scope, with an entrance; visible by scope."""

from datetime import timedelta

from app.core.time import utcnow
from app.entrances.service import current_entrance
from app.extensions import db
from app.quizzes.models import QuizCampaign
from tests.quizzes.factories import make_campaign


def body(**extra):
    now = utcnow()
    return {
        "title": "网络安全宣传周答题",
        "starts_at": (now - timedelta(hours=1)).isoformat(),
        "ends_at": (now + timedelta(days=7)).isoformat(),
        "questions_per_attempt": 5,
        "points_per_correct": 2,
        "daily_points_cap": 30,
        "ranking_bonuses": [{"rank_from": 1, "rank_to": 3, "points": 100}],
        **extra,
    }


def test_a_station_admin_creates_a_station_campaign_with_its_entrance(factory):
    station = factory.station()
    admin = factory.station_admin(station)
    response = admin.post(
        "/api/v1/quiz-campaigns", json=body(scope="station", station_id=station.id)
    )
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert data["association_id"] == station.association_id
    entrance = current_entrance(kind="quiz_campaign", target_id=data["id"])
    assert entrance.station_id == station.id and data["entrance_scene"] == entrance.scene
    resolved = factory.client.get(f"/api/v1/entrances/{entrance.scene}").get_json()
    assert resolved["kind"] == "quiz_campaign" and resolved["target_id"] == data["id"]


def test_scope_decides_who_may_create(factory):
    association = factory.association()
    station = factory.station(association=association)
    station_admin = factory.station_admin(station)
    denied = station_admin.post(
        "/api/v1/quiz-campaigns", json=body(scope="association", association_id=association.id)
    )
    assert denied.status_code == 403
    assert (
        factory.association_admin(association)
        .post("/api/v1/quiz-campaigns", json=body(scope="national"))
        .status_code
        == 403
    )
    assert (
        factory.resident()
        .post("/api/v1/quiz-campaigns", json=body(scope="station", station_id=station.id))
        .status_code
        == 403
    )
    assert db.session.query(QuizCampaign).count() == 0


def test_invalid_campaigns_are_refused_with_reasons(factory):
    admin = factory.union_admin()
    now = utcnow()
    backwards = admin.post(
        "/api/v1/quiz-campaigns",
        json=body(scope="national", ends_at=(now - timedelta(days=2)).isoformat()),
    )
    assert "ends_at" in backwards.get_json()["error"]["details"]["fields"]
    no_mark = admin.post("/api/v1/quiz-campaigns", json=body(scope="national", is_assessment=True))
    assert "pass_mark" in no_mark.get_json()["error"]["details"]["fields"]
    overlap = admin.post(
        "/api/v1/quiz-campaigns",
        json=body(
            scope="national",
            ranking_bonuses=[
                {"rank_from": 1, "rank_to": 3, "points": 1},
                {"rank_from": 3, "rank_to": 5, "points": 1},
            ],
        ),
    )
    assert "ranking_bonuses" in overlap.get_json()["error"]["details"]["fields"]
    naive = admin.post(
        "/api/v1/quiz-campaigns", json=body(scope="national", starts_at="2026-01-01T00:00:00")
    )
    assert naive.status_code == 422
    assert db.session.query(QuizCampaign).count() == 0


def test_users_see_national_their_associations_and_their_stations_campaigns(factory):
    association = factory.association()
    station = factory.station(association=association)
    sub_station = factory.station(parent=station)
    elsewhere = factory.station()
    national = make_campaign(title="全国")
    own_association = make_campaign(
        title="协会", scope="association", association_id=association.id
    )
    own_station = make_campaign(
        title="本站", scope="station", association_id=association.id, station_id=station.id
    )
    make_campaign(
        title="别站",
        scope="station",
        association_id=elsewhere.association_id,
        station_id=elsewhere.id,
    )
    make_campaign(title="别的协会", scope="association", association_id=elsewhere.association_id)
    make_campaign(title="已结束", ends_at=utcnow() - timedelta(minutes=1))
    make_campaign(title="已关闭", status="closed")
    user = factory.user()
    user.first_station_id = sub_station.id
    db.session.commit()
    titles = {
        c["title"]
        for c in factory.client.login(user.openid).get("/api/v1/quiz-campaigns").get_json()["items"]
    }
    assert titles == {national.title, own_association.title, own_station.title}
    stranger = factory.resident().get("/api/v1/quiz-campaigns").get_json()["items"]
    assert {c["title"] for c in stranger} == {national.title}
    hidden = factory.resident().post(f"/api/v1/quiz-campaigns/{own_station.id}/attempts")
    assert hidden.status_code == 404


def test_admins_update_and_close_campaigns(factory):
    association = factory.association()
    admin = factory.association_admin(association)
    created = admin.post(
        "/api/v1/quiz-campaigns", json=body(scope="association", association_id=association.id)
    ).get_json()
    changed = admin.patch(f"/api/v1/quiz-campaigns/{created['id']}", json={"daily_points_cap": 10})
    assert changed.get_json()["daily_points_cap"] == 10
    other = factory.association_admin(factory.association())
    assert other.post(f"/api/v1/quiz-campaigns/{created['id']}/close").status_code == 403
    closed = admin.post(f"/api/v1/quiz-campaigns/{created['id']}/close")
    assert closed.get_json()["status"] == "closed"
    again = admin.post(f"/api/v1/quiz-campaigns/{created['id']}/close")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "campaign_closed"
    managed = admin.get("/api/v1/admin/quiz-campaigns").get_json()["items"]
    assert [c["id"] for c in managed] == [created["id"]]


def test_a_campaign_without_enough_questions_says_so(factory, app):
    campaign = make_campaign(questions_per_attempt=5)
    response = factory.resident().post(f"/api/v1/quiz-campaigns/{campaign.id}/attempts")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "campaign_bank_too_small"


def test_a_campaign_draws_only_from_its_categories(factory, start):
    from tests.quizzes.factories import make_questions

    make_questions(6, category="网络安全法")
    fraud = {q.id for q in make_questions(6, category="反诈防骗")}
    campaign = make_campaign(categories=["反诈防骗"], questions_per_attempt=6)
    started = start(factory.resident(), campaign)
    assert {q["id"] for q in started["questions"]} == fraud
