"""Schema building blocks shared by every domain."""

import marshmallow as ma
from marshmallow import fields

from app.core.time import to_shanghai


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
        return result


class PageArgs(QuerySchema):
    page = fields.Integer(load_default=1, validate=ma.validate.Range(min=1))
    per_page = fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100))


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
