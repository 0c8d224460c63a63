"""What the outside probe's fuzzer sent, and what it must get back: a 4xx with a stable code,
never a 500, and nothing written. Runs on MariaDB and on SQLite (`make test` runs both): the
same number failed differently on each (MariaDB's out-of-range offset, SQLite's OverflowError
binding a 20-digit id)."""

import io
import json

import pytest
from sqlalchemy import func, select

from app.activities.models import Activity
from app.core.schemas import MAX_ID, MAX_PAGE
from app.extensions import db

HUGE = 10**20


def activity_body(**changes) -> dict:
    body = {
        "title": "反诈宣传进社区",
        "kind": "weekly",
        "place": "社区服务中心",
        "starts_at": "2027-03-01T09:00:00+08:00",
        "ends_at": "2027-03-01T11:00:00+08:00",
        "capacity": 20,
    }
    body.update(changes)
    return body


def activities_written() -> int:
    return db.session.scalar(select(func.count()).select_from(Activity))


@pytest.fixture
def station_admin(factory):
    station = factory.station()
    return station, factory.station_admin(station)


def test_an_id_beyond_any_row_in_the_path_is_not_found(factory):
    api = factory.union_admin()
    for path in (f"/api/v1/activities/{HUGE}", "/api/v1/activities/0", "/api/v1/activities/01"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.get_json()["error"]["code"] == "not_found"
    # 10 digits pass the pattern and are looked up like any id (SQLite binds them)
    assert api.get(f"/api/v1/activities/{MAX_ID + 1}").status_code == 404


def test_an_id_outside_the_pattern_is_404_on_every_method_of_a_shared_path(factory):
    """Werkzeug answered 405 here when a range check (not the pattern) refused the id."""
    api = factory.union_admin()
    assert api.get(f"/api/v1/activities/{HUGE}/signups").status_code == 404
    assert api.delete("/api/v1/quiz-questions/0").status_code == 404


def test_path_ids_document_their_bounds(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    parameter = next(
        p
        for p in spec["paths"]["/api/v1/activities/{activity_id}"]["parameters"]
        if p["name"] == "activity_id"
    )
    assert parameter["schema"]["minimum"] == 1 and parameter["schema"]["maximum"] == MAX_ID


@pytest.mark.parametrize(
    "query, field",
    [
        (f"page={HUGE}", "page"),
        (f"page={MAX_PAGE + 1}", "page"),
        (f"station_id={HUGE}", "station_id"),
        ("starts_after=0363-01-01T00:00:00%2B08:00", "starts_after"),
    ],
)
def test_out_of_range_query_values_are_named_in_a_422(factory, query, field):
    response = factory.resident().get(f"/api/v1/activities?{query}")
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "validation_error" and field in error["details"]["fields"]


def test_the_last_page_allowed_is_answered(factory):
    response = factory.resident().get(f"/api/v1/activities?page={MAX_PAGE}")
    assert response.status_code == 200 and response.get_json()["items"] == []


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"starts_at": "0363-03-01T09:00:00+08:00"}, "starts_at"),
        ({"ends_at": "9999-03-01T09:00:00+08:00"}, "ends_at"),
        ({"title": "反诈\x00宣传"}, "title"),
        ({"place": "社区\ud800中心"}, "place"),
    ],
)
def test_unstorable_body_values_are_refused_and_nothing_is_written(station_admin, changes, field):
    station, api = station_admin
    response = api.raw.post(  # json.dumps escapes the lone surrogate as JSON allows: \ud800
        f"/api/v1/stations/{station.id}/activities",
        data=json.dumps(activity_body(**changes)),
        headers={"Authorization": f"Bearer {api.token}"},
        content_type="application/json",
    )
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "validation_error" and field in error["details"]["fields"]
    assert activities_written() == 0


def test_the_same_body_without_the_bad_value_is_accepted(station_admin):
    """The control for the test above: the body itself is valid."""
    station, api = station_admin
    response = api.post(f"/api/v1/stations/{station.id}/activities", json=activity_body())
    assert response.status_code == 201, response.get_json()
    assert activities_written() == 1


