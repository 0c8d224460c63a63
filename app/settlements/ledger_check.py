"""The ledger checks the nightly reconciliation runs: app.points.reconcile when this deployment
has it, else the two invariants every ledger keeps (each transfer balances; each balance is the
sum of its entries)."""

from dataclasses import asdict, dataclass

from sqlalchemy import text

from app.extensions import db


@dataclass(frozen=True)
class Problem:
    check: str
    table: str
    row_id: int
    detail: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.check}: {self.table} #{self.row_id}: {self.detail}"


def ledger_problems() -> list:
    """Everything that does not add up in the ledger; empty when the books are clean."""
    try:
        from app.points.reconcile import reconcile
    except ImportError:
        return basic_problems()
    return reconcile()


def basic_problems() -> list[Problem]:
    unbalanced = db.session.execute(
        text(
            "SELECT t.id, t.amount, COUNT(e.id), COALESCE(SUM(e.amount), 0) FROM point_transfers t"
            " LEFT JOIN point_entries e ON e.transfer_id = t.id GROUP BY t.id, t.amount"
            " HAVING COUNT(e.id) <> 2 OR COALESCE(SUM(e.amount), 0) <> 0"
            " OR COALESCE(MAX(e.amount), 0) <> t.amount"
        )
    ).all()
    drifted = db.session.execute(
        text(
            # A system account's balance is its row plus its shards (migration 0018).
            "SELECT a.id, a.balance + COALESCE(h.total, 0), COALESCE(s.total, 0)"
            " FROM point_accounts a LEFT JOIN"
            " (SELECT account_id, SUM(amount) AS total FROM point_entries GROUP BY account_id) s"
            " ON s.account_id = a.id LEFT JOIN"
            " (SELECT account_id, SUM(balance) AS total FROM point_account_shards"
            " GROUP BY account_id) h ON h.account_id = a.id"
            " WHERE a.balance + COALESCE(h.total, 0) <> COALESCE(s.total, 0)"
        )
    ).all()
    return [
        Problem("transfer_balanced", "point_transfers", tid, f"amount {amt}, {n} entries sum {s}")
        for tid, amt, n, s in unbalanced
    ] + [
        Problem("balance_matches_entries", "point_accounts", aid, f"balance {b}, entries {s}")
        for aid, b, s in drifted
    ]
