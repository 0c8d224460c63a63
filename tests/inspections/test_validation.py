"""Bad input gets a clear 422 with per-field messages and writes nothing; photos are private,
type- and size-checked."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.inspections.models import Finding, FindingResponse, Inspection, InspectionPhoto
from tests.inspections.factories import answer, body, record, today

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def post_inspection(world, payload):
    return world["clients"]["inspector_own"].post(
        f"/api/v1/stations/{world['station'].id}/inspections", json=payload
    )


def test_every_line_must_be_given_exactly_once(world):
    payload = body(world["association"].id)
    payload["items"] = payload["items"][:-1]
    response = post_inspection(world, payload)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "inspection_invalid"
    assert "items" in response.get_json()["error"]["details"]["fields"]
    assert count(Inspection) == 0 and count(Finding) == 0


def test_a_finding_needs_a_note_and_a_deadline(world):
    payload = body(world["association"].id, findings=1)
    payload["items"][0].pop("note")
    payload["rectify_by"] = None
    response = post_inspection(world, payload)
    assert response.status_code == 422
    details = response.get_json()["error"]["details"]["fields"]
    assert "items.0.note" in details and "rectify_by" in details
    assert count(Inspection) == 0


def test_the_deadline_is_not_before_the_inspection_day(world):
    payload = body(world["association"].id)
    payload["rectify_by"] = (today() - timedelta(days=1)).isoformat()
    response = post_inspection(world, payload)
    assert response.status_code == 422
    assert "rectify_by" in response.get_json()["error"]["details"]["fields"]


@pytest.mark.parametrize(
    "change",
    [
        {"inspected_on": "yesterday"},
        {"inspected_on": "0001-01-01"},
        {"rectify_by": "9999-12-31"},
        {"items": []},
        {"items": [{"item_id": 1, "result": "maybe"}]},
        {"items": [{"item_id": 2**40, "result": "ok"}]},
        {"summary": "长" * 2001},
        {"surprise": 1},
    ],
)
def test_malformed_bodies_are_422(world, change):
    payload = {**body(world["association"].id), **change}
    response = post_inspection(world, payload)
    assert response.status_code == 422, response.get_json()
    assert count(Inspection) == 0


def test_an_answer_needs_text(world):
    finding = record(world).findings[0]
    for payload in ({}, {"text": "   "}, {"text": "长" * 2001}):
        response = world["clients"]["station_own"].post(
            f"/api/v1/inspection-findings/{finding.id}/responses", json=payload
        )
        assert response.status_code == 422
    assert count(FindingResponse) == 0


def test_risky_text_is_refused_by_the_content_check(world):
    """A note WeChat calls risky (the stand-in: text containing RISKY) is refused, nothing kept."""
    payload = body(world["association"].id)
    payload["items"][1]["note"] = "RISKY 内容"
    response = post_inspection(world, payload)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "content_risky"
    assert count(Inspection) == 0


def test_photos_go_to_the_finding_and_the_answer_and_stay_private(world):
    """The inspector adds a photo to the finding, the station to its answer; only scoped
    people fetch them; a non-image is refused."""
    finding = record(world).findings[0]
    clients = world["clients"]
    path = f"/api/v1/inspection-findings/{finding.id}/photos"

    def upload(client, data):
        return client.request("POST", path, data={"image": (io.BytesIO(data), "a.png")}, json=None)

    early = upload(clients["station_own"], PNG)
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "no_pending_answer"
    by_inspector = upload(clients["inspector_own"], PNG)
    assert by_inspector.status_code == 201, by_inspector.get_json()
    answer(world, finding.id)
    by_station = upload(clients["station_own"], PNG)
    assert by_station.status_code == 201
    assert upload(clients["station_foreign"], PNG).status_code == 403
    bad = upload(clients["inspector_own"], b"GIF89a not an image")
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "image_type_unsupported"
    missing = clients["inspector_own"].request("POST", path, data={}, json=None)
    assert missing.status_code == 422

    seen = clients["station_own"].get(f"/api/v1/inspections/{finding.inspection_id}").get_json()
    shown = seen["findings"][0]
    assert len(shown["photos"]) == 1 and len(shown["responses"][0]["photos"]) == 1
    url = shown["photos"][0]["url"]
    assert clients["station_own"].get(url).data == PNG
    assert clients["station_foreign"].get(url).status_code == 403
    assert clients["anonymous"].get(url).status_code == 401
    assert count(InspectionPhoto) == 2


def test_an_all_ok_inspection_needs_neither_deadline_nor_summary(world):
    """Found by the contract fuzzing: both fields are optional in the schema, so a body without
    them is answered (201 when every line is ok), never a 500."""
    from tests.inspections.factories import checklist_ids

    station = world["station"]
    items = [{"item_id": i, "result": "ok"} for i in checklist_ids(station.association_id)]
    response = world["clients"]["inspector_own"].post(
        f"/api/v1/stations/{station.id}/inspections",
        json={"inspected_on": today().isoformat(), "items": items},
    )
    assert response.status_code == 201, response.get_json()
    with_finding = [{**items[0], "result": "finding", "note": "牌匾缺失"}, *items[1:]]
    refused = world["clients"]["inspector_own"].post(
        f"/api/v1/stations/{station.id}/inspections",
        json={"inspected_on": today().isoformat(), "items": with_finding},
    )
    assert refused.status_code == 422
    assert "rectify_by" in refused.get_json()["error"]["details"]["fields"]
