"""Offset pagination over a select() statement."""

from collections.abc import Callable

from sqlalchemy import Select, func, select

from app.extensions import db


def paginate(
    statement: Select, *, page: int, per_page: int, present: Callable | None = None
) -> dict:
    """{items, page, per_page, total} for a select of ORM rows; `present` maps each row to
    what the viewer may see."""
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    items = db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).all()
    if present is not None:
        items = [present(row) for row in items]
    return {"items": items, "page": page, "per_page": per_page, "total": total}
