"""Jobs that send subscribe messages through WeChat.

One delivery attempt claims the notification, uses one of the user's one-time subscriptions, and
calls WeChat. 43101 (the user has none left) is final and never retried; -1 or an unreachable
WeChat raises so that RQ retries with backoff; other WeChat errors are permanent and recorded.
Each attempt works in its own session so that it can run right after the caller's commit.
"""

import logging
import time

from flask import current_app
from rq import Retry, get_current_job
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.core.queues import NOTIFICATIONS, enqueue
from app.core.time import utcnow
from app.core.wechat import wechat
from app.extensions import db
from app.notifications.models import Notification, NotificationStatus, SubscriptionCredit
from app.users.models import User
from app.wechat import WeChatError, WeChatUnavailable

log = logging.getLogger(__name__)

NO_SUBSCRIPTION_LEFT = 43101
BUSY = -1


class TransientDeliveryError(Exception):
    """WeChat was busy or unreachable; the attempt may be repeated."""


def retry_intervals() -> list[int]:
    return list(current_app.config["NOTIFICATION_RETRY_INTERVALS"])


def enqueue_delivery(notification_id: int):
    """Queue the delivery: an RQ job with retries, or (inline mode) attempts in a loop now."""
    if current_app.config["RQ_INLINE"]:
        return send_notification_inline(notification_id)
    intervals = retry_intervals()
    return enqueue(
        NOTIFICATIONS,
        send_notification,
        notification_id,
        job_id=f"notification-{notification_id}",
        retry=Retry(max=len(intervals), interval=intervals),
    )


def send_notification(notification_id: int) -> str:
    """RQ job: one delivery attempt; a transient failure raises so RQ retries it."""
    job = get_current_job()
    final = job is None or not job.retries_left
    return deliver(notification_id, final_attempt=final)


def send_notification_inline(notification_id: int) -> str:
    """Inline mode (tests, embedded run): the same attempts as RQ would make, in a loop. It runs
    right after the caller's commit, so a final failure is recorded on the row and logged rather
    than raised into a use case that already succeeded."""
    attempts = len(retry_intervals()) + 1
    for attempt in range(1, attempts + 1):
        try:
            return deliver(notification_id, final_attempt=attempt == attempts)
        except TransientDeliveryError:
            if attempt == attempts:
                log.warning("notification %s failed after %d attempts", notification_id, attempt)
                return NotificationStatus.FAILED
            time.sleep(min(0.05 * attempt, 0.5))
    raise AssertionError("unreachable")


def deliver(notification_id: int, *, final_attempt: bool) -> str:
    """One attempt to send the notification; returns its status afterwards."""
    with Session(db.engine) as session:
        row = session.get(Notification, notification_id)
        if row is None:
            return "missing"
        claimed = session.execute(
            update(Notification)
            .where(Notification.id == row.id, Notification.status == NotificationStatus.QUEUED)
            .values(status=NotificationStatus.SENDING, attempts=Notification.attempts + 1)
        ).rowcount
        if not claimed:
            return row.status  # already sent, refused, or being sent by another attempt
        session.refresh(row)
        user = session.get(User, row.user_id)
        template_id = current_app.config["WECHAT_TEMPLATE_IDS"].get(row.event)
        if user is None or user.deleted_at is not None:
            return _finish(session, row, NotificationStatus.SKIPPED)
        if not template_id:
            return _finish(session, row, NotificationStatus.NO_TEMPLATE)
        if not row.subscription_used:
            if not _use_subscription(session, row):
                return _finish(session, row, NotificationStatus.NO_SUBSCRIPTION)
            row.subscription_used = True
        openid = user.openid
        session.commit()  # the claim and the used subscription hold even if the call hangs

        try:
            wechat().send_subscribe_message(
                openid=openid,
                template_id=template_id,
                data={key: {"value": value} for key, value in row.data.items()},
                page=row.page,
            )
        except WeChatError as error:
            row.last_errcode = error.errcode
            if error.errcode == NO_SUBSCRIPTION_LEFT:
                # WeChat knows better than our counter: the user has none left.
                _set_remaining(session, row, 0)
                return _finish(session, row, NotificationStatus.REFUSED)
            if isinstance(error, WeChatUnavailable) or error.errcode == BUSY:
                if final_attempt:
                    _give_back_subscription(session, row)
                    _finish(session, row, NotificationStatus.FAILED)
                else:
                    _finish(session, row, NotificationStatus.QUEUED)
                raise TransientDeliveryError(f"WeChat errcode {error.errcode}") from None
            log.warning("notification %s failed permanently: errcode=%s", row.id, error.errcode)
            return _finish(session, row, NotificationStatus.FAILED)
        row.sent_at = utcnow()
        return _finish(session, row, NotificationStatus.SENT)


def _finish(session: Session, row: Notification, status: str) -> str:
    row.status = status
    session.commit()
    return status


def _use_subscription(session: Session, row: Notification) -> bool:
    return bool(
        session.execute(
            update(SubscriptionCredit)
            .where(
                SubscriptionCredit.user_id == row.user_id,
                SubscriptionCredit.event == row.event,
                SubscriptionCredit.remaining > 0,
            )
            .values(remaining=SubscriptionCredit.remaining - 1)
        ).rowcount
    )


def _give_back_subscription(session: Session, row: Notification) -> None:
    # WeChat never delivered it, so the user's subscription is still unused.
    session.execute(
        update(SubscriptionCredit)
        .where(SubscriptionCredit.user_id == row.user_id, SubscriptionCredit.event == row.event)
        .values(remaining=SubscriptionCredit.remaining + 1)
    )
    row.subscription_used = False


def _set_remaining(session: Session, row: Notification, remaining: int) -> None:
    session.execute(
        update(SubscriptionCredit)
        .where(SubscriptionCredit.user_id == row.user_id, SubscriptionCredit.event == row.event)
        .values(remaining=remaining)
    )
