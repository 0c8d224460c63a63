"""Ledger reconciliation: the checks that prove the books add up.

`reconcile()` runs every check and lists what is off, naming the rows. `flask points reconcile`
exits non-zero when the list is not empty; the settlement engine's nightly kind alerts on it.
Other domains add their own checks (gift stock) with @reconcile_check, so points imports none
of them."""

from collections.abc import Callable
from dataclasses import asdict, dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.points.models import PointAccount, PointAccountShard, PointEntry, PointTransfer


@dataclass(frozen=True)
class Problem:
    check: str  # which invariant failed, e.g. "transfer_balanced"
    table: str
    row_id: int
    detail: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.check}: {self.table} #{self.row_id}: {self.detail}"


CHECKS: list[Callable[[], list[Problem]]] = []


def reconcile_check(fn: Callable[[], list[Problem]]) -> Callable[[], list[Problem]]:
    """Decorator: add a check to reconcile()."""
    if fn not in CHECKS:
        CHECKS.append(fn)
    return fn


@reconcile_check
def transfers_balanced() -> list[Problem]:
    """Every transfer has exactly two entries, equal to its amount and summing to zero."""
    rows = db.session.execute(
        select(
            PointTransfer.id,
            PointTransfer.amount,
            func.count(PointEntry.id),
            func.coalesce(func.sum(PointEntry.amount), 0),
            func.coalesce(func.max(PointEntry.amount), 0),
        )
        .outerjoin(PointEntry, PointEntry.transfer_id == PointTransfer.id)
        .group_by(PointTransfer.id, PointTransfer.amount)
        .having(
            (func.count(PointEntry.id) != 2)
            | (func.coalesce(func.sum(PointEntry.amount), 0) != 0)
            | (func.coalesce(func.max(PointEntry.amount), 0) != PointTransfer.amount)
        )
    ).all()
    return [
        Problem(
            "transfer_balanced",
            "point_transfers",
            transfer_id,
            f"amount {amount}, {count} entries summing to {total} (largest {largest})",
        )
        for transfer_id, amount, count, total, largest in rows
    ]


@reconcile_check
def balances_match_entries() -> list[Problem]:
    """Every derived balance (a wallet's row; a system account's row plus its shards) equals the
    sum of its account's entries."""
    sums = (
        select(PointEntry.account_id, func.sum(PointEntry.amount).label("total"))
        .group_by(PointEntry.account_id)
        .subquery()
    )
    shards = (
        select(PointAccountShard.account_id, func.sum(PointAccountShard.balance).label("total"))
        .group_by(PointAccountShard.account_id)
        .subquery()
    )
    total = func.coalesce(sums.c.total, 0)
    derived = PointAccount.balance + func.coalesce(shards.c.total, 0)
    rows = db.session.execute(
        select(PointAccount.id, derived, total)
        .outerjoin(sums, sums.c.account_id == PointAccount.id)
        .outerjoin(shards, shards.c.account_id == PointAccount.id)
        .where(derived != total)
    ).all()
    orphans = db.session.execute(
        select(sums.c.account_id, sums.c.total)
        .outerjoin(PointAccount, PointAccount.id == sums.c.account_id)
        .where(PointAccount.id.is_(None))
    ).all()
    return [
        Problem(
            "balance_matches_entries", "point_accounts", account_id, f"balance {b}, entries {t}"
        )
        for account_id, b, t in rows
    ] + [
        Problem("balance_matches_entries", "point_accounts", account_id, f"no account, entries {t}")
        for account_id, t in orphans
    ]


@reconcile_check
def wallets_unsharded() -> list[Problem]:
    """No wallet has shards: a wallet's limit is checked on its one row, and a shard beside it
    would be balance that check never sees."""
    rows = db.session.execute(
        select(PointAccountShard.account_id, PointAccountShard.shard, PointAccountShard.balance)
        .join(PointAccount, PointAccount.id == PointAccountShard.account_id)
        .where(PointAccount.allow_negative.is_(False))
    ).all()
    return [
        Problem("wallet_unsharded", "point_account_shards", account_id, f"shard {n}: {b}")
        for account_id, n, b in rows
    ]


@reconcile_check
def nothing_negative() -> list[Problem]:
    """No wallet is below zero, now or after any of its entries."""
    accounts = db.session.execute(
        select(PointAccount.id, PointAccount.balance).where(
            PointAccount.allow_negative.is_(False), PointAccount.balance < 0
        )
    ).all()
    entries = db.session.execute(
        select(PointEntry.id, PointEntry.account_id, PointEntry.balance_after)
        .join(PointAccount, PointAccount.id == PointEntry.account_id)
        .where(PointAccount.allow_negative.is_(False), PointEntry.balance_after < 0)
    ).all()
    return [
        Problem("not_negative", "point_accounts", account_id, f"balance {balance}")
        for account_id, balance in accounts
    ] + [
        Problem("not_negative", "point_entries", entry_id, f"account {acc} went to {after}")
        for entry_id, acc, after in entries
    ]


def reconcile() -> list[Problem]:
    """Run every check; an empty list means the books add up."""
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check())
    return problems
