"""Subscribe-message notifications. Other domains call `notify(...)` inside their use case; the
message is queued once that use case commits, and a job sends it through WeChat.

    from app.notifications.service import notify
    notify(user_id=record.user_id, event="hours_verified",
           data={"thing1": "右安门服务站", "time2": "2026-11-22"}, page="pages/hours/index")
"""

import logging
import re
from datetime import timedelta

from sqlalchemy import event as sa_event
from sqlalchemy import inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import contrib
from app.core.time import utcnow
from app.core.transactions import use_case
from app.errors import ValidationFailed
from app.extensions import db
from app.notifications.jobs import enqueue_delivery
from app.notifications.models import (
    Notification,
    NotificationEvent,
    NotificationStatus,
    SubscriptionCredit,
)

EVENTS = tuple(e.value for e in NotificationEvent)
# WeChat's own limits per template value kind (thing ≤ 20 characters, phrase ≤ 5, …); we keep
# every value short and plain.
MAX_VALUE_LENGTH = 20
# Personal details must never travel in a message: refuse anything shaped like a phone number,
# an ID number or an e-mail address.
PERSONAL_PATTERNS = (
    re.compile(r"1\d{10}"),
    re.compile(r"\d{17}[\dXx]"),
    re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.I),
)
PENDING_KEY = "notifications_to_enqueue"
log = logging.getLogger(__name__)


def check_message_data(data: dict) -> dict:
    """The data as {key: str}; ValidationFailed if malformed or carrying personal details."""
    problems = {}
    clean = {}
    for key, value in data.items():
        text = str(value)
        if not re.fullmatch(r"[a-z_]+\d+", str(key)):
            problems[str(key)] = ["Use WeChat template keys such as thing1, phrase2, time3."]
        elif len(text) > MAX_VALUE_LENGTH or not text:
            problems[str(key)] = [f"Give 1 to {MAX_VALUE_LENGTH} characters."]
        elif any(p.search(text) for p in PERSONAL_PATTERNS):
            problems[str(key)] = ["Messages carry no personal details (phone, ID, e-mail)."]
        clean[str(key)] = text
    if problems:
        raise ValidationFailed(
            "The message data is not allowed.", code="notification_data_invalid", details=problems
        )
    return clean


def notify(*, user_id: int, event: str, data: dict, page: str | None = None) -> Notification:
    """Record a subscribe message for the user and send it from a job once the caller's
    transaction commits (nothing is sent if it rolls back). Flushes only."""
    if event not in EVENTS:
        raise ValueError(f"unknown notification event {event!r}")
    row = Notification(user_id=user_id, event=event, data=check_message_data(data), page=page)
    db.session.add(row)
    db.session.flush()
    db.session().info.setdefault(PENDING_KEY, []).append(row)
    return row


@sa_event.listens_for(Session, "after_commit")
def _enqueue_committed(session: Session) -> None:
    pending = session.info.pop(PENDING_KEY, None)
    if not pending:
        return
    # Rows from a rolled-back transaction are transient again and have no identity: skip them.
    ids = [inspect(row).identity[0] for row in pending if inspect(row).identity]
    if ids:
        for notification_id in ids:
            try:
                enqueue_delivery(notification_id)
            except Exception:
                # The caller's work is committed; a queue outage must not turn it into an error.
                # The row stays `queued` and `flask notifications resend` queues it again.
                log.exception("could not queue notification %s", notification_id)


def record_subscriptions(*, user_id: int, events: list[str]) -> dict[str, int]:
    """Count one more one-time subscription per accepted event; returns what is left."""
    unknown = [event for event in events if event not in EVENTS]
    if unknown:
        raise ValidationFailed(
            "Unknown template key.",
            code="subscription_unknown",
            details={
                "fields": {"template_keys": [f"{e!r} is not one of {EVENTS}." for e in unknown]}
            },
        )
    _count_subscriptions(user_id=user_id, events=events)
    return remaining_subscriptions(user_id=user_id)


@use_case
def _count_subscriptions(*, user_id: int, events: list[str]) -> None:
    for event in dict.fromkeys(events):
        _ensure_credit_row(user_id=user_id, event=event)
        db.session.execute(
            update(SubscriptionCredit)
            .where(SubscriptionCredit.user_id == user_id, SubscriptionCredit.event == event)
            .values(
                remaining=SubscriptionCredit.remaining + 1,
                granted_total=SubscriptionCredit.granted_total + 1,
            )
        )


def _ensure_credit_row(*, user_id: int, event: str) -> None:
    exists = db.session.scalar(
        select(SubscriptionCredit.id).where(
            SubscriptionCredit.user_id == user_id, SubscriptionCredit.event == event
        )
    )
    if exists:
        return
    try:
        with db.session.begin_nested():
            db.session.add(SubscriptionCredit(user_id=user_id, event=event, remaining=0))
    except IntegrityError:
        pass  # another request created it first


def remaining_subscriptions(*, user_id: int) -> dict[str, int]:
    """{event: subscriptions left} for every event."""
    rows = db.session.execute(
        select(SubscriptionCredit.event, SubscriptionCredit.remaining).where(
            SubscriptionCredit.user_id == user_id
        )
    ).all()
    counts = dict.fromkeys(EVENTS, 0)
    counts.update({event: remaining for event, remaining in rows if event in counts})
    return counts


def template_ids(config) -> dict[str, str]:
    """{event: template id} from config, for the mini-program's wx.requestSubscribeMessage."""
    return {event: config["WECHAT_TEMPLATE_IDS"].get(event) or "" for event in EVENTS}


def my_notifications(*, user_id: int, limit: int = 50) -> list[Notification]:
    """The user's latest notifications and their delivery status."""
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


@contrib.export_section("notifications")
def _export(user) -> list[dict]:
    return [
        {"event": n.event, "status": n.status, "created_at": n.created_at, "sent_at": n.sent_at}
        for n in my_notifications(user_id=user.id, limit=1000)
    ]


@contrib.delete_hook
def _forget(user) -> None:
    # Nothing personal is stored in messages; stop anything not yet sent and drop the counters.
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.status == NotificationStatus.QUEUED)
        .values(status=NotificationStatus.SKIPPED)
    )
    db.session.execute(
        update(SubscriptionCredit).where(SubscriptionCredit.user_id == user.id).values(remaining=0)
    )


def stale_queued_ids(*, older_than_minutes: int) -> list[int]:
    """Notifications still waiting to be sent after that many minutes (never `sending` ones: they
    may have been delivered)."""
    cutoff = utcnow() - timedelta(minutes=older_than_minutes)
    return list(
        db.session.scalars(
            select(Notification.id).where(
                Notification.status == NotificationStatus.QUEUED,
                Notification.created_at < cutoff,
            )
        )
    )
