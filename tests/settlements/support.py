"""Seeding and checking helpers for the settlement tests (also used by the fault test)."""

from sqlalchemy import insert, select, text

from app.core.time import utcnow
from app.extensions import db
from app.users.models import User


def make_users(count: int, prefix: str) -> list[int]:
    """Insert `count` users at once; returns their ids."""
    now = utcnow()
    rows = [
        {"openid": f"{prefix}_{n:07d}", "age_band": "unknown", "created_at": now}
        for n in range(count)
    ]
    for start in range(0, count, 5000):
        db.session.execute(insert(User.__table__), rows[start : start + 5000])
    ids = db.session.scalars(
        select(User.id)
        .where(User.openid.startswith(f"{prefix}_", autoescape=True))
        .order_by(User.id)
    ).all()
    db.session.commit()
    return list(ids)


def seed_credits(batch: str, *, users: int, per_user: int) -> dict[int, int]:
    """Source credits for `users` new users, `per_user` each, amounts 1..9 interleaved."""
    user_ids = make_users(users, f"s{batch}")
    expected: dict[int, int] = {}
    rows = []
    for round_no in range(per_user):
        for index, user_id in enumerate(user_ids):
            amount = 1 + (index + round_no) % 9
            rows.append({"b": batch, "u": user_id, "a": amount})
            expected[user_id] = expected.get(user_id, 0) + amount
    for start in range(0, len(rows), 10000):
        db.session.execute(
            text("INSERT INTO settle_test_credits (batch, user_id, amount) VALUES (:b, :u, :a)"),
            rows[start : start + 10000],
        )
    db.session.commit()
    return expected


def balances(user_ids) -> dict[int, int]:
    rows = db.session.execute(
        text("SELECT user_id, balance FROM point_accounts WHERE user_id IS NOT NULL")
    ).all()
    wanted = set(user_ids)
    return {user_id: balance for user_id, balance in rows if user_id in wanted}


def ledger_counts() -> dict[str, int]:
    return {
        "transfers": db.session.scalar(text("SELECT COUNT(*) FROM point_transfers")),
        "entries": db.session.scalar(text("SELECT COUNT(*) FROM point_entries")),
        "duplicate_references": db.session.scalar(
            text(
                "SELECT COUNT(*) FROM (SELECT reference_id FROM point_transfers"
                " WHERE reference_type = 'test_credit' GROUP BY reference_id"
                " HAVING COUNT(*) > 1) d"
            )
        ),
    }
