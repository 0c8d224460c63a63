"""The ledger's use-case building blocks. Every movement of 宝盾 is a transfer between two
accounts with an idempotency key tied to its cause. These helpers only flush: the calling use case
commits once (see app.core.transactions.run_in_transaction)."""

import hashlib
import json
import random
from dataclasses import dataclass

from sqlalchemy import case, func, select, update
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.core.pagination import paginate
from app.core.rows import get_or_create
from app.core.time import utcnow
from app.core.upsert import insert_or_add, is_mysql
from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.points.models import (
    SHARDS,
    PointAccount,
    PointAccountShard,
    PointEntry,
    PointTransfer,
    SystemAccount,
)

# Lock order inside one transfer (and so inside any use case made of transfers):
#   1. wallet rows (point_accounts, allow_negative false), SELECT ... FOR UPDATE in id order;
#   2. the transfer row (its unique idempotency key);
#   3. one shard row of each system account (point_account_shards), by plain UPDATE.
# A system account's point_accounts row is never locked for update by a transfer, only
# share-locked by the foreign-key checks of the rows that reference it, and shared locks do not
# conflict. The bulk settlement posters lock wallets, then update their sink's row: the same
# order (wallets before system rows).


class InsufficientPoints(Conflict):
    code, message = "insufficient_points", "Not enough 宝盾 points."


class IdempotencyKeyReused(Conflict):
    code, message = "idempotency_key_reused", "This key was already used for a different request."


@dataclass(frozen=True)
class TransferResult:
    transfer: PointTransfer
    replayed: bool  # True when the key had already moved these points: nothing moved now


def wallet_for(user_id: int) -> PointAccount:
    """The user's wallet, created on first use (safe under concurrency). Flushes."""
    return get_or_create(
        PointAccount, user_id=user_id, defaults={"balance": 0, "allow_negative": False}
    )


def system_account(code: SystemAccount | str) -> PointAccount:
    """A system account by code, created with its shards on first use; it may run negative (a
    source or a sink). Safe under concurrency: no savepoint, no lock held beyond the insert."""
    statement = select(PointAccount).where(PointAccount.code == str(code))
    account = db.session.scalar(statement)
    if account is None:
        ensure_system_accounts(str(code))
        account = db.session.scalar(statement)
    return account


def _insert_ignore(table, rows: list[dict]):
    if is_mysql():
        return mysql.insert(table).values(rows).prefix_with("IGNORE")
    return sqlite.insert(table).values(rows).on_conflict_do_nothing()


def ensure_system_accounts(*extra_codes: str) -> None:
    """Create every system account (and `extra_codes`) with its shards, if missing, by
    INSERT IGNORE in one fixed order. Two requests at a cold start both insert; the second waits
    on the first's key and then skips it, so neither fails. (The old get-or-create took a
    savepoint: a deadlock inside it surfaced as a 500 'SAVEPOINT does not exist'.) Flushes."""
    codes = sorted({str(code) for code in SystemAccount} | set(extra_codes))
    now = utcnow()
    db.session.execute(
        _insert_ignore(
            PointAccount.__table__,
            [
                {"code": code, "balance": 0, "allow_negative": True, "created_at": now}
                for code in codes
            ],
        )
    )
    ids = db.session.scalars(select(PointAccount.id).where(PointAccount.code.in_(codes))).all()
    db.session.execute(
        _insert_ignore(
            PointAccountShard.__table__,
            [
                {"account_id": account_id, "shard": shard, "balance": 0}
                for account_id in sorted(ids)
                for shard in range(SHARDS)
            ],
        )
    )


def account_balance(account: PointAccount) -> int:
    """An account's balance: a wallet's row; a system account's row plus its shards."""
    if not account.allow_negative:
        return int(account.balance)
    shards = db.session.scalar(
        select(func.coalesce(func.sum(PointAccountShard.balance), 0)).where(
            PointAccountShard.account_id == account.id
        )
    )
    return int(account.balance) + int(shards)


