"""A redeemed gift is announced by subscribe message: the gift and where, never the code."""

from sqlalchemy import select

from app.notifications.models import Notification
from tests.gifts.factories import fund, key, make_gift
from tests.gifts.test_redemption_api import redeem


def test_a_redemption_announces_the_gift_without_the_pickup_code(
    factory, db, org, app, monkeypatch, wechat_standin
):
    monkeypatch.setitem(app.config, "WECHAT_TEMPLATE_IDS", {"gift_ready": "tmpl-gift"})
    gift_id = make_gift(
        org["union"].user_id, name="反诈主题帆布袋", pickup_station_ids=[org["station"]]
    )
    resident = factory.resident()
    resident.post("/api/v1/me/subscriptions", json={"template_keys": ["gift_ready"]})
    fund(resident.user_id, 50)
    body = redeem(resident, gift_id, key()).get_json()
    db.session.expire_all()
    rows = db.session.scalars(
        select(Notification).where(Notification.user_id == resident.user_id)
    ).all()
    assert [(n.event, n.data["thing1"], n.status) for n in rows] == [
        ("gift_ready", "反诈主题帆布袋", "sent")
    ]
    assert body["pickup_code"] not in str(rows[0].data)
    sent = wechat_standin.calls("/cgi-bin/message/subscribe/send")
    assert len(sent) == 1 and body["pickup_code"] not in str(sent[0][2])


def test_a_refused_redemption_announces_nothing(factory, db, org):
    gift_id = make_gift(org["union"].user_id, pickup_station_ids=[org["station"]])
    resident = factory.resident()
    assert redeem(resident, gift_id, key()).status_code == 409  # no points
    assert db.session.scalars(select(Notification)).all() == []
