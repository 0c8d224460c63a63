"""Redemptions: points and stock are taken together or not at all, and given back exactly once.

Every balance, stock figure and per-user count changes through a conditional UPDATE whose
rowcount is checked (never read-modify-write in Python). Rows are locked in one order in every
use case (redemption → gift → ledger accounts by id) so that concurrent
redemptions and cancellations cannot deadlock each other; a deadlock that still happens is
retried whole by use_case with the same idempotency key. *_step functions flush only."""

import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.core.time import as_utc, shanghai_date, utcnow
from app.core.transactions import use_case
from app.errors import Conflict, NotFound, ValidationFailed
from app.extensions import db
from app.gifts.errors import GiftNotFound, RedemptionNotFound
from app.gifts.models import (
    Gift,
    GiftStockLog,
    Redemption,
    RedemptionEvent,
    RedemptionStatus,
    StockReason,
)
from app.notifications.service import notify
from app.points import service as points
from app.points.models import SystemAccount
from app.points.service import IdempotencyKeyReused, request_hash
from app.stations.models import Station

PICKUP_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud at a counter
PICKUP_CODE_LENGTH = 12  # 32**12 = 2**60 codes


class OutOfStock(Conflict):
    code, message = "out_of_stock", "This gift is out of stock."


class LimitReached(Conflict):
    code, message = "limit_reached", "You already hold as many of this gift as one person may."


class GiftInactive(Conflict):
    code, message = "gift_inactive", "This gift cannot be redeemed now."


def new_pickup_code() -> str:
    return "".join(secrets.choice(PICKUP_ALPHABET) for _ in range(PICKUP_CODE_LENGTH))


def normalise_pickup_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def pickup_days() -> int:
    return int(current_app.config["REDEMPTION_PICKUP_DAYS"])


def is_active(gift: Gift, now: datetime) -> bool:
    return (
        gift.active
        and (gift.active_from is None or as_utc(gift.active_from) <= now)
        and (gift.active_until is None or now < as_utc(gift.active_until))
    )


def get_redemption(redemption_id: int) -> Redemption:
    redemption = db.session.get(Redemption, redemption_id)
    if redemption is None:
        raise RedemptionNotFound()
    return redemption


def _find_by_key(user_id: int, idempotency_key: str) -> Redemption | None:
    return db.session.scalar(
        select(Redemption).where(
            Redemption.user_id == user_id, Redemption.idempotency_key == idempotency_key
        )
    )


def _replay(existing: Redemption, digest: str) -> Redemption:
    if existing.request_hash != digest:
        raise IdempotencyKeyReused()
    return existing


def _log_event(redemption: Redemption, from_status, to_status, actor_id, note=None) -> None:
    db.session.add(
        RedemptionEvent(
            redemption_id=redemption.id,
            from_status=from_status,
            to_status=to_status,
            actor_id=actor_id,
            note=note,
        )
    )


def change_stock(
    *,
    gift_id: int,
    delta: int,
    reason: str,
    redemption_id=None,
    actor_id=None,
    note=None,
    locked_stock: int | None = None,
) -> int:
    """Move a gift's stock by delta (never below zero: OutOfStock) and log it. locked_stock is
    the stock read under this transaction's row lock, if any (saves a read). Flushes only."""
    statement = update(Gift).where(Gift.id == gift_id)
    if delta < 0:
        statement = statement.where(Gift.stock >= -delta)
    result = db.session.execute(
        statement.values(stock=Gift.stock + delta).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise OutOfStock()
    if locked_stock is not None:
        stock_after = locked_stock + delta
    else:
        stock_after = db.session.scalar(select(Gift.stock).where(Gift.id == gift_id))
    db.session.add(
        GiftStockLog(
            gift_id=gift_id,
            delta=delta,
            stock_after=stock_after,
            reason=reason,
            redemption_id=redemption_id,
            actor_id=actor_id,
            note=note,
        )
    )
    db.session.flush()
    gift = db.session.get(Gift, gift_id)
    db.session.expire(gift, ["stock"])
    return stock_after


def _units_held(gift_id: int, user_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(Redemption.quantity), 0)).where(
                Redemption.user_id == user_id,
                Redemption.gift_id == gift_id,
                Redemption.status.in_([RedemptionStatus.PENDING, RedemptionStatus.FULFILLED]),
            )
        )
    )


