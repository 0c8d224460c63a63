"""Gift checks for the ledger reconciliation: stock is conserved and matches redemptions."""

from sqlalchemy import case, func, select

from app.extensions import db
from app.gifts.models import Gift, GiftStockLog, Redemption, RedemptionStatus, StockReason
from app.points.models import PointTransfer
from app.points.reconcile import Problem, reconcile_check


@reconcile_check
def stock_conserved() -> list[Problem]:
    """Per gift: initial + restocks - write-offs - taken + returned (the stock log) equals the
    current stock, which is never negative, and the units out equal the live redemptions."""
    logged = (
        select(GiftStockLog.gift_id, func.sum(GiftStockLog.delta).label("total"))
        .group_by(GiftStockLog.gift_id)
        .subquery()
    )
    held = (
        select(Redemption.gift_id, func.sum(Redemption.quantity).label("units"))
        .where(Redemption.status.in_([RedemptionStatus.PENDING, RedemptionStatus.FULFILLED]))
        .group_by(Redemption.gift_id)
        .subquery()
    )
    out = (
        select(
            GiftStockLog.gift_id,
            func.sum(
                case(
                    (
                        GiftStockLog.reason.in_([StockReason.REDEEMED, StockReason.RETURNED]),
                        -GiftStockLog.delta,
                    ),
                    else_=0,
                )
            ).label("units"),
        )
        .group_by(GiftStockLog.gift_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Gift.id,
            Gift.stock,
            func.coalesce(logged.c.total, 0),
            func.coalesce(held.c.units, 0),
            func.coalesce(out.c.units, 0),
        )
        .outerjoin(logged, logged.c.gift_id == Gift.id)
        .outerjoin(held, held.c.gift_id == Gift.id)
        .outerjoin(out, out.c.gift_id == Gift.id)
    ).all()
    problems = []
    for gift_id, stock, total, held_units, out_units in rows:
        if stock < 0:
            problems.append(Problem("stock_not_negative", "gifts", gift_id, f"stock {stock}"))
        if stock != total:
            problems.append(
                Problem("stock_conserved", "gifts", gift_id, f"stock {stock}, log sums to {total}")
            )
        if held_units != out_units:
            problems.append(
                Problem(
                    "stock_matches_redemptions",
                    "gifts",
                    gift_id,
                    f"{out_units} units out by the log, {held_units} held by redemptions",
                )
            )
    return problems


@reconcile_check
def redemptions_paid() -> list[Problem]:
    """A live redemption was paid for once and not refunded; a closed one was refunded once."""
    paid = {
        int(ref): amount
        for ref, amount in db.session.execute(
            select(PointTransfer.reference_id, PointTransfer.amount).where(
                PointTransfer.idempotency_key.like("redemption:%"),
                PointTransfer.idempotency_key.not_like("%:refund"),
            )
        )
    }
    refunded = {
        int(ref)
        for (ref,) in db.session.execute(
            select(PointTransfer.reference_id).where(
                PointTransfer.idempotency_key.like("redemption:%:refund")
            )
        )
    }
    problems = []
    for redemption_id, status, spent in db.session.execute(
        select(Redemption.id, Redemption.status, Redemption.points_spent)
    ):
        should_refund = status in (RedemptionStatus.CANCELLED, RedemptionStatus.EXPIRED)
        if paid.get(redemption_id) != spent:
            problems.append(
                Problem(
                    "redemption_paid",
                    "redemptions",
                    redemption_id,
                    f"paid {paid.get(redemption_id)}, price {spent}",
                )
            )
        if (redemption_id in refunded) != should_refund:
            problems.append(
                Problem(
                    "redemption_refund",
                    "redemptions",
                    redemption_id,
                    f"{status}, refunded: {redemption_id in refunded}",
                )
            )
    return problems
