"""A campaign's own code admits whoever logs in with it: an association's or a station's quiz
campaign is open to the people who scanned its code, and only to them beyond its scope."""

from sqlalchemy import func, select

from app.entrances import service as entrances
from app.extensions import db
from app.quizzes.models import CampaignAdmission
from tests.quizzes.factories import make_questions
from tests.quizzes.test_campaigns import body


def create(admin, **scope):
    response = admin.post("/api/v1/quiz-campaigns", json=body(**scope))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def visible_ids(client) -> set[int]:
    return {c["id"] for c in client.get("/api/v1/quiz-campaigns").get_json()["items"]}


def start(client, campaign):
    return client.post(f"/api/v1/quiz-campaigns/{campaign['id']}/attempts")


def test_a_new_user_who_scans_an_association_campaign_code_can_play_it(factory):
    """Login with the campaign's scene: the campaign is listed and an attempt starts (201); a
    user who never scanned it, tied to another association or to none, still gets 404."""
    make_questions(10)
    association = factory.association()
    campaign = create(
        factory.association_admin(association), scope="association", association_id=association.id
    )
    player = factory.client.login("scanner_000001", scene=campaign["entrance_scene"])
    assert campaign["id"] in visible_ids(player)
    started = start(player, campaign)
    assert started.status_code == 201, started.get_json()
    assert len(started.get_json()["questions"]) == 5
    for stranger in (factory.resident(), factory.member(factory.station())):
        assert campaign["id"] not in visible_ids(stranger)
        refused = start(stranger, campaign)
        assert refused.status_code == 404
        assert refused.get_json()["error"]["code"] == "campaign_not_found"
        assert stranger.get(f"/api/v1/quiz-campaigns/{campaign['id']}").status_code == 404


def test_an_existing_user_of_another_station_is_admitted_by_a_station_campaign_code(factory):
    """Someone who first came in elsewhere keeps their first station, and the station
    campaign whose code they scanned opens to them."""
    make_questions(10)
    station = factory.station()
    campaign = create(factory.station_admin(station), scope="station", station_id=station.id)
    elsewhere = factory.station()
    member = factory.member(elsewhere, openid="member_000001")
    assert start(member, campaign).status_code == 404
    again = factory.client.login("member_000001", scene=campaign["entrance_scene"])
    assert again.get("/api/v1/me").get_json()["first_station_id"] == elsewhere.id
    assert start(again, campaign).status_code == 201


def test_admission_is_for_that_campaign_only_and_once(factory):
    """Another campaign of the same association stays closed to the scanner; logging in with
    the code twice records one admission."""
    make_questions(10)
    association = factory.association()
    admin = factory.association_admin(association)
    scanned = create(admin, scope="association", association_id=association.id)
    other = create(admin, scope="association", association_id=association.id)
    for _ in range(2):
        player = factory.client.login("scanner_000002", scene=scanned["entrance_scene"])
    assert db.session.scalar(select(func.count(CampaignAdmission.id))) == 1
    assert visible_ids(player) == {scanned["id"]}
    assert start(player, other).status_code == 404


def test_a_replaced_or_unknown_code_admits_nobody(factory):
    """A rotated campaign scene, or a scene that names nothing, still logs in but admits no one."""
    make_questions(10)
    association = factory.association()
    campaign = create(
        factory.association_admin(association), scope="association", association_id=association.id
    )
    entrance = entrances.current_entrance(kind="quiz_campaign", target_id=campaign["id"])
    entrances.rotate_entrance(entrance=entrance)
    db.session.commit()
    for scene in (campaign["entrance_scene"], "ZZZZ9999"):
        player = factory.client.login("scanner_000003", scene=scene)
        assert start(player, campaign).status_code == 404
    assert db.session.scalar(select(func.count(CampaignAdmission.id))) == 0
