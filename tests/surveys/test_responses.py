"""Submitting responses: attribution, every validity flag, the idempotent re-send, window edges
in Beijing time, points exactly once, drafts and bad input."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.points.service import balance_of
from app.surveys.models import SurveyResponse
from tests.surveys.factories import answers, beijing, flags_of


def test_a_valid_response_is_attributed_to_its_link_and_credits_points(world):
    resident = world.factory.resident()
    made = world.submit(resident, link=world.station_link)
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["is_valid"] is True and body["flags"] == []
    assert body["link_id"] == world.station_link["id"]
    assert body["station_id"] == world.station.id
    assert body["association_id"] == world.association.id
    assert body["points_awarded"] == 20
    assert balance_of(resident.user_id) == 20


def test_a_response_through_the_association_link_belongs_to_no_station(world):
    made = world.submit(world.factory.resident(), link=world.association_link)
    assert made.get_json()["station_id"] is None
    assert made.get_json()["association_id"] == world.association.id


def test_attribution_does_not_change_when_the_user_later_comes_through_another_station(world):
    """The response keeps its link even after the user logs in through another station's code
    and the link's scene is rotated."""
    from app.entrances import service as entrances
    from app.entrances.models import Entrance

    resident = world.factory.resident()
    response_id = world.submit(resident, link=world.station_link).get_json()["id"]
    station_entrance = entrances.create_entrance(
        kind="station", target_id=world.other_station.id, station_id=world.other_station.id
    )
    db.session.commit()
    world.client.login(_openid(resident), scene=station_entrance.scene)
    entrance = db.session.scalar(
        select(Entrance).where(Entrance.scene == world.station_link["scene"])
    )
    entrances.rotate_entrance(entrance=entrance)
    db.session.commit()
    db.session.expire_all()
    row = db.session.get(SurveyResponse, response_id)
    assert (row.link_id, row.station_id) == (world.station_link["id"], world.station.id)


def _openid(api_client) -> str:
    from app.users.models import User

    return db.session.get(User, api_client.user_id).openid


def test_resending_the_same_client_id_returns_the_same_response_and_earns_nothing_more(world):
    resident = world.factory.resident()
    first = world.submit(resident, client_id="attempt-0001")
    again = world.submit(resident, client_id="attempt-0001", answer_set=answers(region="rural"))
    assert again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    assert again.get_json()["replayed"] is True and again.get_json()["points_awarded"] == 0
    assert again.get_json()["flags"] == []  # not flagged as a duplicate of itself
    assert balance_of(resident.user_id) == 20
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1


def test_a_second_attempt_by_the_same_wechat_user_is_a_duplicate(world):
    resident = world.factory.resident()
    world.submit(resident, client_id="attempt-0001")
    second = world.submit(resident, client_id="attempt-0002", link=world.other_station_link)
    assert second.status_code == 201
    assert flags_of(second) == {"duplicate"}
    assert second.get_json()["is_valid"] is False
    assert balance_of(resident.user_id) == 20


@pytest.mark.mariadb
def test_concurrent_attempts_of_one_user_give_exactly_one_valid_response(app, world):
    resident = world.factory.resident()
    barrier = threading.Barrier(4)
    results = []

    def attempt(number):
        with app.app_context():
            barrier.wait()
            results.append(world.submit(resident, client_id=f"attempt-{number:04d}"))

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in results) == [201] * 4
    assert sum(r.get_json()["is_valid"] for r in results) == 1
    assert balance_of(resident.user_id) == 20


def test_answering_faster_than_the_minimum_time_is_flagged(world):
    made = world.submit(world.factory.resident(), started=world.clock.now - timedelta(seconds=59))
    assert flags_of(made) == {"too_fast"}
    assert "59 s" in made.get_json()["flags"][0]["reason"]


def test_exactly_the_minimum_time_is_fast_enough(world):
    made = world.submit(world.factory.resident(), started=world.clock.now - timedelta(seconds=60))
    assert made.get_json()["is_valid"] is True


def test_the_same_option_on_every_matrix_row_is_straight_lining(world):
    same = {row: "5" for row in ("fraud", "privacy", "minors", "rumours", "platform")}
    made = world.submit(world.factory.resident(), answer_set=answers(satisfaction=same))
    assert flags_of(made) == {"straight_lining"}
    assert made.get_json()["is_valid"] is False


def test_a_missing_required_answer_is_incomplete(world):
    made = world.submit(world.factory.resident(), answer_set=answers(region=None))
    assert flags_of(made) == {"incomplete"}
    assert "region" in made.get_json()["flags"][0]["reason"]


def test_a_matrix_with_unanswered_rows_is_incomplete(world):
    partial = {"fraud": "5", "privacy": "3"}
    made = world.submit(world.factory.resident(), answer_set=answers(satisfaction=partial))
    assert flags_of(made) == {"incomplete"}


def test_skip_logic_requires_a_follow_up_only_when_it_was_shown(world):
    """`school` is asked only of students: an employee need not answer it, a student must."""
    employee = world.submit(world.factory.resident(), answer_set=answers(occupation="employee"))
    student = world.submit(world.factory.resident(), answer_set=answers(occupation="student"))
    assert employee.get_json()["is_valid"] is True
    assert (
        flags_of(student) == {"incomplete"} and "school" in student.get_json()["flags"][0]["reason"]
    )


def test_flags_accumulate_with_reasons(world):
    same = {row: "1" for row in ("fraud", "privacy", "minors", "rumours", "platform")}
    made = world.submit(
        world.factory.resident(),
        started=world.clock.now - timedelta(seconds=5),
        answer_set=answers(satisfaction=same, age_band=None),
    )
    assert flags_of(made) == {"too_fast", "straight_lining", "incomplete"}
    assert all(item["reason"] for item in made.get_json()["flags"])


