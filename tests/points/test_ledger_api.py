"""The 宝盾 ledger seen through the API: balances, entries and admin adjustments."""

import threading

import pytest
from sqlalchemy import func, select

from app.points.models import PointEntry, PointTransfer
from app.points.reconcile import reconcile
from tests.points.factories import fund, new_key


def adjust(client, user_id, amount, key, reason="线下宣传活动"):
    return client.post(
        "/api/v1/admin/points/adjustments",
        json={"user_id": user_id, "amount": amount, "reason": reason},
        headers={"Idempotency-Key": key} if key else {},
    )


def transfer_count(db):
    return db.session.scalar(select(func.count(PointTransfer.id)))


def test_balance_and_entries_newest_first_with_reason_and_reference(factory):
    """GET /me/points shows the balance and totals; entries come newest first, paginated, each
    with the transfer's reason and reference."""
    resident = factory.resident()
    fund(resident.user_id, 30)
    fund(resident.user_id, 12)
    summary = resident.get("/api/v1/me/points").get_json()
    assert summary == {"balance": 42, "earned": 42, "spent": 0}
    page = resident.get("/api/v1/me/points/entries?per_page=1").get_json()
    assert page["total"] == 2 and len(page["items"]) == 1
    newest = page["items"][0]
    assert newest["amount"] == 12 and newest["balance_after"] == 42
    assert newest["reason"] == "测试奖励" and newest["reference_type"] == "quiz_attempt"
    second = resident.get("/api/v1/me/points/entries?per_page=1&page=2").get_json()["items"][0]
    assert second["amount"] == 30 and second["balance_after"] == 30


def test_points_need_login_and_show_only_own_entries(factory, client):
    """Anonymous callers get 401; a user never sees another user's entries."""
    assert client.get("/api/v1/me/points").status_code == 401
    alice, bob = factory.resident(), factory.resident()
    fund(alice.user_id, 10)
    assert bob.get("/api/v1/me/points/entries").get_json()["total"] == 0
    assert bob.get("/api/v1/me/points").get_json()["balance"] == 0


def test_profile_and_export_carry_points(factory):
    """GET /me has points_balance; the personal-data export lists the ledger lines."""
    resident = factory.resident()
    fund(resident.user_id, 25)
    assert resident.get("/api/v1/me").get_json()["points_balance"] == 25
    export = resident.get("/api/v1/me/export").get_json()
    assert export["points"]["balance"] == 25
    assert [e["amount"] for e in export["points"]["entries"]] == [25]


def test_adjustment_awards_and_claws_back_without_going_negative(
    factory, association_admin, member, db
):
    """An association admin awards and claws back; a claw-back beyond the balance is refused
    with insufficient_points and writes nothing."""
    resident = member
    award = adjust(association_admin, resident.user_id, 50, new_key())
    assert award.status_code == 201, award.get_json()
    assert award.get_json()["balance"] == 50
    back = adjust(association_admin, resident.user_id, -20, new_key())
    assert back.status_code == 201 and back.get_json()["balance"] == 30
    before = transfer_count(db)
    too_much = adjust(association_admin, resident.user_id, -31, new_key())
    assert too_much.status_code == 409
    assert too_much.get_json()["error"]["code"] == "insufficient_points"
    assert transfer_count(db) == before
    assert resident.get("/api/v1/me/points").get_json()["balance"] == 30
    assert reconcile() == []


def test_adjustment_needs_an_association_admin(factory):
    """Residents and station admins may not adjust points (403)."""
    resident = factory.resident()
    station_admin = factory.station_admin(factory.station())
    for caller in (resident, station_admin):
        response = adjust(caller, resident.user_id, 10, new_key())
        assert response.status_code == 403
    assert resident.get("/api/v1/me/points").get_json()["balance"] == 0


def test_adjustment_requires_idempotency_key_and_valid_body(factory, association_admin, member):
    """No key is 400 idempotency_key_required; zero, floats, unknown fields and unknown users
    are clear errors, never a 500."""
    resident = member
    missing = adjust(association_admin, resident.user_id, 10, None)
    assert missing.status_code == 400
    assert missing.get_json()["error"]["code"] == "idempotency_key_required"
    zero = adjust(association_admin, resident.user_id, 0, new_key())
    assert zero.status_code == 422 and "amount" in zero.get_json()["error"]["details"]["fields"]
    floaty = adjust(association_admin, resident.user_id, 1.5, new_key())
    assert floaty.status_code == 422
    extra = association_admin.post(
        "/api/v1/admin/points/adjustments",
        json={"user_id": resident.user_id, "amount": 5, "reason": "xx", "bonus": 1},
        headers={"Idempotency-Key": new_key()},
    )
    assert extra.status_code == 422 and "bonus" in extra.get_json()["error"]["details"]["fields"]
    # An unknown id answers like a foreign user to an association admin (see the scope tests).
    nobody = adjust(association_admin, 999999, 10, new_key())
    assert nobody.status_code == 403
    assert nobody.get_json()["error"]["code"] == "user_outside_association"
    assert resident.get("/api/v1/me/points").get_json()["balance"] == 0


def test_adjustment_replay_returns_same_body_and_moves_nothing(
    factory, association_admin, member, db
):
    """The same key and body, one after another, returns the original 201 body; one transfer."""
    resident = member
    key = new_key()
    first = adjust(association_admin, resident.user_id, 40, key)
    again = adjust(association_admin, resident.user_id, 40, key)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert transfer_count(db) == 1
    assert resident.get("/api/v1/me/points").get_json()["balance"] == 40


def test_adjustment_key_reused_for_other_request_is_409(factory, association_admin, member, db):
    """The same key with a different amount is 409 idempotency_key_reused; nothing moves."""
    resident = member
    key = new_key()
    assert adjust(association_admin, resident.user_id, 40, key).status_code == 201
    other = adjust(association_admin, resident.user_id, 41, key)
    assert other.status_code == 409
    assert other.get_json()["error"]["code"] == "idempotency_key_reused"
    assert transfer_count(db) == 1


@pytest.mark.mariadb
def test_concurrent_replays_of_an_adjustment_move_points_once(
    app, factory, association_admin, member, db
):
    """Twenty copies of one adjustment released together: one transfer, twenty equal bodies."""
    resident = member
    key, token = new_key(), association_admin.token
    barrier = threading.Barrier(20)
    results = []

    def send():
        http = app.test_client()
        barrier.wait()
        response = http.post(
            "/api/v1/admin/points/adjustments",
            json={"user_id": resident.user_id, "amount": 70, "reason": "并发重放"},
            headers={"Idempotency-Key": key, "Authorization": f"Bearer {token}"},
        )
        results.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=send) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {status for status, _ in results} == {201}, results
    assert len({str(body) for _, body in results}) == 1
    assert transfer_count(db) == 1
    assert resident.get("/api/v1/me/points").get_json()["balance"] == 70
    assert db.session.scalar(select(func.count(PointEntry.id))) == 2
