"""Test-only settlement kinds that credit 宝盾 from a source table the tests fill.

`test_credit` posts a chunk at once through app.points.bulk.credit_many; `test_credit_single`
posts item by item through app.points.service.credit_user; `test_credit_sql` materialises with
one INSERT ... SELECT and posts a chunk with set-based SQL (app.points.bulk_sql.credit_items).
All read settle_test_credits(batch, user_id, amount) in id order; the scope is {"batch": "..."}.
Worker processes import this module through SETTLEMENT_EXTRA_MODULES."""

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, text

from app.core.model import BigId
from app.extensions import db
from app.points.bulk import credit_many
from app.points.bulk_sql import credit_items
from app.points.models import SystemAccount
from app.points.service import credit_user
from app.settlements.kinds import ItemSpec, register_kind

# Not in the app's metadata: the tests create it (on either engine) and empty it themselves.
SOURCE = Table(
    "settle_test_credits",
    MetaData(),
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("batch", String(32), nullable=False),
    Column("user_id", Integer, nullable=False),
    Column("amount", Integer, nullable=False),
    Index("ix_batch_id", "batch", "id"),
)
# In-process fault injection for the inline tests: {"kind": name, "on_item": key, "error": exc},
# or {"materialise": exc} to fail reading the source of every test kind.
FAULTS: dict = {}


def materialise(scope: dict):
    if "materialise" in FAULTS:
        raise FAULTS["materialise"]
    rows = db.session.execute(
        text("SELECT id, user_id, amount FROM settle_test_credits WHERE batch = :b ORDER BY id"),
        {"b": scope["batch"]},
    ).yield_per(10000)
    for source_id, user_id, amount in rows:
        yield ItemSpec(
            item_key=f"credit:{source_id}",
            amount=amount,
            user_id=user_id,
            reference_type="test_credit",
            reference_id=str(source_id),
        )


def _maybe_fail(kind: str, item) -> None:
    if FAULTS.get("kind") == kind and FAULTS.get("on_item") == item.item_key:
        raise FAULTS["error"]


def apply_one(item) -> None:
    _maybe_fail("test_credit_single", item)
    credit_user(
        user_id=item.user_id,
        amount=item.amount,
        source=SystemAccount.ADJUSTMENTS,
        idempotency_key=item.idempotency_key,
        reason="test settlement",
        reference_type=item.reference_type,
        reference_id=item.reference_id,
    )


def apply_many(items) -> None:
    for item in items:
        _maybe_fail("test_credit", item)
    credit_many(
        source=SystemAccount.ADJUSTMENTS,
        credits=[
            (
                item.user_id,
                item.amount,
                item.idempotency_key,
                "test settlement",
                item.reference_type,
                item.reference_id,
            )
            for item in items
        ],
    )


def materialise_sql(scope: dict) -> tuple[str, dict]:
    if "materialise" in FAULTS:
        raise FAULTS["materialise"]
    return (
        "SELECT CONCAT('credit:', id) AS item_key, amount, user_id, NULL AS station_id,"
        " NULL AS association_id, 'test_credit' AS reference_type, id AS reference_id,"
        " id AS position FROM settle_test_credits WHERE batch = :batch",
        {"batch": scope["batch"]},
    )


def apply_sql(chunk) -> None:
    credit_items(
        run_id=chunk.run_id,
        chunk_no=chunk.chunk_no,
        key_prefix=chunk.key_prefix,
        source=SystemAccount.ADJUSTMENTS,
        reason="test settlement",
    )
    # Injected after everything is written, so the rollback must undo all of it.
    if FAULTS.get("kind") == "test_credit_sql":
        keys = db.session.scalars(
            text("SELECT item_key FROM settlement_items WHERE run_id = :r AND chunk_no = :c"),
            {"r": chunk.run_id, "c": chunk.chunk_no},
        ).all()
        if FAULTS.get("on_item") in keys:
            raise FAULTS["error"]


def require_batch(scope: dict) -> dict:
    from app.errors import ValidationFailed

    if not isinstance(scope.get("batch"), str):
        raise ValidationFailed(details={"fields": {"scope.batch": ["A batch name is required."]}})
    return scope


register_kind(
    "test_credit",
    materialise=materialise,
    apply=apply_one,
    apply_many=apply_many,
    validate_scope=require_batch,
)
register_kind(
    "test_credit_single", materialise=materialise, apply=apply_one, validate_scope=require_batch
)
register_kind(
    "test_credit_sql",
    materialise=materialise,
    apply=apply_one,
    apply_many=apply_many,
    validate_scope=require_batch,
    materialise_sql=materialise_sql,
    apply_sql=apply_sql,
)