def redeem_step(
    *,
    user_id: int,
    gift_id: int,
    idempotency_key: str,
    quantity: int = 1,
    pickup_station_id: int | None = None,
    now: datetime | None = None,
) -> Redemption:
    """Redeem a gift once per (user, key): take the user's allowance, the stock and the points
    together, or raise (insufficient_points, out_of_stock, limit_reached, gift_inactive) and
    let the transaction roll back. A repeated key returns the original redemption. Flushes."""
    now = now or utcnow()
    digest = request_hash("redeem", gift_id, quantity, pickup_station_id)
    existing = _find_by_key(user_id, idempotency_key)
    if existing is not None:
        return _replay(existing, digest)
    gift = db.session.get(Gift, gift_id)
    if gift is None:
        raise GiftNotFound()
    if not is_active(gift, now):
        raise GiftInactive()
    if quantity < 1:
        raise ValidationFailed(details={"fields": {"quantity": ["Must be at least 1."]}})
    stations = gift.pickup_station_ids
    if pickup_station_id is None and len(stations) == 1:
        pickup_station_id = stations[0]
    if pickup_station_id not in stations:
        raise ValidationFailed(
            "Choose one of the gift's pickup stations.",
            details={"fields": {"pickup_station_id": [f"Must be one of {stations}."]}},
        )
    amount = gift.price_points * quantity
    # Fast refusals from committed state, before queueing for the gift's lock: a sold-out gift
    # or an empty wallet should not wait behind a crowd. They only ever refuse; the locked
    # checks and conditional UPDATEs below are what guarantee the books.
    if gift.stock < quantity:
        raise OutOfStock()
    if points.balance_of(user_id) < amount:
        raise points.InsufficientPoints()
    # Lock the gift row before inserting anything that references it (an InnoDB foreign-key
    # check takes a shared lock on it, and shared holders that then want to update it
    # deadlock). Every change to this gift's redemptions (redeem, cancel, expire) takes this
    # lock, so the per-user count below cannot be raced: a concurrent redeem of the same gift
    # waits here, and a cancel not yet committed is still counted (a conservative refusal,
    # never an extra unit). A concurrent duplicate of this key also waits here, then finds the
    # committed redemption on insert and replays it.
    locked_stock = db.session.scalar(select(Gift.stock).where(Gift.id == gift.id).with_for_update())
    if locked_stock < quantity:
        raise OutOfStock()
    if _units_held(gift.id, user_id) + quantity > gift.per_user_limit:
        raise LimitReached(details={"per_user_limit": gift.per_user_limit})
    redemption = Redemption(
        user_id=user_id,
        gift_id=gift.id,
        pickup_station_id=pickup_station_id,
        quantity=quantity,
        points_spent=amount,
        status=RedemptionStatus.PENDING,
        pickup_code=new_pickup_code(),
        idempotency_key=idempotency_key,
        request_hash=digest,
        expires_at=now + timedelta(days=pickup_days()),
    )
    try:
        with db.session.begin_nested():
            db.session.add(redemption)
    except IntegrityError:
        # The same key raced us and committed first: that redemption is the answer.
        existing = _find_by_key(user_id, idempotency_key)
        if existing is None:
            raise
        return _replay(existing, digest)
    change_stock(
        gift_id=gift.id,
        delta=-quantity,
        reason=StockReason.REDEEMED,
        redemption_id=redemption.id,
        actor_id=user_id,
        locked_stock=locked_stock,
    )
    points.debit_user(
        user_id=user_id,
        amount=redemption.points_spent,
        sink=SystemAccount.REDEMPTIONS,
        idempotency_key=f"redemption:{redemption.id}",
        reason=f"兑换礼品：{gift.name}",
        reference_type="redemption",
        reference_id=redemption.id,
    )
    _log_event(redemption, None, RedemptionStatus.PENDING, user_id)
    _notify_ready(redemption, gift)
    db.session.flush()
    return redemption


def _notify_ready(redemption: Redemption, gift: Gift) -> None:
    # The gift, where and until when: never the pickup code (a message may show on a lock
    # screen) and nothing about the person. Template values are at most 20 characters.

    station = db.session.get(Station, redemption.pickup_station_id)
    notify(
        user_id=redemption.user_id,
        event="gift_ready",
        data={
            "thing1": gift.name[:20],
            "thing2": (station.name if station else "服务站")[:20],
            "date3": shanghai_date(redemption.expires_at).isoformat(),
        },
        page="pages/gifts/redemptions/index",
    )


