"""Managing the catalog by scope, logged stock changes, expiry and its settlement kind."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from app.core.time import utcnow
from app.core.transactions import run_in_transaction
from app.gifts import service
from app.gifts.models import Gift, GiftStockLog, Redemption, RedemptionEvent
from app.points.reconcile import reconcile
from tests.gifts.factories import fund, key

GIFT = {"name": "安全帆布袋", "price_points": 20, "stock": 3, "sponsor": "丰台区网信办"}


def test_station_admin_manages_station_gifts_only(factory, org):
    """A station admin creates a gift for their station (picked up there by default, initial
    stock logged); a resident, another station's admin and a foreign pickup station are refused."""
    path = "/api/v1/gifts"
    mine = org["station_admin"].post(
        path, json={**GIFT, "scope": "station", "station_id": org["station"]}
    )
    assert mine.status_code == 201, mine.get_json()
    gift = mine.get_json()
    assert gift["pickup_station_ids"] == [org["station"]] and gift["sponsor"] == "丰台区网信办"
    log = org["station_admin"].get(f"/api/v1/gifts/{gift['id']}/stock-log").get_json()
    assert [(e["reason"], e["delta"]) for e in log["items"]] == [("initial", 3)]
    resident = factory.resident()
    body = {**GIFT, "scope": "station", "station_id": org["station"]}
    assert resident.post(path, json=body).status_code == 403
    assert org["other_admin"].post(path, json=body).status_code == 403
    foreign = factory.station()
    bad = org["station_admin"].post(path, json={**body, "pickup_station_ids": [foreign.id]})
    assert bad.status_code == 422
    assert "pickup_station_ids" in bad.get_json()["error"]["details"]["fields"]
    national = org["station_admin"].post(
        path, json={**GIFT, "scope": "national", "pickup_station_ids": [org["station"]]}
    )
    assert national.status_code == 403
    assert (
        org["other_admin"].patch(f"/api/v1/gifts/{gift['id']}", json={"stock": 9}).status_code
        == 422
    )


def test_restock_and_write_off_are_logged_and_never_negative(factory, db, org, gift_at_station):
    """Restocks and write-offs need a key, are logged with who did them, and a write-off below
    zero is 409 out_of_stock."""
    admin = org["union"]
    path = f"/api/v1/gifts/{gift_at_station}/stock-adjustments"
    assert admin.post(path, json={"delta": 5, "note": "补货"}).status_code == 400
    up = admin.post(path, json={"delta": 5, "note": "补货"}, headers={"Idempotency-Key": key()})
    assert up.status_code == 201 and up.get_json()["stock"] == 10
    down = admin.post(path, json={"delta": -11, "note": "损坏"}, headers={"Idempotency-Key": key()})
    assert down.get_json()["error"]["code"] == "out_of_stock"
    station_admin = org["station_admin"]
    assert (
        station_admin.post(
            path, json={"delta": 1, "note": "补货"}, headers={"Idempotency-Key": key()}
        ).status_code
        == 403
    )
    rows = db.session.scalars(
        select(GiftStockLog).where(GiftStockLog.gift_id == gift_at_station)
    ).all()
    assert [(r.reason, r.delta, r.stock_after) for r in rows] == [
        ("initial", 5, 5),
        ("restock", 5, 10),
    ]
    assert rows[1].actor_id == admin.user_id
    assert reconcile() == []


def test_gift_listing_shows_only_redeemable_gifts(client, org, gift_at_station):
    """Anyone lists active gifts; an inactive one disappears; filtering by pickup station works."""
    listed = client.get(f"/api/v1/gifts?station_id={org['station']}").get_json()["items"]
    assert [g["id"] for g in listed] == [gift_at_station]
    assert client.get(f"/api/v1/gifts?station_id={org['other_station']}").get_json()["total"] == 0
    org["union"].patch(f"/api/v1/gifts/{gift_at_station}", json={"active": False})
    assert client.get("/api/v1/gifts").get_json()["total"] == 0


def pending_redemption(factory, gift_id):
    resident = factory.resident()
    fund(resident.user_id, 10)
    body = resident.post(
        f"/api/v1/gifts/{gift_id}/redemptions", json={}, headers={"Idempotency-Key": key()}
    ).get_json()
    return resident, body["id"]


