"""Figures by scope, counted per station, association and Beijing day; review overrides."""

from datetime import timedelta

from app.points.service import balance_of
from tests.surveys.factories import answers, beijing


def _fill(world):
    """Station: 3 valid (2 on Sep 14, 1 on Sep 15) + 1 too fast; sub-station: 1 valid;
    other station: 2 valid; association link: 1 valid."""
    plan = [
        (world.station_link, beijing(2023, 9, 14, 23, 59), True, "student"),
        (world.station_link, beijing(2023, 9, 14, 8, 0), True, "employee"),
        (world.station_link, beijing(2023, 9, 15, 0, 0), True, "employee"),
        (world.station_link, beijing(2023, 9, 15, 1, 0), False, "employee"),
        (world.sub_station_link, beijing(2023, 9, 15, 9, 0), True, "retired"),
        (world.other_station_link, beijing(2023, 9, 16, 9, 0), True, "employee"),
        (world.other_station_link, beijing(2023, 9, 16, 9, 5), True, "employee"),
        (world.association_link, beijing(2023, 9, 16, 9, 9), True, "civil"),
    ]
    made = []
    for link, moment, valid, occupation in plan:
        world.clock.now = moment
        started = moment - (timedelta(minutes=5) if valid else timedelta(seconds=3))
        extra = {"school": "college"} if occupation == "student" else {}
        made.append(
            world.submit(
                world.factory.resident(),
                link=link,
                started=started,
                answer_set=answers(occupation=occupation, **extra),
            ).get_json()
        )
    return made


def test_union_figures_count_per_day_station_and_association(world):
    _fill(world)
    data = world.figures(world.union_admin).get_json()
    assert data["totals"]["valid"] == 7 and data["totals"]["flagged"] == 1
    assert data["totals"]["flags"]["too_fast"] == 1
    assert data["by_day"] == [
        {"day": "2023-09-14", "valid": 2, "flagged": 0},
        {"day": "2023-09-15", "valid": 2, "flagged": 1},
        {"day": "2023-09-16", "valid": 3, "flagged": 0},
    ]
    stations = {row["station_id"]: (row["valid"], row["flagged"]) for row in data["by_station"]}
    assert stations == {
        world.station.id: (3, 1),
        world.sub_station.id: (1, 0),
        world.other_station.id: (2, 0),
    }
    assert data["by_association"] == [
        {
            "association_id": world.association.id,
            "name": "北京网络空间安全协会",
            "valid": 7,
            "flagged": 1,
        }
    ]
    assert [row["link_id"] for row in data["ranking"][:2]] == [
        world.station_link["id"],
        world.other_station_link["id"],
    ]
    assert data["ranking"][0]["name"] == "右安门服务站"
    assert data["subsidy"] == {"fen_per_valid": 10, "estimated_fen": 70}


def test_the_portrait_counts_valid_respondents_by_profile_answer(world):
    _fill(world)
    portrait = world.figures(world.union_admin).get_json()["portrait"]
    occupations = {o["value"]: o["count"] for o in portrait["occupation"]["options"]}
    assert occupations == {
        "student": 1,
        "employee": 4,
        "civil": 1,
        "freelance": 0,
        "retired": 1,
        "other": 0,
    }
    assert {o["value"]: o["count"] for o in portrait["school"]["options"]}["college"] == 1
    assert "satisfaction" not in portrait and "advice" not in portrait


def test_a_station_admin_sees_its_station_and_sub_stations_only(world):
    _fill(world)
    data = world.figures(world.station_admin).get_json()
    assert data["totals"]["valid"] == 4
    assert {row["station_id"] for row in data["by_station"]} == {
        world.station.id,
        world.sub_station.id,
    }
    assert world.figures(world.station_admin, station_id=world.other_station.id).status_code == 403
    assert (
        world.figures(world.station_admin, association_id=world.association.id).status_code == 403
    )
    narrowed = world.figures(world.station_admin, station_id=world.sub_station.id).get_json()
    assert narrowed["totals"]["valid"] == 1


def test_an_association_admin_sees_its_association_and_no_other(world):
    _fill(world)
    data = world.figures(world.association_admin).get_json()
    assert data["totals"]["valid"] == 7
    foreign = world.figures(world.association_admin, association_id=world.other_association.id)
    assert foreign.status_code == 403
    outsider = world.factory.association_admin(world.other_association)
    assert world.figures(outsider).get_json()["totals"]["valid"] == 0


