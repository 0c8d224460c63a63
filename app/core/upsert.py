"""Atomic counter upserts that read the same on MariaDB and on the embedded SQLite default."""

from collections.abc import Iterable

from sqlalchemy.dialects import mysql, sqlite

from app.extensions import db


def is_mysql() -> bool:
    """Whether the session's engine is MySQL/MariaDB (else the embedded SQLite default)."""
    return db.session.get_bind().dialect.name in ("mysql", "mariadb")


def insert_or_add(model, *, values: dict, add: Iterable[str]) -> None:
    """Insert the row, or add the `add` columns of `values` to the row with the same primary key,
    in one statement: concurrent increments never lose a count. Flushes nothing else."""
    table = model.__table__
    if is_mysql():
        statement = mysql.insert(table).values(values)
        statement = statement.on_duplicate_key_update(
            {name: table.c[name] + statement.inserted[name] for name in add}
        )
    else:
        statement = sqlite.insert(table).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=[column.name for column in table.primary_key],
            set_={name: table.c[name] + statement.excluded[name] for name in add},
        )
    db.session.execute(statement)
