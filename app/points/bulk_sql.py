"""Posting a settlement chunk's credits with set-based SQL: the rows never pass through Python.

`credit_items` reads the chunk's items from settlement_items and posts them with a handful of
`INSERT ... SELECT` / `UPDATE ... JOIN` statements, keeping every invariant of credit_many (and
so of app.points.service): one transfer per idempotency key, two entries per transfer summing to
zero, each balance equal to the sum of its entries, `balance_after` in entry order per account,
and the request hash credit_user computes, so a later single credit with the same key is a
replay. A chunk some of whose keys are already posted (or whose references need JSON escaping
for that hash) goes through credit_many, which skips and checks them one by one. Flushes only;
the caller's transaction commits. MySQL/MariaDB only."""

from app.core.time import utcnow
from app.errors import ValidationFailed
from app.extensions import db
from app.points.bulk import (
    _consecutive_ids,
    _sql_time,
    _system_account_id,
    credit_many,
    driver_cursor,
)
from app.points.models import PointAccount, SystemAccount

# Plans are pinned (STRAIGHT_JOIN, FORCE INDEX): right after a big load the table statistics
# still say "empty", and MariaDB then joins by scanning a million rows per chunk.
# References made of these characters are the same text in JSON whether Python or SQL quotes them.
ITEMS = "settlement_items i FORCE INDEX (ix_settlement_items_run_chunk)"
PLAIN = "'^[-0-9A-Za-z_:.]*$'"
KEY_COLUMNS = ("item_key", "reference_id")


def credit_items(
    *,
    run_id: int,
    chunk_no: int,
    key_prefix: str,
    source: SystemAccount,
    reason: str,
    key_column: str = "item_key",
    join: str = "",
    reason_sql: str | None = None,
) -> int:
    """Credit each item of settlement chunk (run_id, chunk_no) to its user's wallet from `source`,
    with idempotency key key_prefix + the item's `key_column` (item_key, or reference_id for a
    kind whose keys must match a per-record path's); returns how many transfers were posted now.
    A kind whose reason differs per item gives `reason_sql`, an SQL expression over `i` and the
    tables of `join` (a `STRAIGHT_JOIN ...` clause reaching one row per item); both are the
    kind's own constant SQL, never user input."""
    if key_column not in KEY_COLUMNS:
        raise ValueError(f"key_column must be one of {KEY_COLUMNS}")
    db.session.flush()
    escape = db.session.connection().connection.driver_connection.escape
    items = f"i.run_id = {int(run_id)} AND i.chunk_no = {int(chunk_no)}"
    key = f"CONCAT({escape(key_prefix)}, i.{key_column})"
    with driver_cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), COALESCE(SUM(i.amount), 0),"
            " COALESCE(SUM(i.user_id IS NULL OR i.amount IS NULL OR i.amount <= 0"
            f" OR i.{key_column} IS NULL), 0),"
            f" COALESCE(SUM(NOT (COALESCE(i.reference_type, '') REGEXP {PLAIN}"
            f" AND COALESCE(i.reference_id, '') REGEXP {PLAIN})), 0), COUNT(t.id)"
            f" FROM {ITEMS}"
            f" LEFT JOIN point_transfers t FORCE INDEX (uq_point_transfers_idempotency_key)"
            f" ON t.idempotency_key = {key} WHERE {items}"
        )
        count, total, invalid, unplain, posted = (int(v) for v in cursor.fetchone())
        if invalid:
            raise ValidationFailed(
                "Every credit needs a user and a positive whole amount.",
                details={"fields": {"amount": ["Must be a positive integer."]}},
            )
        if not count:
            return 0
        reason = reason_sql or escape(reason)
        if posted or unplain:
            return _one_by_one(cursor, items, key_prefix, key_column, join, source, reason)
        return _post(cursor, items, key, escape(key_prefix), join, count, total, source, reason)


