"""Schema building blocks shared by every domain."""

import marshmallow as ma
from marshmallow import fields, validate

from app.core.time import to_shanghai

# Every id, count, amount and minute we store fits MariaDB's INT; a larger number in a request
# is a mistake or a probe, and must be a 422 (not an out-of-range error or SQLite's overflow).
MAX_INT = 2**31 - 1
MAX_ID = MAX_INT
MAX_PAGE = 100_000  # 100,000 pages of 100 is ten million rows: past any list we keep
FIRST_YEAR, LAST_YEAR = 2000, 2100  # times outside are typos (year 363), never real events


class Integer(fields.Integer):
    """fields.Integer with the database's bounds unless the field gives a narrower maximum;
    the bounds are in the OpenAPI document, so clients and the contract fuzzer see them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not any(isinstance(v, validate.Range) and v.max is not None for v in self.validators):
            self.validators.insert(0, validate.Range(min=-MAX_INT, max=MAX_INT))


class Text(fields.String):
    """fields.String with the spaces around the text stripped before validation, so " " is an
    empty name (refused by the field's Length) and "  张三 " is stored as "张三". Control
    characters never get this far: app.core.bodies refuses them in every JSON body."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class StrictSchema(ma.Schema):
    """Request bodies: unknown fields are an error, not silently dropped."""

    class Meta:
        unknown = ma.RAISE


class QuerySchema(ma.Schema):
    """Query strings: unknown parameters are ignored (cache busters, tracking)."""

    class Meta:
        unknown = ma.EXCLUDE


class LocalDateTime(fields.DateTime):
    """Stored in UTC, shown in Asia/Shanghai with its offset; input needs an explicit offset."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return to_shanghai(value).isoformat()

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        if result.tzinfo is None:
            raise ma.ValidationError(
                "Give the time with its offset, e.g. 2026-09-13T09:00:00+08:00."
            )
        if not FIRST_YEAR <= result.year <= LAST_YEAR:
            raise ma.ValidationError(f"Give a time between {FIRST_YEAR} and {LAST_YEAR}.")
        return result


class PageArgs(QuerySchema):
    page = Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = Integer(load_default=20, validate=validate.Range(min=1, max=100))


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A response schema {items, page, per_page, total} around item_schema."""
    return ma.Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema)),
            "page": fields.Integer(),
            "per_page": fields.Integer(),
            "total": fields.Integer(),
        },
        name=name,
    )
