"""Calendar months as people in China count them, grouped in SQL on both engines."""

from datetime import datetime

from sqlalchemy import func, literal_column
from sqlalchemy.sql.elements import ColumnElement

from app.core.time import SHANGHAI, to_shanghai, utcnow
from app.extensions import db


def month_of(column) -> ColumnElement:
    """'YYYY-MM' of a stored UTC time in Asia/Shanghai (UTC+8, no daylight saving)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m", column, "+8 hours")
    return func.date_format(
        func.date_add(column, literal_column("INTERVAL 8 HOUR")), literal_column("'%Y-%m'")
    )


def last_months(count: int = 12, now: datetime | None = None) -> tuple[list[str], datetime]:
    """The last `count` months, oldest first, and the instant the oldest one starts."""
    local = to_shanghai(now or utcnow())
    year, month = local.year, local.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    months.reverse()
    first_year, first_month = (int(part) for part in months[0].split("-"))
    return months, datetime(first_year, first_month, 1, tzinfo=SHANGHAI)
