"""Redeeming, cancelling and fulfilling gifts through the API."""

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.gifts.models import Gift, Redemption
from app.points.models import PointTransfer
from app.points.reconcile import reconcile
from tests.gifts.factories import fund, key, make_gift


def redeem(client, gift_id, idem=None, **body):
    headers = {"Idempotency-Key": idem} if idem is not None else {}
    return client.post(f"/api/v1/gifts/{gift_id}/redemptions", json=body, headers=headers)


def stock(db, gift_id):
    db.session.expire_all()
    return db.session.get(Gift, gift_id).stock


def balance(client):
    return client.get("/api/v1/me/points").get_json()["balance"]


def transfers(db):
    return db.session.scalar(select(func.count(PointTransfer.id)))


def test_redeem_takes_points_and_stock_and_gives_a_pickup_code(factory, db, gift_at_station):
    """A funded user redeems: 10 points and one unit go, a 12-character pickup code comes back,
    and the ledger line names the redemption."""
    resident = factory.resident()
    fund(resident.user_id, 25)
    response = redeem(resident, gift_at_station, key())
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "pending_pickup" and len(body["pickup_code"]) == 12
    assert balance(resident) == 15 and stock(db, gift_at_station) == 4
    line = resident.get("/api/v1/me/points/entries").get_json()["items"][0]
    assert line["amount"] == -10 and line["reference_type"] == "redemption"
    assert line["reference_id"] == str(body["id"])
    assert reconcile() == []


def test_pickup_codes_are_unique_and_random(factory, org):
    """Codes of many redemptions differ and do not follow the id."""
    gift = make_gift(
        org["union"].user_id, stock=30, per_user_limit=30, pickup_station_ids=[org["station"]]
    )
    resident = factory.resident()
    fund(resident.user_id, 300)
    codes = [redeem(resident, gift, key()).get_json()["pickup_code"] for _ in range(30)]
    assert len(set(codes)) == 30


def test_redeem_errors_change_nothing(factory, db, org, gift_at_station):
    """insufficient_points, limit_reached, out_of_stock and gift_inactive are 409s that take
    neither points nor stock; an unknown gift is 404; a missing key is 400."""
    poor, rich = factory.resident(), factory.resident()
    fund(poor.user_id, 9)
    fund(rich.user_id, 100)
    before = transfers(db)
    r = redeem(poor, gift_at_station, key())
    assert (r.status_code, r.get_json()["error"]["code"]) == (409, "insufficient_points")
    assert balance(poor) == 9 and stock(db, gift_at_station) == 5 and transfers(db) == before
    assert redeem(rich, gift_at_station, key()).status_code == 201
    r = redeem(rich, gift_at_station, key())
    assert (r.status_code, r.get_json()["error"]["code"]) == (409, "limit_reached")
    assert balance(rich) == 90 and stock(db, gift_at_station) == 4
    empty = make_gift(org["union"].user_id, stock=0, pickup_station_ids=[org["station"]])
    r = redeem(rich, empty, key())
    assert (r.status_code, r.get_json()["error"]["code"]) == (409, "out_of_stock")
    org["union"].patch(f"/api/v1/gifts/{gift_at_station}", json={"active": False})
    r = redeem(poor, gift_at_station, key())
    assert (r.status_code, r.get_json()["error"]["code"]) == (409, "gift_inactive")
    future = make_gift(
        org["union"].user_id,
        pickup_station_ids=[org["station"]],
        active_from=datetime(2999, 1, 1, tzinfo=UTC),
    )
    assert redeem(rich, future, key()).get_json()["error"]["code"] == "gift_inactive"
    assert redeem(rich, 999999, key()).status_code == 404
    r = redeem(rich, gift_at_station)
    assert (r.status_code, r.get_json()["error"]["code"]) == (400, "idempotency_key_required")
    assert balance(rich) == 90
    assert reconcile() == []


def test_redeem_replay_returns_same_body_and_charges_once(factory, db, gift_at_station):
    """The same key twice returns the same 201 body; the second moves nothing. The same key
    with a different body is 409 idempotency_key_reused."""
    resident = factory.resident()
    fund(resident.user_id, 50)
    idem = key()
    first, again = redeem(resident, gift_at_station, idem), redeem(resident, gift_at_station, idem)
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json()
    assert balance(resident) == 40 and stock(db, gift_at_station) == 4
    other = redeem(resident, gift_at_station, idem, quantity=2)
    assert other.get_json()["error"]["code"] == "idempotency_key_reused"
    assert db.session.scalar(select(func.count(Redemption.id))) == 1


