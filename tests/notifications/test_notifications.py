"""Subscribe messages: counted one-time subscriptions, sent from a job through the WeChat
stand-in after the caller commits; 43101 is final, -1 is retried."""

from datetime import timedelta

import pytest
from rq import SimpleWorker
from sqlalchemy import func, select

from app.core.queues import NOTIFICATIONS
from app.core.time import utcnow
from app.errors import ValidationFailed
from app.extensions import db, get_redis
from app.notifications.models import Notification, SubscriptionCredit
from app.notifications.service import notify
from app.users.models import User

SEND = "/cgi-bin/message/subscribe/send"
TEMPLATES = {
    "application_reviewed": "tmpl-application-reviewed",
    "hours_verified": "tmpl-hours-verified",
    "gift_ready": "tmpl-gift-ready",
    "help_progress": "tmpl-help-progress",
}
DATA = {"thing1": "右安门服务站", "time2": "2026-11-22"}


@pytest.fixture(autouse=True)
def _templates(app, monkeypatch):
    monkeypatch.setitem(app.config, "WECHAT_TEMPLATE_IDS", dict(TEMPLATES))
    monkeypatch.setitem(app.config, "NOTIFICATION_RETRY_INTERVALS", [0, 0])


@pytest.fixture
def user(factory):
    api = factory.resident()
    response = api.post("/api/v1/me/subscriptions", json={"template_keys": ["hours_verified"]})
    assert response.status_code == 200
    return api


def send(user_id: int, event: str = "hours_verified") -> Notification:
    row = notify(user_id=user_id, event=event, data=DATA, page="pages/hours/index")
    db.session.commit()
    db.session.expire_all()
    return db.session.get(Notification, row.id)


def remaining(user_id: int, event: str = "hours_verified") -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(SubscriptionCredit.remaining).where(
            SubscriptionCredit.user_id == user_id, SubscriptionCredit.event == event
        )
    )


def test_subscriptions_are_counted_per_user_and_event(factory):
    api = factory.resident()
    api.post("/api/v1/me/subscriptions", json={"template_keys": ["gift_ready"]})
    response = api.post(
        "/api/v1/me/subscriptions", json={"template_keys": ["gift_ready", "hours_verified"]}
    )
    assert response.get_json()["remaining"] == {
        "application_reviewed": 0,
        "hours_verified": 1,
        "gift_ready": 2,
        "help_progress": 0,
        "inspection_recorded": 0,
        "rectification_due": 0,
    }
    # Events without a configured template are listed with "" (the mini-program skips them).
    assert api.get("/api/v1/me/subscriptions").get_json()["templates"] == {
        **TEMPLATES,
        "inspection_recorded": "",
        "rectification_due": "",
    }
    bad = api.post("/api/v1/me/subscriptions", json={"template_keys": ["marketing"]})
    assert bad.status_code == 422
    assert "template_keys" in bad.get_json()["error"]["details"]["fields"]


def test_a_message_is_sent_with_the_template_and_uses_one_subscription(user, wechat_standin, db):
    row = send(user.user_id)
    assert row.status == "sent" and row.sent_at is not None
    [(_, _, body)] = wechat_standin.calls(SEND)
    assert body["template_id"] == TEMPLATES["hours_verified"]
    assert body["touser"] == db.session.get(User, user.user_id).openid
    assert body["data"] == {"thing1": {"value": "右安门服务站"}, "time2": {"value": "2026-11-22"}}
    assert remaining(user.user_id) == 0
    listed = user.get("/api/v1/me/notifications").get_json()["items"]
    assert [(n["event"], n["status"]) for n in listed] == [("hours_verified", "sent")]


def test_without_a_subscription_nothing_is_sent(user, wechat_standin):
    first, second = send(user.user_id), send(user.user_id)
    assert (first.status, second.status) == ("sent", "no_subscription")
    assert len(wechat_standin.calls(SEND)) == 1
    assert send(user.user_id, "gift_ready").status == "no_subscription"


def test_43101_is_refused_and_tried_exactly_once(user, wechat_standin):
    wechat_standin.fail_next(SEND, 43101, times=3)
    row = send(user.user_id)
    assert (row.status, row.attempts, row.last_errcode) == ("refused", 1, 43101)
    assert len(wechat_standin.calls(SEND)) == 1
    assert remaining(user.user_id) == 0


def test_a_busy_wechat_is_retried_until_sent(user, wechat_standin):
    wechat_standin.fail_next(SEND, -1)
    row = send(user.user_id)
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(wechat_standin.calls(SEND)) == 2
    assert remaining(user.user_id) == 0  # one message, one subscription


def test_when_retries_run_out_the_message_fails_and_the_subscription_is_kept(user, wechat_standin):
    wechat_standin.fail_next(SEND, -1, times=10)
    row = send(user.user_id)
    assert (row.status, row.attempts) == ("failed", 3)
    assert len(wechat_standin.calls(SEND)) == 3
    assert remaining(user.user_id) == 1


def test_nothing_is_sent_when_the_callers_transaction_rolls_back(user, wechat_standin):
    notify(user_id=user.user_id, event="hours_verified", data=DATA)
    db.session.rollback()
    db.session.commit()
    assert wechat_standin.calls(SEND) == []
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


@pytest.mark.parametrize(
    "value", ["13912345678", "11010519491231002X", "wang@example.com", "x" * 21]
)
def test_messages_refuse_personal_details(user, value):
    with pytest.raises(ValidationFailed):
        notify(user_id=user.user_id, event="hours_verified", data={"thing1": value})


def test_a_real_worker_retries_a_busy_wechat_and_never_retries_43101(
    app, user, wechat_standin, monkeypatch
):
    monkeypatch.setitem(app.config, "RQ_INLINE", False)
    user.post("/api/v1/me/subscriptions", json={"template_keys": ["hours_verified"]})
    wechat_standin.fail_next(SEND, -1)
    busy = send(user.user_id)
    assert busy.status == "queued"  # waits for the worker
    worker = SimpleWorker([NOTIFICATIONS], connection=get_redis())
    worker.work(burst=True)
    db.session.rollback()  # a fresh snapshot: the worker wrote in its own transaction
    busy = db.session.get(Notification, busy.id)
    assert (busy.status, busy.attempts) == ("sent", 2)
    assert len(wechat_standin.calls(SEND)) == 2

    wechat_standin.fail_next(SEND, 43101, times=3)
    refused = send(user.user_id)
    worker.work(burst=True)
    db.session.rollback()  # a fresh snapshot: the worker wrote in its own transaction
    refused = db.session.get(Notification, refused.id)
    assert (refused.status, refused.attempts) == ("refused", 1)
    assert len(wechat_standin.calls(SEND)) == 3


def test_resend_queues_again_what_was_left_queued(app, user, wechat_standin):
    row = Notification(
        user_id=user.user_id,
        event="hours_verified",
        data=DATA,
        created_at=utcnow() - timedelta(hours=1),
    )
    db.session.add(row)
    db.session.commit()  # added directly: never queued, as when Redis was down
    assert wechat_standin.calls(SEND) == []
    result = app.test_cli_runner().invoke(args=["notifications", "resend"])
    assert result.exit_code == 0 and "queued 1" in result.output, result.output
    db.session.rollback()  # a fresh snapshot: the command wrote in its own transaction
    assert db.session.get(Notification, row.id).status == "sent"
    assert len(wechat_standin.calls(SEND)) == 1
