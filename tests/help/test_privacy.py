"""The reporter's identity (网络安全法 第十四条): handlers see it, the reporter sees their own,
supervisors see only counts, and account deletion de-identifies the case."""

import json

from app.extensions import db
from app.help.models import HelpRequest
from app.stations.models import Association
from tests.help.factories import REPORTER_NICKNAME, REPORTER_PHONE


def test_handlers_see_the_reporter_in_full(world):
    row = world.file()
    detail = world.admin.get(f"/api/v1/help-requests/{row['id']}").get_json()
    assert detail["reporter"] == {
        "user_id": world.reporter.user_id,
        "nickname": REPORTER_NICKNAME,
        "contact_phone": REPORTER_PHONE,
    }
    listed = world.admin.get(f"/api/v1/stations/{world.station.id}/help-requests").get_json()
    assert listed["items"][0]["reporter"]["contact_phone"] == REPORTER_PHONE


def test_the_reporter_sees_their_case_with_the_phone_masked_and_handlers_unnamed(world):
    row = world.accepted()
    detail = world.reporter.get(f"/api/v1/help-requests/{row['id']}").get_json()
    assert detail["reporter"]["contact_phone"] == "138****5678"
    assert [h["actor_id"] for h in detail["history"]] == [None, None]
    assert REPORTER_PHONE not in json.dumps(detail)


def test_non_handlers_never_receive_the_reporters_identity(world, client):
    """Every answer a non-handler can get about the case carries no user id, nickname or phone."""
    row = world.accepted(category="cyber_bullying")
    world.file(station_id=world.foreign_station.id, api=world.factory.resident())
    outsiders = [
        world.foreign_admin,
        world.association_admin,
        world.union_admin,
        world.sub_admin,
        world.factory.resident(),
        client,
    ]
    paths = [
        f"/api/v1/help-requests/{row['id']}",
        f"/api/v1/stations/{world.station.id}/help-requests",
        f"/api/v1/associations/{world.association.id}/help-figures",
        "/api/v1/help-requests/unassigned",
    ]
    for api in outsiders:
        for path in paths:
            text = api.get(path).get_data(as_text=True)
            assert REPORTER_PHONE not in text and "5678" not in text
            assert REPORTER_NICKNAME not in text
            assert "reporter" not in text


def test_association_admins_see_counts_by_station_category_and_status(world):
    world.file(category="fraud")
    world.accepted(category="fraud")
    world.file(category="cyber_bullying", station_id=world.sub_station.id)
    world.file(station_id=world.foreign_station.id)
    figures = world.association_admin.get(
        f"/api/v1/associations/{world.association.id}/help-figures"
    ).get_json()
    assert figures["total"] == 3
    assert figures["by_category"]["fraud"] == 2
    assert figures["by_category"]["cyber_bullying"] == 1
    assert figures["by_status"] == {"submitted": 2, "accepted": 1, "referred": 0, "closed": 0}
    per_station = {s["station_id"]: s for s in figures["stations"]}
    assert per_station[world.station.id]["total"] == 2
    assert per_station[world.sub_station.id]["by_category"]["cyber_bullying"] == 1
    assert world.foreign_station.id not in per_station
    other_association = db.session.get(Association, world.foreign_station.association_id)
    path = f"/api/v1/associations/{world.association.id}/help-figures"
    assert world.factory.association_admin(other_association).get(path).status_code == 403
    assert world.admin.get(path).status_code == 403
    assert world.union_admin.get(path).status_code == 200


def test_export_gives_the_reporter_their_cases_in_full(world):
    row = world.accepted()
    exported = world.reporter.get("/api/v1/me/export").get_json()["help_requests"]
    assert exported[0]["id"] == row["id"]
    assert exported[0]["contact_phone"] == REPORTER_PHONE
    assert [h["action"] for h in exported[0]["history"]] == ["submitted", "accepted"]


def test_account_deletion_erases_the_phone_and_keeps_the_case_de_identified(world):
    row = world.accepted()
    assert world.reporter.delete("/api/v1/me").status_code in (200, 204)
    db.session.expire_all()
    case = db.session.get(HelpRequest, row["id"])
    assert case.contact_phone is None and case.reporter_id is None
    assert case.reporter_erased_at is not None
    detail = world.admin.get(f"/api/v1/help-requests/{row['id']}").get_json()
    assert detail["reporter"] is None
    assert detail["description"] == row["description"]
    assert detail["history"][0]["actor_id"] is None
    assert post_close(world, row["id"]).status_code == 200


def post_close(world, request_id):
    return world.admin.post(
        f"/api/v1/help-requests/{request_id}/close", json={"outcome": "举报人已注销，案件归档"}
    )