def _post(cursor, items, key, prefix, join, count, total, source, reason) -> int:
    now = f"'{_sql_time(utcnow())}'"
    sink_id = _system_account_id(cursor, str(source))
    # Wallets created as needed and credited in one statement, locked in user_id order (GROUP BY
    # sorts) like every bulk poster. An unknown user fails the foreign key: a permanent error.
    cursor.execute(
        "INSERT INTO point_accounts (user_id, balance, allow_negative, created_at)"
        f" SELECT i.user_id, SUM(i.amount), 0, {now} FROM {ITEMS} WHERE {items}"
        " GROUP BY i.user_id ON DUPLICATE KEY UPDATE balance = balance + VALUES(balance)"
    )
    # The system account is locked last and held to the commit: chunks queue only for its update
    # and entries. (The transfers' foreign key would take a shared lock on it at their insert,
    # and two chunks upgrading shared locks deadlock; the insert below therefore skips that
    # check: its accounts are the system account read here and wallets this statement joins.)
    reference_type = "IF(i.reference_type IS NULL, 'null', CONCAT('\"', i.reference_type, '\"'))"
    reference_id = "IF(i.reference_id IS NULL, 'null', CONCAT('\"', i.reference_id, '\"'))"
    # request_hash(sink, wallet, amount, reference_type, reference_id) of app.points.service:
    # sha256 of the JSON list, as Python's json.dumps writes it.
    digest = (
        f"SHA2(CONCAT('[', {sink_id}, ', ', a.id, ', ', i.amount, ', ', {reference_type}, ', ',"
        f" {reference_id}, ']'), 256)"
    )
    cursor.execute("SET SESSION foreign_key_checks = 0")
    try:
        cursor.execute(
            "INSERT INTO point_transfers (idempotency_key, request_hash, from_account_id,"
            " to_account_id, amount, reason, reference_type, reference_id, created_at)"
            f" SELECT {key}, {digest}, {sink_id}, a.id, i.amount, {reason},"
            f" i.reference_type, i.reference_id, {now} FROM {ITEMS} {join}"
            f" STRAIGHT_JOIN point_accounts a FORCE INDEX (uq_point_accounts_user_id)"
            f" ON a.user_id = i.user_id WHERE {items} ORDER BY i.id"
        )
        inserted, first = cursor.rowcount, cursor.lastrowid
    finally:
        cursor.execute("SET SESSION foreign_key_checks = 1")
    if inserted != count:
        raise RuntimeError(f"posted {inserted} transfers for {count} items")
    transfers = _transfers(cursor, items, key, prefix, first, count, total, sink_id, now)
    # Wallet entries in transfer order; balance_after runs on from the balance before the chunk.
    source, where = transfers.split(" WHERE ", 1)
    cursor.execute(
        "INSERT INTO point_entries (transfer_id, account_id, amount, balance_after, created_at)"
        " SELECT t.id, t.to_account_id, t.amount, a.balance"
        " - SUM(t.amount) OVER (PARTITION BY t.to_account_id)"
        " + SUM(t.amount) OVER (PARTITION BY t.to_account_id ORDER BY t.id ROWS UNBOUNDED"
        f" PRECEDING), {now} FROM {source} STRAIGHT_JOIN point_accounts a FORCE INDEX (PRIMARY)"
        f" ON a.id = t.to_account_id WHERE {where} ORDER BY t.id"
    )
    cursor.execute(f"UPDATE point_accounts SET balance = balance - {total} WHERE id = {sink_id}")
    # A system account's entries carry no running balance (its balance is spread over shards,
    # see app/points/models.py): balance_after is NULL.
    cursor.execute(
        "INSERT INTO point_entries (transfer_id, account_id, amount, balance_after, created_at)"
        f" SELECT t.id, {sink_id}, -t.amount, NULL, {now} FROM {transfers} ORDER BY t.id"
    )
    # The ORM may hold these accounts with balances from before the raw UPDATEs.
    for account in list(db.session.identity_map.values()):
        if isinstance(account, PointAccount):
            db.session.expire(account)
    return count


def _transfers(cursor, items, key, prefix, first, count, total, sink_id, now) -> str:
    """FROM ... WHERE giving this chunk's new transfers as `t`. One multi-row INSERT gets one
    consecutive block of ids under innodb_autoinc_lock_mode 0/1 (checked: the block holds exactly
    our rows, by count, sum, source, key prefix and timestamp); otherwise they are found by key."""
    block = f"point_transfers t WHERE t.id BETWEEN {first} AND {first + count - 1}"
    if _consecutive_ids(cursor):
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(SUM(t.amount), 0) FROM {block}"
            f" AND t.from_account_id = {sink_id} AND t.created_at = {now}"
            f" AND LEFT(t.idempotency_key, CHAR_LENGTH({prefix})) = {prefix}"
        )
        if tuple(int(v) for v in cursor.fetchone()) == (count, total):
            return block
    return (
        f"{ITEMS} STRAIGHT_JOIN point_transfers t"
        f" FORCE INDEX (uq_point_transfers_idempotency_key) ON t.idempotency_key = {key}"
        f" WHERE {items}"
    )


def _one_by_one(cursor, items, key_prefix, key_column, join, source, reason) -> int:
    """Some keys are posted already: credit_many skips those (checking their hash) and posts the
    rest."""
    cursor.execute(
        f"SELECT i.user_id, i.amount, i.{key_column}, {reason}, i.reference_type, i.reference_id"
        f" FROM {ITEMS} {join} WHERE {items} ORDER BY i.id"
    )
    credits = [
        (int(user_id), int(amount), key_prefix + key, text, reference_type, reference_id)
        for user_id, amount, key, text, reference_type, reference_id in cursor.fetchall()
    ]
    return credit_many(source=source, credits=credits)
