"""Defining surveys and issuing collection links: who may, what the link's entrance says."""

from app.surveys.demo import QUESTIONNAIRE
from tests.surveys.factories import survey_body


def test_an_association_admin_defines_a_survey_anyone_can_read(world, client):
    got = client.get(f"/api/v1/surveys/{world.survey['id']}")
    assert got.status_code == 200
    body = got.get_json()
    assert body["questionnaire"] == QUESTIONNAIRE
    assert body["collection_starts_at"] == "2023-09-13T00:00:00+08:00"
    assert body["collection_ends_at"] == "2023-09-23T00:00:00+08:00"
    assert body["internal_test_starts_at"] == "2023-09-08T00:00:00+08:00"


def test_only_the_union_defines_a_national_survey(world):
    refused = world.association_admin.post("/api/v1/surveys", json=survey_body())
    assert refused.status_code == 403
    made = world.union_admin.post("/api/v1/surveys", json=survey_body())
    assert made.status_code == 201 and made.get_json()["association_id"] is None


def test_an_association_admin_cannot_define_a_survey_for_another_association(world):
    refused = world.association_admin.post(
        "/api/v1/surveys", json=survey_body(association_id=world.other_association.id)
    )
    assert refused.status_code == 403


def test_a_malformed_questionnaire_or_window_is_refused_with_field_messages(world):
    bad = {"questions": [{"id": "q1", "type": "dropdown", "title": ""}]}
    made = world.association_admin.post(
        "/api/v1/surveys", json=survey_body(association_id=world.association.id, questionnaire=bad)
    )
    assert made.status_code == 422
    assert made.get_json()["error"]["code"] == "questionnaire_invalid"
    assert "questions[0]" in made.get_json()["error"]["details"]["fields"]
    backwards = world.association_admin.post(
        "/api/v1/surveys",
        json=survey_body(
            association_id=world.association.id, collection_ends_at="2023-09-01T00:00:00+08:00"
        ),
    )
    assert backwards.status_code == 422
    assert "collection_ends_at" in backwards.get_json()["error"]["details"]["fields"]


def test_each_link_has_its_own_scene_that_resolves_to_the_link(world, client):
    scenes = {
        world.station_link["scene"],
        world.sub_station_link["scene"],
        world.association_link["scene"],
    }
    assert len(scenes) == 3
    resolved = client.get(f"/api/v1/entrances/{world.station_link['scene']}").get_json()
    assert {k: resolved[k] for k in ("scene", "kind", "target_id", "station_id")} == {
        "scene": world.station_link["scene"],
        "kind": "survey_link",
        "target_id": world.station_link["id"],
        "station_id": world.station.id,
    }
    assert resolved["details"]["survey_id"] == world.survey["id"]
    assert world.association_link["station_id"] is None


def test_asking_for_the_same_link_again_returns_it(world):
    again = world.association_admin.post(
        f"/api/v1/surveys/{world.survey['id']}/links", json={"station_id": world.station.id}
    )
    assert again.status_code == 200
    assert again.get_json()["id"] == world.station_link["id"]
    assert again.get_json()["scene"] == world.station_link["scene"]


def test_a_named_channel_gets_its_own_link(world):
    channel = world.link(channel="网安周直播")
    assert channel["channel"] == "网安周直播"
    assert channel["association_id"] == world.association.id
    assert channel["scene"] != world.association_link["scene"]


def test_link_permissions_follow_the_organisation_tree(world):
    url = f"/api/v1/surveys/{world.survey['id']}/links"
    # A station admin may open its own sub-station's link but not a sibling station's.
    assert world.station_admin.post(url, json={"station_id": world.sub_station.id}).status_code in (
        200,
        201,
    )
    assert (
        world.station_admin.post(url, json={"station_id": world.other_station.id}).status_code
        == 403
    )
    assert (
        world.station_admin.post(url, json={"association_id": world.association.id}).status_code
        == 403
    )
    assert (
        world.factory.resident().post(url, json={"station_id": world.station.id}).status_code == 403
    )


def test_a_link_outside_the_surveys_association_is_refused(world):
    made = world.union_admin.post(
        f"/api/v1/surveys/{world.survey['id']}/links",
        json={"station_id": world.foreign_station.id},
    )
    assert made.status_code == 422
    assert made.get_json()["error"]["code"] == "link_outside_survey"
    both = world.association_admin.post(
        f"/api/v1/surveys/{world.survey['id']}/links",
        json={"station_id": world.station.id, "channel": "x"},
    )
    assert both.status_code == 422


def test_the_link_qrcode_is_a_png_for_admins_only(world):
    url = f"/api/v1/survey-links/{world.station_link['id']}/qrcode"
    got = world.station_admin.get(url)
    assert got.status_code == 200 and got.mimetype == "image/png"
    assert got.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert world.factory.resident().get(url).status_code == 403
    assert (
        world.station_admin.get(
            f"/api/v1/survey-links/{world.other_station_link['id']}/qrcode"
        ).status_code
        == 403
    )


def test_admins_list_the_links_they_administer(world):
    listed = world.station_admin.get(f"/api/v1/surveys/{world.survey['id']}/links").get_json()[
        "items"
    ]
    assert {link["id"] for link in listed} == {
        world.station_link["id"],
        world.sub_station_link["id"],
    }
