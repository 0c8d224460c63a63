"""Count the SQL statements a piece of code sends, to pin round trips per request."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db


@contextmanager
def statements() -> Iterator[list[str]]:
    """Collect every statement sent on the app's engine inside the block (one per round trip:
    SQLAlchemy sends each execute as one call; commits and rollbacks are not statements)."""
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement.split(None, 1)[0].upper() + " " + statement[:120])

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)
