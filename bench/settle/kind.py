"""The bench's settlement kind: verified service credits from bench_verified_credits. On MariaDB
its items are materialised with one INSERT ... SELECT and each chunk is posted with set-based SQL
(app.points.bulk_sql.credit_items); elsewhere through app.points.bulk.credit_many."""

from sqlalchemy import text

from app.extensions import db
from app.points.bulk import credit_many
from app.points.bulk_sql import credit_items
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


def materialise_sql(scope: dict) -> tuple[str, dict]:
    return (
        "SELECT CONCAT('hour:', id) AS item_key, amount, user_id, NULL AS station_id,"
        " NULL AS association_id, 'service_hour' AS reference_type, id AS reference_id,"
        " id AS position FROM bench_verified_credits",
        {},
    )


def apply_sql(chunk) -> None:
    credit_items(
        run_id=chunk.run_id,
        chunk_no=chunk.chunk_no,
        key_prefix=chunk.key_prefix,
        source=SystemAccount.SERVICE_REWARDS,
        reason="verified service hours",
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


register_kind(
    "bench_hours",
    materialise=materialise,
    apply=apply_one,
    apply_many=apply_many,
    materialise_sql=materialise_sql,
    apply_sql=apply_sql,
)