def _close(redemption: Redemption, *, to_status: str, actor_id, now, extra_where=()) -> bool:
    """Move a pending redemption to to_status by conditional UPDATE; False if it was no longer
    pending (someone else closed it first)."""
    result = db.session.execute(
        update(Redemption)
        .where(
            Redemption.id == redemption.id,
            Redemption.status == RedemptionStatus.PENDING,
            *extra_where,
        )
        .values(status=to_status, closed_at=now, closed_by_id=actor_id)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(redemption)
    if result.rowcount != 1:
        return False
    _log_event(redemption, RedemptionStatus.PENDING, to_status, actor_id)
    return True


def _give_back(redemption: Redemption, *, actor_id, why: str) -> None:
    """Refund points and restock a closed redemption (freeing the user's allowance). The refund
    transfer key and the unique (redemption_id, reason) stock log make it happen at most once."""
    change_stock(
        gift_id=redemption.gift_id,
        delta=redemption.quantity,
        reason=StockReason.RETURNED,
        redemption_id=redemption.id,
        actor_id=actor_id,
        note=why,
    )
    points.credit_user(
        user_id=redemption.user_id,
        amount=redemption.points_spent,
        source=SystemAccount.REDEMPTIONS,
        idempotency_key=f"redemption:{redemption.id}:refund",
        reason=f"礼品兑换{why}退回",
        reference_type="redemption",
        reference_id=redemption.id,
    )


def cancel_step(*, redemption_id: int, user_id: int, now: datetime | None = None) -> Redemption:
    """The user cancels their pending redemption: points and stock come back, once. Flushes."""
    redemption = get_redemption(redemption_id)
    if redemption.user_id != user_id:
        raise RedemptionNotFound()
    if not _close(
        redemption, to_status=RedemptionStatus.CANCELLED, actor_id=user_id, now=now or utcnow()
    ):
        raise Conflict(
            f"This redemption is already {redemption.status}.",
            code="redemption_not_pending",
            details={"status": redemption.status},
        )
    _give_back(redemption, actor_id=user_id, why="取消")
    db.session.flush()
    return redemption


def expire_step(*, redemption_id: int, now: datetime) -> bool:
    """Expire one redemption if it is pending and past its pickup deadline, refunding points and
    stock once; False (and nothing changes) otherwise. Flushes."""
    redemption = db.session.get(Redemption, redemption_id)
    if redemption is None:
        return False
    if not _close(
        redemption,
        to_status=RedemptionStatus.EXPIRED,
        actor_id=None,
        now=now,
        extra_where=(Redemption.expires_at <= now,),
    ):
        return False
    _give_back(redemption, actor_id=None, why="过期")
    db.session.flush()
    return True


def due_redemption_ids(now: datetime) -> list[int]:
    return list(
        db.session.scalars(
            select(Redemption.id)
            .where(Redemption.status == RedemptionStatus.PENDING, Redemption.expires_at <= now)
            .order_by(Redemption.id)
        )
    )


def expire_due_redemptions(now: datetime | None = None) -> int:
    """Expire every pending redemption past its deadline, one transaction each; safe to run
    twice or alongside cancellations. Returns how many expired now. Commits."""
    now = now or utcnow()
    expired = 0
    for redemption_id in due_redemption_ids(now):
        if use_case(expire_step)(redemption_id=redemption_id, now=now):
            expired += 1
    return expired


def fulfil_step(*, station_id: int, pickup_code: str, admin_id: int, now=None) -> Redemption:
    """Hand over a gift: the code must be pending and bound to this station; it works once.
    Flushes."""
    now = now or utcnow()
    redemption = db.session.scalar(
        select(Redemption).where(Redemption.pickup_code == normalise_pickup_code(pickup_code))
    )
    if redemption is None or redemption.pickup_station_id != station_id:
        raise NotFound("No pending gift has this pickup code here.", code="pickup_code_invalid")
    if not _close(
        redemption,
        to_status=RedemptionStatus.FULFILLED,
        actor_id=admin_id,
        now=now,
        extra_where=(Redemption.expires_at > now,),
    ):
        status = redemption.status
        if status == RedemptionStatus.PENDING:
            status = RedemptionStatus.EXPIRED  # past its deadline, the job has not run yet
        raise Conflict(
            f"This pickup code is no longer valid ({status}).",
            code="pickup_code_invalid",
            details={"status": status},
        )
    db.session.flush()
    return redemption
