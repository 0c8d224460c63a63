"""Posting many credits at once with set-based SQL, for settlements of a million credits.

`credit_many` keeps every invariant of app.points.service: one transfer per idempotency key (a key
already posted is skipped, so a re-run posts nothing), two entries per transfer summing to zero,
each balance equal to the sum of its entries, `balance_after` in entry order per account, and the
same request hash as `credit_user`, so a later single credit with the same key is a replay.
It flushes only; the caller's transaction commits."""

from collections.abc import Sequence
from contextlib import contextmanager
from datetime import datetime

import pymysql
from sqlalchemy.exc import DBAPIError

from app.core.time import utcnow
from app.extensions import db
from app.points.models import PointAccount, SystemAccount
from app.points.service import IdempotencyKeyReused, request_hash

# MySQL client errors for a connection that is gone: server gone away, lost during query, ...
LOST_CONNECTION = {2006, 2013, 2014, 2045, 2055}

# (user_id, amount, idempotency_key, reason, reference_type, reference_id)
Credit = tuple[int, int, str, str, str | None, str | int | None]


def credit_many(*, source: SystemAccount, credits: Sequence[Credit]) -> int:
    """Credit each (user, amount) from `source` once per idempotency key, in one go; returns how
    many transfers were posted now (keys posted before are skipped). Flushes only."""
    if not credits:
        return 0
    _validate(credits)
    db.session.flush()
    if db.session.get_bind().dialect.name not in ("mysql", "mariadb"):
        return _post_one_by_one(source, credits)
    with driver_cursor() as cursor:
        return _post(cursor, source, credits)


@contextmanager
def driver_cursor():
    """A raw driver cursor on the session's connection (same transaction). Its errors reach
    callers as SQLAlchemy's, so deadlocks are retried and lost connections recognised as usual."""
    connection = db.session.connection()
    cursor = connection.connection.cursor()
    try:
        yield cursor
    except pymysql.err.Error as error:
        lost = isinstance(error, pymysql.err.OperationalError) and error.args[0] in LOST_CONNECTION
        if lost:
            connection.invalidate(error)
        raise DBAPIError.instance(
            None, None, error, pymysql.err.Error, connection_invalidated=lost
        ) from error
    finally:
        cursor.close()


def _validate(credits: Sequence[Credit]) -> None:
    from app.errors import ValidationFailed

    seen = set()
    for user_id, amount, key, *_ in credits:
        if type(amount) is not int or amount <= 0 or type(user_id) is not int:
            raise ValidationFailed(
                "Every credit needs a user and a positive whole amount.",
                details={"fields": {"amount": ["Must be a positive integer."]}},
            )
        if key in seen:
            raise IdempotencyKeyReused(f"The key {key} appears twice in one batch.")
        seen.add(key)


def _post(cursor, source: SystemAccount, credits: Sequence[Credit]) -> int:
    sink_id = _system_account_id(cursor, str(source))
    keys = [credit[2] for credit in credits]
    existing = dict(
        _rows(
            cursor,
            "SELECT idempotency_key, request_hash FROM point_transfers WHERE idempotency_key IN %s",
            keys,
        )
    )
    wallets = _lock_wallets(cursor, sorted({credit[0] for credit in credits}))
    fresh = []
    for user_id, amount, key, reason, reference_type, reference_id in credits:
        reference = None if reference_id is None else str(reference_id)
        digest = request_hash(sink_id, wallets[user_id][0], amount, reference_type, reference)
        if key in existing:
            if existing[key] != digest:
                raise IdempotencyKeyReused()
            continue
        fresh.append((user_id, amount, key, reason, reference_type, reference, digest))
    if not fresh:
        return 0

    now = _sql_time(utcnow())
    transfer_ids = _insert_transfers(cursor, sink_id, wallets, fresh, now)

    # Wallet side: balance_after runs on from the locked balance, in credit order.
    wallet_entries, deltas = [], {}
    for transfer_id, (user_id, amount, *_rest) in zip(transfer_ids, fresh, strict=True):
        account_id, balance = wallets[user_id]
        balance += amount
        wallets[user_id] = (account_id, balance)
        deltas[account_id] = deltas.get(account_id, 0) + amount
        wallet_entries.append(f"({transfer_id},{account_id},{amount},{balance},'{now}')")
    _insert_entries(cursor, wallet_entries)
    cursor.execute(
        "INSERT INTO point_accounts (id, balance, allow_negative, created_at) VALUES "
        + ",".join(f"({account_id},{delta},0,'{now}')" for account_id, delta in deltas.items())
        + " ON DUPLICATE KEY UPDATE balance = balance + VALUES(balance)"
    )

    # System side last, so its row lock is held only for the end of the chunk.
    total = sum(credit[1] for credit in fresh)
    cursor.execute(
        "UPDATE point_accounts SET balance = balance - %s WHERE id = %s", (total, sink_id)
    )
    # A system account's entries carry no running balance (its balance is spread over shards,
    # see app/points/models.py): balance_after is NULL.
    sink_entries = [
        f"({transfer_id},{sink_id},{-credit[1]},NULL,'{now}')"
        for transfer_id, credit in zip(transfer_ids, fresh, strict=True)
    ]
    _insert_entries(cursor, sink_entries)
    # The ORM may hold these accounts with balances from before the raw UPDATEs.
    for account in list(db.session.identity_map.values()):
        if isinstance(account, PointAccount):
            db.session.expire(account)
    return len(fresh)