@pytest.mark.mariadb
def test_concurrent_redeem_replays_charge_once(app, factory, db, gift_at_station):
    """Fifteen copies of one redemption released together: one redemption, one charge, the
    same body for every copy that got an answer."""
    resident = factory.resident()
    fund(resident.user_id, 50)
    idem, token = key(), resident.token
    barrier, results = threading.Barrier(15), []

    def send():
        http = app.test_client()
        barrier.wait()
        response = http.post(
            f"/api/v1/gifts/{gift_at_station}/redemptions",
            json={},
            headers={"Idempotency-Key": idem, "Authorization": f"Bearer {token}"},
        )
        results.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=send) for _ in range(15)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {status for status, _ in results} == {201}, results
    assert len({str(body) for _, body in results}) == 1
    assert balance(resident) == 40 and stock(db, gift_at_station) == 4
    assert reconcile() == []


def test_cancel_refunds_and_restocks_exactly_once(factory, db, gift_at_station):
    """Cancelling a pending redemption gives points and stock back; a second cancel is 409
    redemption_not_pending; a replay of the first cancel returns its body; nothing twice."""
    resident = factory.resident()
    fund(resident.user_id, 10)
    redemption = redeem(resident, gift_at_station, key()).get_json()
    idem = key()
    path = f"/api/v1/redemptions/{redemption['id']}/cancel"
    first = resident.post(path, headers={"Idempotency-Key": idem})
    assert first.status_code == 200 and first.get_json()["status"] == "cancelled"
    assert balance(resident) == 10 and stock(db, gift_at_station) == 5
    replay = resident.post(path, headers={"Idempotency-Key": idem})
    assert replay.get_json() == first.get_json()
    again = resident.post(path)
    assert (again.status_code, again.get_json()["error"]["code"]) == (
        409,
        "redemption_not_pending",
    )
    assert balance(resident) == 10 and stock(db, gift_at_station) == 5
    # the allowance came back too: the user may redeem again
    assert redeem(resident, gift_at_station, key()).status_code == 201
    assert reconcile() == []


def test_only_the_owner_may_cancel(factory, gift_at_station):
    """Another user's cancel is 404 and refunds nothing."""
    owner, stranger = factory.resident(), factory.resident()
    fund(owner.user_id, 10)
    redemption = redeem(owner, gift_at_station, key()).get_json()
    response = stranger.post(f"/api/v1/redemptions/{redemption['id']}/cancel")
    assert response.status_code == 404
    assert balance(owner) == 0


def test_fulfil_at_the_pickup_station_once(factory, org, gift_at_station):
    """The pickup station's admin fulfils with the code once; the other station's admin gets
    403 on this station and pickup_code_invalid on their own; a used code is refused; a
    fulfilled redemption can no longer be cancelled."""
    resident = factory.resident()
    fund(resident.user_id, 10)
    redemption = redeem(resident, gift_at_station, key()).get_json()
    code = redemption["pickup_code"]
    here = f"/api/v1/stations/{org['station']}/redemptions/fulfil"
    there = f"/api/v1/stations/{org['other_station']}/redemptions/fulfil"
    assert org["other_admin"].post(here, json={"pickup_code": code}).status_code == 403
    wrong = org["other_admin"].post(there, json={"pickup_code": code})
    assert (wrong.status_code, wrong.get_json()["error"]["code"]) == (404, "pickup_code_invalid")
    assert resident.post(here, json={"pickup_code": code}).status_code == 403
    done = org["station_admin"].post(here, json={"pickup_code": code.lower()})
    assert done.status_code == 200 and done.get_json()["status"] == "fulfilled"
    assert "pickup_code" not in done.get_json()
    reused = org["station_admin"].post(here, json={"pickup_code": code})
    assert (reused.status_code, reused.get_json()["error"]["code"]) == (
        409,
        "pickup_code_invalid",
    )
    cancel = resident.post(f"/api/v1/redemptions/{redemption['id']}/cancel")
    assert cancel.status_code == 409
    assert balance(resident) == 0
    unknown = org["station_admin"].post(here, json={"pickup_code": "ZZZZZZZZZZZZ"})
    assert unknown.status_code == 404
    assert reconcile() == []


def test_redemption_lists(factory, org, gift_at_station):
    """Users list their own redemptions with codes; station admins list theirs without codes."""
    resident = factory.resident()
    fund(resident.user_id, 10)
    redeem(resident, gift_at_station, key())
    mine = resident.get("/api/v1/me/redemptions").get_json()["items"]
    assert len(mine) == 1 and mine[0]["pickup_code"]
    listed = (
        org["station_admin"]
        .get(f"/api/v1/stations/{org['station']}/redemptions?status=pending_pickup")
        .get_json()["items"]
    )
    assert len(listed) == 1 and "pickup_code" not in listed[0]
    assert (
        org["other_admin"].get(f"/api/v1/stations/{org['station']}/redemptions").status_code == 403
    )
