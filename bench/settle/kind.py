"""The bench's settlement kind: verified service credits from bench_verified_credits, posted a
chunk at a time with app.points.bulk.credit_many (the path a real service-hours kind takes)."""

from sqlalchemy import text

from app.extensions import db
from app.points.bulk import credit_many
from app.points.models import SystemAccount
from app.settlements.kinds import ItemSpec, register_kind


def materialise(scope: dict):
    rows = db.session.execute(
        text("SELECT id, user_id, amount FROM bench_verified_credits ORDER BY id")
    ).yield_per(20000)
    for record_id, user_id, amount in rows:
        yield ItemSpec(
            item_key=f"hour:{record_id}",
            amount=amount,
            user_id=user_id,
            reference_type="service_hour",
            reference_id=str(record_id),
        )


def apply_many(items) -> None:
    credit_many(
        source=SystemAccount.SERVICE_REWARDS,
        credits=[
            (
                i.user_id,
                i.amount,
                i.idempotency_key,
                "verified service hours",
                "service_hour",
                i.reference_id,
            )
            for i in items
        ],
    )


def apply_one(item) -> None:
    apply_many([item])


register_kind("bench_hours", materialise=materialise, apply=apply_one, apply_many=apply_many)
