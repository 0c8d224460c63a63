"""`flask points reconcile` and reconcile(): clean books pass, every kind of damage is named."""

import pytest
from sqlalchemy import select, text

from app.core.transactions import run_in_transaction
from app.points import service as points
from app.points.models import PointAccount, PointEntry, SystemAccount
from app.points.reconcile import reconcile
from tests.points.factories import fund


def damage(sql: str, **params) -> None:
    from app.extensions import db

    db.session.execute(text(sql), params)
    db.session.commit()


def wallet_id(user_id):
    from app.extensions import db

    return db.session.scalar(select(PointAccount.id).where(PointAccount.user_id == user_id))


@pytest.fixture
def books(factory):
    user = factory.user()
    fund(user.id, 100)
    run_in_transaction(
        lambda: points.debit_user(
            user_id=user.id,
            amount=40,
            sink=SystemAccount.REDEMPTIONS,
            idempotency_key="t:debit",
            reason="x",
        )
    )
    return user


def test_clean_books_reconcile_and_cli_exits_zero(app, books):
    """After ordinary credits and debits there is nothing to report; the CLI exits 0."""
    assert reconcile() == []
    result = app.test_cli_runner().invoke(args=["points", "reconcile"])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


@pytest.mark.ledger_broken
def test_cached_balance_off_by_one_is_named(app, books):
    """A balance that no longer equals its entries is reported with its account id; exit 1."""
    account = wallet_id(books.id)
    damage("UPDATE point_accounts SET balance = balance + 1 WHERE id = :id", id=account)
    problems = reconcile()
    assert [(p.check, p.table, p.row_id) for p in problems] == [
        ("balance_matches_entries", "point_accounts", account)
    ]
    result = app.test_cli_runner().invoke(args=["points", "reconcile"])
    assert result.exit_code == 1
    assert f"point_accounts #{account}" in result.output


@pytest.mark.ledger_broken
def test_unbalanced_transfer_is_named(books, db):
    """An entry changed after the fact makes its transfer unbalanced (and the balance wrong)."""
    entry = db.session.scalars(select(PointEntry).order_by(PointEntry.id)).first()
    damage("UPDATE point_entries SET amount = amount + 5 WHERE id = :id", id=entry.id)
    checks = {(p.check, p.table, p.row_id) for p in reconcile()}
    assert ("transfer_balanced", "point_transfers", entry.transfer_id) in checks
    assert ("balance_matches_entries", "point_accounts", entry.account_id) in checks


@pytest.mark.ledger_broken
def test_negative_wallet_is_named(books):
    """A wallet below zero is reported even when its entries agree with it."""
    account = wallet_id(books.id)
    damage("UPDATE point_accounts SET balance = -5 WHERE id = :id", id=account)
    damage(
        "UPDATE point_entries SET balance_after = -5 WHERE account_id = :id ORDER BY id DESC "
        "LIMIT 1",
        id=account,
    )
    checks = {(p.check, p.table) for p in reconcile()}
    assert ("not_negative", "point_accounts") in checks
    assert ("not_negative", "point_entries") in checks