def test_expiry_refunds_once_and_is_logged(factory, db, gift_at_station):
    """Past the pickup deadline the redemption expires: points and stock come back once, even
    when expiry runs twice; the state change is logged; a later cancel is refused."""
    resident, redemption_id = pending_redemption(factory, gift_at_station)
    assert service.expire_due_redemptions(utcnow()) == 0
    later = utcnow() + timedelta(days=15)
    assert service.expire_due_redemptions(later) == 1
    assert service.expire_due_redemptions(later) == 0
    assert resident.get("/api/v1/me/points").get_json()["balance"] == 10
    db.session.expire_all()
    assert db.session.get(Gift, gift_at_station).stock == 5
    assert db.session.get(Redemption, redemption_id).status == "expired"
    events = db.session.scalars(
        select(RedemptionEvent).where(RedemptionEvent.redemption_id == redemption_id)
    ).all()
    assert [(e.from_status, e.to_status) for e in events] == [
        (None, "pending_pickup"),
        ("pending_pickup", "expired"),
    ]
    assert resident.post(f"/api/v1/redemptions/{redemption_id}/cancel").status_code == 409
    assert reconcile() == []


def test_expiry_days_come_from_config(app, factory, gift_at_station, db):
    """REDEMPTION_PICKUP_DAYS sets the deadline."""
    app.config["REDEMPTION_PICKUP_DAYS"] = 3
    try:
        _, redemption_id = pending_redemption(factory, gift_at_station)
    finally:
        app.config["REDEMPTION_PICKUP_DAYS"] = 14
    redemption = db.session.get(Redemption, redemption_id)
    assert (
        timedelta(days=2, hours=23)
        < redemption.expires_at - redemption.created_at
        <= timedelta(days=3, seconds=1)
    )


def test_flask_gifts_expire_cli(app, factory, gift_at_station):
    """`flask gifts expire --now` expires what is due at that instant."""
    resident, _ = pending_redemption(factory, gift_at_station)
    runner = app.test_cli_runner()
    when = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    result = runner.invoke(args=["gifts", "expire", "--now", when])
    assert result.exit_code == 0 and "expired 1" in result.output
    assert resident.get("/api/v1/me/points").get_json()["balance"] == 10


def test_settlement_kind_expires_each_item_once(factory, db, gift_at_station):
    """redemption_expiry materialises one item per due redemption; applying an item twice (a
    retried chunk) refunds once; a redemption cancelled meanwhile is left alone."""
    from app.gifts import settlement
    from app.settlements.kinds import KINDS

    kind = KINDS["redemption_expiry"]
    assert kind.apply is settlement.apply
    first_user, first = pending_redemption(factory, gift_at_station)
    second_user, second = pending_redemption(factory, gift_at_station)
    later = utcnow() + timedelta(days=20)
    items = list(kind.materialise({"now": later}))
    assert [i.item_key for i in items] == [f"redemption:{first}", f"redemption:{second}"]
    run_in_transaction(
        lambda: service.cancel_step(redemption_id=second, user_id=second_user.user_id)
    )
    for item in items + items:
        run_in_transaction(lambda item=item: kind.apply(item))
    assert first_user.get("/api/v1/me/points").get_json()["balance"] == 10
    assert second_user.get("/api/v1/me/points").get_json()["balance"] == 10
    db.session.expire_all()
    assert db.session.get(Redemption, second).status == "cancelled"
    assert db.session.get(Gift, gift_at_station).stock == 5
    assert reconcile() == []


@pytest.mark.ledger_broken
def test_reconcile_names_a_gift_whose_stock_was_changed_behind_the_log(app, db, gift_at_station):
    """Stock set by hand (not through the log) is reported for that gift; the CLI exits 1."""
    db.session.execute(text("UPDATE gifts SET stock = 50 WHERE id = :id"), {"id": gift_at_station})
    db.session.commit()
    problems = reconcile()
    assert [(p.check, p.row_id) for p in problems] == [("stock_conserved", gift_at_station)]
    result = app.test_cli_runner().invoke(args=["points", "reconcile"])
    assert result.exit_code == 1 and f"gifts #{gift_at_station}" in result.output