def test_window_edges_in_beijing_time(world):
    """Collection Sep 13–22 means [2023-09-13 00:00+08, 2023-09-23 00:00+08)."""
    cases = [
        (beijing(2023, 9, 12, 23, 59, 59), False, "public test"),
        (beijing(2023, 9, 13, 0, 0, 0), True, None),
        (beijing(2023, 9, 22, 23, 59, 59), True, None),
        (beijing(2023, 9, 23, 0, 0, 0), False, "after"),
        (beijing(2023, 9, 8, 12, 0), False, "internal test"),
        (beijing(2023, 9, 1, 12, 0), False, "before"),
    ]
    for moment, valid, reason in cases:
        world.clock.now = moment
        made = world.submit(world.factory.resident())
        assert made.get_json()["is_valid"] is valid, (moment, made.get_json())
        if reason:
            assert flags_of(made) == {"outside_collection_window"}
            assert reason in made.get_json()["flags"][0]["reason"]


def test_a_test_window_answer_does_not_make_the_real_answer_a_duplicate(world):
    resident = world.factory.resident()
    world.clock.now = beijing(2023, 9, 11, 9, 0)
    assert flags_of(world.submit(resident)) == {"outside_collection_window"}
    world.clock.now = beijing(2023, 9, 14, 9, 0)
    assert world.submit(resident).get_json()["is_valid"] is True
    assert balance_of(resident.user_id) == 20


def test_the_day_of_a_response_is_the_beijing_day(world):
    world.clock.now = beijing(2023, 9, 14, 0, 30)  # 2023-09-13 16:30 UTC
    made = world.submit(world.factory.resident())
    assert db.session.get(SurveyResponse, made.get_json()["id"]).shanghai_day.isoformat() == (
        "2023-09-14"
    )


def test_submitting_needs_a_login(world, client):
    made = world.submit(client)
    assert made.status_code == 401


def test_an_unknown_option_is_refused_and_nothing_is_written(world):
    resident = world.factory.resident()
    made = world.submit(resident, answer_set=answers(region="mars", nonsense="x"))
    assert made.status_code == 422
    error = made.get_json()["error"]
    assert error["code"] == "answers_invalid"
    assert set(error["details"]["fields"]["answers"]) == {"region", "nonsense"}
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0
    assert balance_of(resident.user_id) == 0


def test_bad_scenes_and_fields_get_clear_errors(world):
    resident = world.factory.resident()
    url = f"/api/v1/surveys/{world.survey['id']}/responses"
    base = {
        "link_scene": world.station_link["scene"],
        "client_id": "attempt-0009",
        "started_at": "2023-09-15T09:00:00+08:00",
        "answers": answers(),
    }
    assert resident.post(url, json={**base, "link_scene": "ZZZZZZZZ"}).status_code == 404
    no_offset = resident.post(url, json={**base, "started_at": "2023-09-15T09:00:00"})
    assert (
        no_offset.status_code == 422
        and "started_at" in no_offset.get_json()["error"]["details"]["fields"]
    )
    extra = resident.post(url, json={**base, "extra": 1})
    assert extra.status_code == 422
    future = resident.post(url, json={**base, "started_at": "2023-09-15T12:00:00+08:00"})
    assert future.get_json()["error"]["code"] == "started_at_in_future"
    assert resident.post("/api/v1/surveys/999999/responses", json=base).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0


def test_a_scene_of_another_survey_is_refused(world):
    from tests.surveys.factories import survey_body

    second = world.association_admin.post(
        "/api/v1/surveys", json=survey_body(association_id=world.association.id)
    ).get_json()
    made = world.submit(world.factory.resident(), link=world.station_link)
    assert made.status_code == 201
    url = f"/api/v1/surveys/{second['id']}/responses"
    refused = world.factory.resident().post(
        url,
        json={
            "link_scene": world.station_link["scene"],
            "client_id": "attempt-0010",
            "started_at": "2023-09-15T09:00:00+08:00",
            "answers": answers(),
        },
    )
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "link_not_for_survey"


def test_progress_is_saved_and_resumed_until_submit(world):
    resident = world.factory.resident()
    url = f"/api/v1/surveys/{world.survey['id']}/drafts/attempt-0042"
    saved = resident.put(
        url,
        json={
            "link_scene": world.station_link["scene"],
            "started_at": "2023-09-15T09:50:00+08:00",
            "answers": {"age_band": "18_24"},
        },
    )
    assert saved.status_code == 200
    resident.put(url, json={"answers": {"age_band": "18_24", "region": "rural"}})
    resumed = resident.get(url).get_json()
    assert resumed["answers"] == {"age_band": "18_24", "region": "rural"}
    assert resumed["link_scene"] == world.station_link["scene"]
    assert resumed["started_at"].startswith("2023-09-15T09:50:00")
    assert world.factory.resident().get(url).status_code == 404  # drafts are per user
    world.submit(resident, client_id="attempt-0042")
    late = resident.put(url, json={"answers": {}})
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "already_submitted"
    assert resident.get(url).get_json()["submitted_response_id"] is not None


def test_a_draft_with_a_malformed_answer_is_refused(world):
    resident = world.factory.resident()
    url = f"/api/v1/surveys/{world.survey['id']}/drafts/attempt-0043"
    refused = resident.put(url, json={"answers": {"age_band": ["x"]}})
    assert refused.status_code == 422
    assert (
        resident.put(
            f"/api/v1/surveys/{world.survey['id']}/drafts/x", json={"answers": {}}
        ).status_code
        == 400
    )