def _system_account_id(cursor, code: str) -> int:
    """Like service.system_account, without a savepoint: a deadlock on first use then surfaces
    as a plain, retryable deadlock (a savepoint would turn it into 'SAVEPOINT does not exist')."""
    sql = "SELECT id FROM point_accounts WHERE code = %s"
    if not cursor.execute(sql, (code,)):
        cursor.execute(
            "INSERT IGNORE INTO point_accounts (code, balance, allow_negative, created_at)"
            " VALUES (%s, 0, 1, %s)",
            (code, _sql_time(utcnow())),
        )
        cursor.execute(sql, (code,))
    return cursor.fetchone()[0]


def _rows(cursor, sql: str, values: list) -> list[tuple]:
    rows: list[tuple] = []
    for start in range(0, len(values), 5000):
        cursor.execute(sql, (tuple(values[start : start + 5000]),))
        rows.extend(cursor.fetchall())
    return rows


def _lock_wallets(cursor, user_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{user_id: (account_id, balance)}, wallets created as needed and locked."""
    sql = (
        # Locked through the user_id index, in its order, by every bulk poster alike. (ORDER BY id
        # would make the optimiser walk, and lock-check, the whole primary key.)
        "SELECT user_id, id, balance FROM point_accounts WHERE user_id IN %s FOR UPDATE"
    )
    wallets = {row[0]: (row[1], row[2]) for row in _rows(cursor, sql, user_ids)}
    missing = [user_id for user_id in user_ids if user_id not in wallets]
    if missing:
        now = _sql_time(utcnow())
        cursor.execute(
            "INSERT IGNORE INTO point_accounts (user_id, balance, allow_negative, created_at) "
            "VALUES " + ",".join(f"({int(u)},0,0,'{now}')" for u in missing)
        )
        wallets.update({row[0]: (row[1], row[2]) for row in _rows(cursor, sql, missing)})
    return wallets


def _insert_transfers(cursor, sink_id: int, wallets, fresh: list, now: str) -> list[int]:
    escape = db.session.connection().connection.driver_connection.escape
    values = ",".join(
        f"({escape(key)},'{digest}',{sink_id},{wallets[user_id][0]},{amount},{escape(reason)},"
        f"{escape(reference_type)},{escape(reference)},'{now}')"
        for user_id, amount, key, reason, reference_type, reference, digest in fresh
    )
    cursor.execute(
        "INSERT INTO point_transfers (idempotency_key, request_hash, from_account_id, "
        "to_account_id, amount, reason, reference_type, reference_id, created_at) VALUES " + values
    )
    first = cursor.lastrowid
    if _consecutive_ids(cursor):
        # One multi-row INSERT gets one consecutive block of ids (innodb_autoinc_lock_mode 0/1).
        return list(range(first, first + len(fresh)))
    by_key = dict(
        _rows(
            cursor,
            "SELECT idempotency_key, id FROM point_transfers WHERE idempotency_key IN %s",
            [row[2] for row in fresh],
        )
    )
    return [by_key[row[2]] for row in fresh]


_autoinc_mode: dict[str, int] = {}


def _consecutive_ids(cursor) -> bool:
    url = str(db.engine.url)
    if url not in _autoinc_mode:
        cursor.execute("SELECT @@innodb_autoinc_lock_mode")
        _autoinc_mode[url] = int(cursor.fetchone()[0])
    return _autoinc_mode[url] in (0, 1)


def _insert_entries(cursor, values: list[str]) -> None:
    for start in range(0, len(values), 20000):
        cursor.execute(
            "INSERT INTO point_entries (transfer_id, account_id, amount, balance_after, created_at)"
            " VALUES " + ",".join(values[start : start + 20000])
        )


def _sql_time(value: datetime) -> str:
    return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _post_one_by_one(source: SystemAccount, credits: Sequence[Credit]) -> int:
    """The embedded default (SQLite) has no INSERT IGNORE / FOR UPDATE; small runs go one by one."""
    from app.points.service import credit_user

    posted = 0
    for user_id, amount, key, reason, reference_type, reference_id in credits:
        result = credit_user(
            user_id=user_id,
            amount=amount,
            source=source,
            idempotency_key=key,
            reason=reason,
            reference_type=reference_type,
            reference_id=reference_id,
        )
        posted += not result.replayed
    return posted
