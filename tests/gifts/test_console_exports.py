"""The web console's gift views: the stock-adjustment log under its own path, redemptions per
station, and redemptions as XLSX for the admins of the scope."""

from io import BytesIO

from openpyxl import load_workbook

from tests.gifts.factories import key
from tests.points.factories import fund
from tests.support import assert_documented


def redeem(client, gift_id, station_id):
    response = client.post(
        f"/api/v1/gifts/{gift_id}/redemptions",
        json={"quantity": 1, "pickup_station_id": station_id},
        headers={"Idempotency-Key": key()},
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_the_stock_adjustments_path_lists_the_log(org, gift_at_station, app):
    admin = org["union"]
    path = f"/api/v1/gifts/{gift_at_station}/stock-adjustments"
    admin.post(path, json={"delta": 5, "note": "补货"}, headers={"Idempotency-Key": key()})
    response = admin.get(path)
    assert response.status_code == 200
    assert_documented(app, response, "GET", "/api/v1/gifts/{gift_id}/stock-adjustments")
    items = response.get_json()["items"]
    assert [(i["reason"], i["delta"], i["stock_after"]) for i in items] == [
        ("initial", 5, 5),
        ("restock", 5, 10),
    ]
    assert response.get_json() == admin.get(f"/api/v1/gifts/{gift_at_station}/stock-log").get_json()
    assert org["station_admin"].get(path).status_code == 403


def test_redemptions_xlsx_for_a_station_and_for_ones_scope(factory, org, gift_at_station, app):
    shopper = factory.resident()
    fund(shopper.user_id, 50)
    first = redeem(shopper, gift_at_station, org["station"])
    shopper.post(f"/api/v1/redemptions/{first['id']}/cancel")
    response = org["station_admin"].get(f"/api/v1/redemptions.xlsx?station_id={org['station']}")
    assert response.status_code == 200
    assert_documented(app, response, "GET", "/api/v1/redemptions.xlsx")
    rows = list(load_workbook(BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("兑换编号", "礼品", "数量", "消耗宝盾", "状态")
    assert rows[1][0] == first["id"] and rows[1][4] == "已取消" and rows[1][3] == 10
    assert first["pickup_code"] not in str(rows)
    # The association's admin without a station: every station of theirs.
    mine = factory.association_admin(org["association"]).get("/api/v1/redemptions.xlsx")
    assert len(list(load_workbook(BytesIO(mine.data)).active.iter_rows())) == 2
    pending = org["union"].get("/api/v1/redemptions.xlsx?status=pending_pickup")
    assert len(list(load_workbook(BytesIO(pending.data)).active.iter_rows())) == 1
    # The sibling station's admin sees none of it.
    other = org["other_admin"].get("/api/v1/redemptions.xlsx")
    assert len(list(load_workbook(BytesIO(other.data)).active.iter_rows())) == 1


def test_redemptions_xlsx_is_refused_outside_the_scope(factory, org, client):
    path = f"/api/v1/redemptions.xlsx?station_id={org['station']}"
    assert org["other_admin"].get(path).status_code == 403
    assert factory.association_admin(factory.association()).get(path).status_code == 403
    assert factory.resident().get(path).status_code == 403
    assert factory.resident().get("/api/v1/redemptions.xlsx").status_code == 403
    assert client.get(path).status_code == 401
    assert org["union"].get("/api/v1/redemptions.xlsx?station_id=999999").status_code == 404
    for bad in ("station_id=abc", "station_id=0", "status=lost"):
        assert org["union"].get(f"/api/v1/redemptions.xlsx?{bad}").status_code == 422, bad


def test_station_redemptions_are_scoped(factory, org, gift_at_station):
    shopper = factory.resident()
    fund(shopper.user_id, 50)
    redeem(shopper, gift_at_station, org["station"])
    path = f"/api/v1/stations/{org['station']}/redemptions?status=pending_pickup"
    listed = org["station_admin"].get(path).get_json()
    assert listed["total"] == 1 and "pickup_code" not in listed["items"][0]
    assert org["other_admin"].get(path).status_code == 403
    assert factory.association_admin(factory.association()).get(path).status_code == 403