def test_an_id_in_a_body_beyond_any_row_is_a_422(factory):
    response = factory.union_admin().post(
        "/api/v1/admin/settlements",
        json={"kind": "survey_subsidy", "association_id": HUGE, "scope": {}},
    )
    assert response.status_code == 422, response.get_json()
    assert "association_id" in response.get_json()["error"]["details"]["fields"]


def test_a_nul_in_a_nested_list_is_named_by_its_path(factory, station_admin):
    station, api = station_admin
    body = activity_body(title={"nested": ["ok", "bad\x00"]})
    response = api.post(f"/api/v1/stations/{station.id}/activities", json=body)
    assert response.status_code == 422
    assert "title.nested.1" in response.get_json()["error"]["details"]["fields"]


def test_a_json_body_over_its_limit_is_413(app, station_admin):
    station, api = station_admin
    padding = "宣" * (app.config["MAX_JSON_BODY_BYTES"] // 3 + 1)
    response = api.post(
        f"/api/v1/stations/{station.id}/activities", json=activity_body(description=padding)
    )
    assert response.status_code == 413, response.get_json()
    assert response.get_json()["error"]["code"] == "payload_too_large"
    assert activities_written() == 0


def test_an_upload_over_the_request_limit_is_413(app, factory):
    api = factory.union_admin()
    content = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = api.raw.post(
        "/api/v1/quiz-questions/import",
        data={"file": (io.BytesIO(content), "bank.csv")},
        headers={"Authorization": f"Bearer {api.token}"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"


def test_control_characters_are_refused_but_line_breaks_are_text(station_admin):
    station, api = station_admin
    refused = api.post(
        f"/api/v1/stations/{station.id}/activities", json=activity_body(title="反诈\x1b[31m宣传")
    )
    assert refused.status_code == 422
    assert "title" in refused.get_json()["error"]["details"]["fields"]
    accepted = api.post(
        f"/api/v1/stations/{station.id}/activities",
        json=activity_body(description="第一行\n第二行\t完"),
    )
    assert accepted.status_code == 201, accepted.get_json()
    assert accepted.get_json()["description"] == "第一行\n第二行\t完"


def test_a_body_nested_thousands_deep_is_a_400(station_admin):
    station, api = station_admin
    deep = "[" * 5000 + "]" * 5000
    response = api.raw.post(
        f"/api/v1/stations/{station.id}/activities",
        data=f'{{"title": {deep}}}',
        headers={"Authorization": f"Bearer {api.token}"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "too_deep"


def test_json_sent_as_plain_text_is_415_not_a_missing_field(station_admin):
    station, api = station_admin
    response = api.raw.post(
        f"/api/v1/stations/{station.id}/activities",
        data=json.dumps(activity_body()),
        headers={"Authorization": f"Bearer {api.token}"},
        content_type="text/plain",
    )
    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_media_type"
    assert activities_written() == 0


def test_a_blank_nickname_is_refused_and_spaces_around_a_name_are_dropped(factory):
    api = factory.resident()
    blank = api.patch("/api/v1/me", json={"nickname": "   "})
    assert blank.status_code == 422
    assert "nickname" in blank.get_json()["error"]["details"]["fields"]
    named = api.patch("/api/v1/me", json={"nickname": "  小安 "})
    assert named.status_code == 200, named.get_json()
    assert api.get("/api/v1/me").get_json()["nickname"] == "小安"


def test_a_union_admin_asking_about_an_association_that_does_not_exist_gets_404(factory):
    """The union administers every association, so figures of a made-up id were answered 200."""
    missing = factory.association().id + 1000
    response = factory.union_admin().get(f"/api/v1/associations/{missing}/help-figures")
    assert response.status_code == 404, response.get_json()
    assert response.get_json()["error"]["code"] == "association_not_found"