def test_residents_get_no_figures(world):
    assert world.figures(world.factory.resident()).status_code == 403
    assert world.figures(world.client).status_code == 401


def test_figures_can_be_narrowed_to_days(world):
    _fill(world)
    data = world.figures(world.union_admin, day_from="2023-09-15", day_to="2023-09-15").get_json()
    assert data["totals"]["valid"] == 2


def test_progress_against_the_association_target(world):
    _fill(world)
    url = f"/api/v1/surveys/{world.survey['id']}/targets/{world.association.id}"
    assert (
        world.station_admin.put(
            url, json={"region_netizens": 1400, "target_share_percent": 0.5}
        ).status_code
        == 403
    )
    set_ = world.association_admin.put(
        url, json={"region_netizens": 1400, "target_share_percent": 0.5}
    )
    assert set_.get_json()["target"] == 7
    targets = world.figures(world.association_admin).get_json()["targets"]
    assert targets == [
        {
            "association_id": world.association.id,
            "region_netizens": 1400,
            "target_share_percent": 0.5,
            "target": 7,
            "valid": 7,
            "progress_percent": 100.0,
        }
    ]
    bad = world.association_admin.put(
        url, json={"region_netizens": -1, "target_share_percent": 0.5}
    )
    assert bad.status_code == 422


def test_an_association_admin_marks_a_flagged_response_valid_and_it_earns_points_once(world):
    made = _fill(world)
    flagged = made[3]
    assert flagged["is_valid"] is False
    url = f"/api/v1/survey-responses/{flagged['id']}/review"
    assert world.station_admin.post(url, json={"valid": True, "reason": "mine"}).status_code == 403
    reviewed = world.association_admin.post(
        url, json={"valid": True, "reason": "慢网速，实为认真作答"}
    )
    assert reviewed.status_code == 200
    body = reviewed.get_json()
    assert body["is_valid"] is True and body["auto_valid"] is False
    assert {f["flag"] for f in body["flags"]} == {"too_fast"}  # the automatic flag is kept
    assert body["review_reason"] == "慢网速，实为认真作答"
    from app.extensions import db
    from app.surveys.models import SurveyResponse

    user_id = db.session.get(SurveyResponse, flagged["id"]).user_id
    assert balance_of(user_id) == 20
    data = world.figures(world.union_admin).get_json()
    assert data["totals"]["valid"] == 8 and data["totals"]["flagged"] == 0
    # Invalid, then valid again: the points were credited once and stay once.
    world.association_admin.post(url, json={"valid": False, "reason": "复核无效"})
    world.association_admin.post(url, json={"valid": True, "reason": "再复核有效"})
    assert balance_of(user_id) == 20
    assert world.figures(world.union_admin).get_json()["totals"]["valid"] == 8


def test_marking_a_valid_response_invalid_moves_it_in_the_counts(world):
    made = _fill(world)
    url = f"/api/v1/survey-responses/{made[0]['id']}/review"
    world.association_admin.post(url, json={"valid": False, "reason": "同一设备批量作答"})
    data = world.figures(world.union_admin).get_json()
    assert data["totals"]["valid"] == 6 and data["totals"]["flagged"] == 2
    occupations = {o["value"]: o["count"] for o in data["portrait"]["occupation"]["options"]}
    assert occupations["student"] == 0


def test_a_review_needs_a_reason(world):
    made = _fill(world)
    url = f"/api/v1/survey-responses/{made[3]['id']}/review"
    refused = world.association_admin.post(url, json={"valid": True})
    assert refused.status_code == 422
    assert "reason" in refused.get_json()["error"]["details"]["fields"]
    assert (
        world.association_admin.post(
            "/api/v1/survey-responses/999999/review", json={"valid": True, "reason": "x"}
        ).status_code
        == 404
    )


def test_admins_list_flagged_responses_in_their_scope(world):
    _fill(world)
    listed = world.station_admin.get(f"/api/v1/surveys/{world.survey['id']}/responses")
    assert listed.get_json()["total"] == 1
    assert listed.get_json()["items"][0]["flags"][0]["flag"] == "too_fast"
    outsider = world.factory.station_admin(world.other_station)
    assert outsider.get(f"/api/v1/surveys/{world.survey['id']}/responses").get_json()["total"] == 0
