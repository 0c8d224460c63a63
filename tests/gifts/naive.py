"""A deliberately naive redemption: read balance, stock and count in Python, then write the
computed values back. It exists only to prove the race harness can see a race; never copy it."""

import time

from sqlalchemy import func, select, update

from app.core.time import utcnow
from app.errors import Conflict
from app.extensions import db
from app.gifts.models import Gift, GiftStockLog, Redemption, RedemptionStatus
from app.gifts.service import new_pickup_code
from app.points.models import PointAccount, PointEntry, PointTransfer, SystemAccount
from app.points.service import system_account, wallet_for


def naive_redeem(*, user_id: int, gift_id: int, idempotency_key: str, window: float = 0.002):
    gift = db.session.get(Gift, gift_id)
    wallet = wallet_for(user_id)
    sink = system_account(SystemAccount.REDEMPTIONS)
    balance, stock = wallet.balance, gift.stock
    held = db.session.scalar(
        select(func.count(Redemption.id)).where(
            Redemption.user_id == user_id,
            Redemption.gift_id == gift_id,
            Redemption.status == RedemptionStatus.PENDING,
        )
    )
    if held >= gift.per_user_limit:
        raise Conflict(code="limit_reached")
    if stock < 1:
        raise Conflict(code="out_of_stock")
    if balance < gift.price_points:
        raise Conflict(code="insufficient_points")
    time.sleep(window)  # the gap between check and act that real traffic provides anyway
    db.session.execute(update(Gift).where(Gift.id == gift_id).values(stock=stock - 1))
    db.session.execute(
        update(PointAccount)
        .where(PointAccount.id == wallet.id)
        .values(balance=balance - gift.price_points)
    )
    redemption = Redemption(
        user_id=user_id,
        gift_id=gift_id,
        pickup_station_id=gift.pickup_station_ids[0],
        points_spent=gift.price_points,
        pickup_code=new_pickup_code(),
        idempotency_key=idempotency_key,
        request_hash="naive",
        expires_at=utcnow(),
    )
    db.session.add(redemption)
    db.session.flush()
    transfer = PointTransfer(
        idempotency_key=f"naive:{redemption.id}",
        request_hash="naive",
        from_account_id=wallet.id,
        to_account_id=sink.id,
        amount=gift.price_points,
        reason="naive",
    )
    db.session.add(transfer)
    db.session.flush()
    db.session.add_all(
        [
            PointEntry(
                transfer_id=transfer.id,
                account_id=wallet.id,
                amount=-gift.price_points,
                balance_after=balance - gift.price_points,
            ),
            PointEntry(
                transfer_id=transfer.id,
                account_id=sink.id,
                amount=gift.price_points,
                balance_after=0,
            ),
            GiftStockLog(
                gift_id=gift_id,
                delta=-1,
                stock_after=stock - 1,
                reason="redeemed",
                redemption_id=redemption.id,
            ),
        ]
    )
    db.session.commit()
    return redemption.id