def _move_shard(account_id: int, delta: int) -> None:
    """Add delta to one shard of a system account, picked at random so that concurrent
    transfers update different rows."""
    shard = random.randrange(SHARDS)
    result = db.session.execute(
        update(PointAccountShard)
        .where(PointAccountShard.account_id == account_id, PointAccountShard.shard == shard)
        .values(balance=PointAccountShard.balance + delta)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # an account created outside ensure_system_accounts
        insert_or_add(
            PointAccountShard,
            values={"account_id": account_id, "shard": shard, "balance": delta},
            add=["balance"],
        )


def request_hash(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()


def find_transfer(idempotency_key: str) -> PointTransfer | None:
    return db.session.scalar(
        select(PointTransfer).where(PointTransfer.idempotency_key == idempotency_key)
    )


def _move(account_id: int, delta: int, allow_negative: bool) -> None:
    """Conditional update of one balance, or InsufficientPoints."""
    statement = update(PointAccount).where(PointAccount.id == account_id)
    if delta < 0 and not allow_negative:
        statement = statement.where(PointAccount.balance >= -delta)
    result = db.session.execute(
        statement.values(balance=PointAccount.balance + delta).execution_options(
            synchronize_session=False
        )
    )
    if result.rowcount != 1:
        raise InsufficientPoints()


def transfer(
    *,
    from_account: PointAccount,
    to_account: PointAccount,
    amount: int,
    idempotency_key: str,
    reason: str,
    reference_type: str | None = None,
    reference_id: str | int | None = None,
    created_by_id: int | None = None,
) -> TransferResult:
    """Move `amount` points once per idempotency key. A repeated key with the same request moves
    nothing and returns the original transfer; with a different request it is a 409. A debit that
    would take a wallet below zero raises InsufficientPoints (the caller's transaction must roll
    back). Flushes only."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationFailed(
            "The amount must be a positive whole number.",
            details={"fields": {"amount": ["Must be a positive integer."]}},
        )
    digest = request_hash(
        from_account.id,
        to_account.id,
        amount,
        reference_type,
        None if reference_id is None else str(reference_id),
    )
    existing = find_transfer(idempotency_key)
    if existing is not None:
        return _replay(existing, digest)
    # Lock the wallets (in id order, so opposite transfers cannot deadlock) before inserting
    # rows that reference them: InnoDB's foreign-key check takes a shared lock on the account,
    # and two transfers holding shared locks while each waits to update would deadlock. System
    # accounts are not locked: they are only ever share-locked, their balance moves in a shard.
    wallets = {a.id for a in (from_account, to_account) if not a.allow_negative}
    locked = {}
    if wallets:
        locked = dict(
            db.session.execute(
                select(PointAccount.id, PointAccount.balance)
                .where(PointAccount.id.in_(wallets))
                .order_by(PointAccount.id)
                .with_for_update()
            ).all()
        )
    row = PointTransfer(
        idempotency_key=idempotency_key,
        request_hash=digest,
        from_account_id=from_account.id,
        to_account_id=to_account.id,
        amount=amount,
        reason=reason,
        reference_type=reference_type,
        reference_id=None if reference_id is None else str(reference_id),
        created_by_id=created_by_id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        # A concurrent request with the same key committed first: it is the one that counts.
        existing = find_transfer(idempotency_key)
        if existing is None:
            raise
        return _replay(existing, digest)
    moves = sorted([(from_account, -amount), (to_account, amount)], key=lambda m: m[0].id)
    balances: dict[int, int | None] = {}
    for account, delta in moves:
        if account.allow_negative:
            _move_shard(account.id, delta)
            balances[account.id] = None
        else:
            _move(account.id, delta, account.allow_negative)
            balances[account.id] = locked[account.id] + delta  # the row is ours until commit
    for account, delta in ((from_account, -amount), (to_account, amount)):
        db.session.add(
            PointEntry(
                transfer_id=row.id,
                account_id=account.id,
                amount=delta,
                balance_after=balances[account.id],
            )
        )
    db.session.flush()
    return TransferResult(transfer=row, replayed=False)


def _replay(existing: PointTransfer, digest: str) -> TransferResult:
    if existing.request_hash != digest:
        raise IdempotencyKeyReused()
    return TransferResult(transfer=existing, replayed=True)


def credit_user(
    *,
    user_id: int,
    amount: int,
    source: SystemAccount,
    idempotency_key: str,
    reason: str,
    reference_type: str | None = None,
    reference_id: str | int | None = None,
    created_by_id: int | None = None,
) -> TransferResult:
    """Credit a user's wallet from a system account, once per key. Flushes only."""
    return transfer(
        from_account=system_account(source),
        to_account=wallet_for(user_id),
        amount=amount,
        idempotency_key=idempotency_key,
        reason=reason,
        reference_type=reference_type,
        reference_id=reference_id,
        created_by_id=created_by_id,
    )


def debit_user(
    *,
    user_id: int,
    amount: int,
    sink: SystemAccount,
    idempotency_key: str,
    reason: str,
    reference_type: str | None = None,
    reference_id: str | int | None = None,
    created_by_id: int | None = None,
) -> TransferResult:
    """Take points from a user's wallet into a system account, once per key; never below zero.
    Flushes only."""
    return transfer(
        from_account=wallet_for(user_id),
        to_account=system_account(sink),
        amount=amount,
        idempotency_key=idempotency_key,
        reason=reason,
        reference_type=reference_type,
        reference_id=reference_id,
        created_by_id=created_by_id,
    )


def balance_of(user_id: int) -> int:
    """A user's balance (0 when they have no wallet yet)."""
    value = db.session.scalar(select(PointAccount.balance).where(PointAccount.user_id == user_id))
    return int(value or 0)


# Use cases behind the API. Steps named *_step flush only (the route's idempotent transaction
# commits them); the others commit once.


def adjustment_step(
    *, user_id: int, amount: int, reason: str, admin_id: int, idempotency_key: str
) -> TransferResult:
    """An admin's award (amount > 0) or claw-back (amount < 0) of a user's points; a claw-back
    never takes the wallet below zero (409 insufficient_points). Flushes only."""
    from app.core.contrib import get_user  # the user must exist and not be deleted

    get_user(user_id)
    if amount == 0 or isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationFailed(
            "The amount must be a non-zero whole number.",
            details={"fields": {"amount": ["Must be a non-zero integer."]}},
        )
    kwargs = dict(
        user_id=user_id,
        amount=abs(amount),
        idempotency_key=idempotency_key,
        reason=reason,
        reference_type="adjustment",
        reference_id=user_id,
        created_by_id=admin_id,
    )
    if amount > 0:
        return credit_user(source=SystemAccount.ADJUSTMENTS, **kwargs)
    return debit_user(sink=SystemAccount.ADJUSTMENTS, **kwargs)


def adjust(
    *, user_id: int, amount: int, reason: str, admin_id: int, idempotency_key: str
) -> TransferResult:
    """adjustment_step in its own transaction (CLI, demo data, tests). Commits."""
    from app.core.transactions import run_in_transaction

    return run_in_transaction(
        lambda: adjustment_step(
            user_id=user_id,
            amount=amount,
            reason=reason,
            admin_id=admin_id,
            idempotency_key=idempotency_key,
        )
    )


def points_summary(user_id: int) -> dict:
    """A user's balance with lifetime totals earned and spent."""
    account = db.session.scalar(select(PointAccount).where(PointAccount.user_id == user_id))
    if account is None:
        return {"balance": 0, "earned": 0, "spent": 0}
    earned, spent = db.session.execute(
        select(
            func.coalesce(func.sum(case((PointEntry.amount > 0, PointEntry.amount))), 0),
            func.coalesce(func.sum(case((PointEntry.amount < 0, -PointEntry.amount))), 0),
        ).where(PointEntry.account_id == account.id)
    ).one()
    return {"balance": int(account.balance), "earned": int(earned), "spent": int(spent)}


def entries_page(*, user_id: int, page: int, per_page: int) -> dict:
    """The user's ledger lines, newest first, each with its transfer's reason and reference."""
    statement = (
        select(PointEntry)
        .join(PointAccount, PointAccount.id == PointEntry.account_id)
        .where(PointAccount.user_id == user_id)
        .options(joinedload(PointEntry.transfer))
        .order_by(PointEntry.id.desc())
    )
    return paginate(statement, page=page, per_page=per_page)
