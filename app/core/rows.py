"""Race-safe get-or-create for rows with a unique key."""

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db

M = TypeVar("M")


def get_or_create(model: type[M], *, defaults: dict | None = None, **unique_key) -> M:
    """The row matching `unique_key`, created with `defaults` if missing. Two concurrent callers
    get the same row: the loser's insert hits the unique index and it reads the winner's row
    (READ COMMITTED makes it visible). Flushes only."""
    statement = select(model).filter_by(**unique_key)
    row = db.session.scalar(statement)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = model(**unique_key, **(defaults or {}))
            db.session.add(row)
    except IntegrityError:
        row = db.session.scalar(statement)
        if row is None:
            raise
    return row
