"""The embedded default (SQLite) keeps the transaction guarantees of MariaDB.

pysqlite manages transactions by itself: it emits BEGIN lazily before the first INSERT/UPDATE
and not before a SAVEPOINT, so a `begin_nested()` opened before any other write becomes the
outer transaction and its RELEASE commits everything so far; a later rollback then undoes
nothing (refused redemptions that kept their pickup code, claw-backs that left a transfer with no
entries). SQLAlchemy documents the remedy ("Serializable isolation / Savepoints / Transactional
DDL" in its SQLite dialect notes): switch pysqlite's own handling off and emit BEGIN ourselves
when SQLAlchemy begins a transaction. SQLite is then serializable: a writer whose snapshot went
stale gets "database is locked", which `run_in_transaction` retries as a whole, as it retries a
deadlock on MariaDB. The retry begins IMMEDIATE (`writer_first()`): it queues for the one write
lock before it reads, so it cannot lose to a newer snapshot again. First attempts stay deferred,
because an IMMEDIATE transaction left open by a reader would hold every writer back.

Foreign keys are enforced as MariaDB enforces them, and a file database uses WAL so that readers
do not wait for the one writer.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.engine import Engine

# Milliseconds a writer waits for another writer's lock before "database is locked".
BUSY_TIMEOUT_MS = 5000


_begin_immediate: ContextVar[bool] = ContextVar("sqlite_begin_immediate", default=False)


@contextmanager
def writer_first() -> Iterator[None]:
    """Transactions begun inside take SQLite's write lock at BEGIN (no effect on MariaDB)."""
    token = _begin_immediate.set(True)
    try:
        yield
    finally:
        _begin_immediate.reset(token)


def install(engine: Engine) -> None:
    """Give one SQLite engine real BEGIN / SAVEPOINT semantics."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # pysqlite emits no BEGIN/COMMIT of its own
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _begin_immediate.get() else "BEGIN")
