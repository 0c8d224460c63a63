"""Handling: who may, the state machine, the history, and two handlers acting at once."""

import threading

import pytest
from sqlalchemy import select

from app.extensions import db
from app.help.models import HelpRequestEvent
from tests.help.factories import count_rows


def post(api, request_id, action, body=None):
    return api.post(f"/api/v1/help-requests/{request_id}/{action}", json=body or {})


def test_accept_refer_close_walks_the_states_and_logs_each_step(world):
    row = world.file()
    accepted = post(world.admin, row["id"], "accept", {"note": "已电话联系"}).get_json()
    assert accepted["status"] == "accepted"
    referred = post(world.other_admin, row["id"], "refer", {"to": "police", "note": "转派出所"})
    assert referred.status_code == 200
    assert referred.get_json()["referred_to"] == "police"
    closed = post(world.admin, row["id"], "close", {"outcome": "警方已立案，资金部分追回"})
    body = closed.get_json()
    assert body["status"] == "closed"
    assert body["outcome"] == "警方已立案，资金部分追回"
    steps = [
        (h["action"], h["from_status"], h["to_status"], h["actor_id"], h["note"])
        for h in body["history"]
    ]
    assert steps == [
        ("submitted", None, "submitted", world.reporter.user_id, None),
        ("accepted", "submitted", "accepted", world.admin.user_id, "已电话联系"),
        ("referred", "accepted", "referred", world.other_admin.user_id, "转派出所"),
        ("closed", "referred", "closed", world.admin.user_id, "警方已立案，资金部分追回"),
    ]
    assert all(h["created_at"].endswith("+08:00") for h in body["history"])


def test_a_request_can_be_closed_without_referral(world):
    row = world.accepted()
    closed = post(world.admin, row["id"], "close", {"outcome": "已指导用户冻结账户"})
    assert closed.get_json()["status"] == "closed"


def test_no_close_or_refer_before_accept(world):
    row = world.file()
    for action, body in (("close", {"outcome": "x"}), ("refer", {"to": "cac_office"})):
        response = post(world.admin, row["id"], action, body)
        assert response.status_code == 409
        assert response.get_json()["error"]["code"] == "help_request_wrong_status"
    assert count_rows() == (1, 1)


def test_a_closed_request_stays_closed(world):
    row = world.accepted()
    post(world.admin, row["id"], "close", {"outcome": "已处理"})
    for action, body in (
        ("accept", {}),
        ("refer", {"to": "police"}),
        ("close", {"outcome": "again"}),
    ):
        assert post(world.admin, row["id"], action, body).status_code == 409
    assert count_rows() == (1, 3)


def test_bad_handling_input_is_422(world):
    row = world.accepted()
    assert post(world.admin, row["id"], "refer", {"to": "fbi"}).status_code == 422
    response = post(world.admin, row["id"], "close", {"outcome": "  "})
    assert response.status_code == 422
    assert "outcome" in response.get_json()["error"]["details"]["fields"]
    assert count_rows() == (1, 2)


def test_only_the_stations_handlers_may_act(world, client):
    """Foreign station admins, residents and supervisors get 403, the anonymous 401; nothing
    changes."""
    row = world.file()
    for api in (world.foreign_admin, world.association_admin, world.union_admin, world.sub_admin):
        assert post(api, row["id"], "accept").status_code == 403
        assert api.get(f"/api/v1/help-requests/{row['id']}").status_code == 403
    resident = world.factory.resident()
    assert post(resident, row["id"], "accept").status_code == 403
    assert resident.get(f"/api/v1/help-requests/{row['id']}").status_code == 403
    assert post(client, row["id"], "accept").status_code == 401
    assert client.get(f"/api/v1/help-requests/{row['id']}").status_code == 401
    assert post(world.admin, 999999, "accept").status_code == 404
    assert count_rows() == (1, 1)


def test_station_listing_is_for_its_handlers(world, client):
    row = world.file()
    world.file(description="第二条")
    path = f"/api/v1/stations/{world.station.id}/help-requests"
    listed = world.admin.get(path + "?status=submitted").get_json()
    assert listed["total"] == 2 and row["id"] in [i["id"] for i in listed["items"]]
    assert world.admin.get(path + "?status=closed").get_json()["total"] == 0
    assert world.admin.get(path + "?status=bogus").status_code == 422
    for api in (world.foreign_admin, world.association_admin, world.union_admin):
        assert api.get(path).status_code == 403
    assert world.factory.resident().get(path).status_code == 403
    assert client.get(path).status_code == 401
    assert world.admin.get("/api/v1/stations/999999/help-requests").status_code == 404


def test_the_parent_stations_admin_handles_sub_station_requests(world):
    row = world.file(station_id=world.sub_station.id)
    assert post(world.admin, row["id"], "accept").status_code == 200
    listed = world.sub_admin.get(f"/api/v1/stations/{world.sub_station.id}/help-requests")
    assert listed.get_json()["total"] == 1


def test_nobody_handles_their_own_report(world):
    row = world.file(api=world.admin)
    response = post(world.admin, row["id"], "accept")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "own_help_request"
    assert post(world.other_admin, row["id"], "accept").status_code == 200


@pytest.mark.mariadb
def test_two_handlers_accepting_at_once_accept_once(app, world):
    """Six simultaneous accepts: one 200, five 409, one 'accepted' history line."""
    row = world.file()
    admins = [world.admin, world.other_admin] + [
        world.factory.station_admin(world.station) for _ in range(4)
    ]
    barrier = threading.Barrier(len(admins))
    statuses = []

    def worker(api):
        with app.app_context():
            test_client = app.test_client()
            barrier.wait()
            response = test_client.post(
                f"/api/v1/help-requests/{row['id']}/accept",
                json={},
                headers={"Authorization": f"Bearer {api.token}"},
            )
            statuses.append(response.status_code)
            db.session.remove()

    threads = [threading.Thread(target=worker, args=(api,)) for api in admins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [409] * 5
    db.session.expire_all()
    accepts = db.session.scalars(
        select(HelpRequestEvent).where(
            HelpRequestEvent.request_id == row["id"], HelpRequestEvent.action == "accepted"
        )
    ).all()
    assert len(accepts) == 1


def test_the_unassigned_queue_is_handled_by_union_admins_and_assigned_on(world):
    row = world.file(station_id=None)
    assert post(world.admin, row["id"], "assign", {"station_id": world.station.id}).status_code == (
        403
    )
    detail = world.union_admin.get(f"/api/v1/help-requests/{row['id']}").get_json()
    assert detail["reporter"]["user_id"] == world.reporter.user_id
    receipt = post(world.union_admin, row["id"], "assign", {"station_id": world.station.id})
    assert receipt.status_code == 200
    assert receipt.get_json()["station_id"] == world.station.id
    assert "description" not in receipt.get_json() and "reporter" not in receipt.get_json()
    # From now on it is the station's case, not the union's.
    assert world.union_admin.get(f"/api/v1/help-requests/{row['id']}").status_code == 403
    assert post(world.admin, row["id"], "accept").status_code == 200
    history = world.admin.get(f"/api/v1/help-requests/{row['id']}").get_json()["history"]
    assert [h["action"] for h in history] == ["submitted", "assigned", "accepted"]


def test_assigning_to_an_unknown_station_is_a_field_error(world):
    row = world.file(station_id=None)
    response = post(world.union_admin, row["id"], "assign", {"station_id": 987654})
    assert response.status_code == 422
    assert "station_id" in response.get_json()["error"]["details"]["fields"]
