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


def filtered_by_status(model, *where, status: str | None, order_by: tuple) -> Select:
    """select(model) where every condition holds, narrowed to `status` when one is asked for,
    in `order_by` order: the statement a status-filtered list pages over."""
    statement = select(model).where(*where)
    if status:
        statement = statement.where(model.status == status)
    return statement.order_by(*order_by)


def page_of_list(items: list, *, page: int, per_page: int) -> dict:
    """{items, page, per_page, total} over a list already in memory (lists that are short by
    nature: an activity's sign-ups, a station's admins, one person's own requests)."""
    start = (page - 1) * per_page
    return {
        "items": items[start : start + per_page],
        "page": page,
        "per_page": per_page,
        "total": len(items),
    }
