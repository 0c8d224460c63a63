"""Volunteers hear about their application and their verified hours by subscribe message,
with nothing personal in it."""

from sqlalchemy import select

from app.notifications.models import Notification
from tests.volunteers.test_hours import HOURS, ago, log


def subscribe(client, *keys):
    response = client.post("/api/v1/me/subscriptions", json={"template_keys": list(keys)})
    assert response.status_code in (200, 201), response.get_json()


def notifications(db, user_id):
    db.session.expire_all()
    return db.session.scalars(
        select(Notification).where(Notification.user_id == user_id).order_by(Notification.id)
    ).all()


def test_an_approved_application_sends_one_message_without_personal_details(world, db):
    volunteer = world.volunteer()
    sent = notifications(db, volunteer.user_id)
    assert [(n.event, n.data["phrase2"]) for n in sent] == [("application_reviewed", "已通过")]
    assert "张三" not in str(sent[0].data) and "13812345678" not in str(sent[0].data)


def test_a_rejected_application_says_so(world, db):
    person = world.factory.resident()
    body = {"station_id": world.station.id, "real_name": "李四", "phone": "13912345678"}
    application = person.post("/api/v1/volunteer-applications", json=body).get_json()
    world.admin.post(
        f"/api/v1/volunteer-applications/{application['id']}/reject", json={"reason": "资料不全"}
    )
    assert [(n.event, n.data["phrase2"]) for n in notifications(db, person.user_id)] == [
        ("application_reviewed", "未通过")
    ]


def test_verified_hours_are_announced_and_delivered_to_a_subscriber(
    world, db, wechat_standin, app, monkeypatch
):
    monkeypatch.setitem(app.config, "WECHAT_TEMPLATE_IDS", {"hours_verified": "tmpl-hours"})
    volunteer = world.volunteer()
    subscribe(volunteer, "hours_verified")
    record = log(volunteer, ago(2), 90).get_json()
    world.admin.post(f"{HOURS}/{record['id']}/verify")
    verified = [n for n in notifications(db, volunteer.user_id) if n.event == "hours_verified"]
    assert len(verified) == 1 and verified[0].data["number2"] == "90"
    assert verified[0].status == "sent"
    sent = wechat_standin.calls("/cgi-bin/message/subscribe/send")
    assert len(sent) == 1 and sent[0][2]["template_id"] == "tmpl-hours"


def test_rejected_hours_send_no_verified_message(world, db):
    volunteer = world.volunteer()
    record = log(volunteer, ago(2), 90).get_json()
    world.admin.post(f"{HOURS}/{record['id']}/reject", json={"reason": "无证明"})
    assert [n.event for n in notifications(db, volunteer.user_id)] == ["application_reviewed"]
