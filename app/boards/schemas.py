from marshmallow import fields, validate

from app.boards.service import BOARDS
from app.core.schemas import Integer, QuerySchema, StrictSchema, Text


class BoardArgs(QuerySchema):
    limit = Integer(load_default=20, validate=validate.Range(min=1, max=100))


class BoardRowSchema(StrictSchema):
    rank = Integer()
    user_id = Integer()
    name = Text(metadata={"description": "nickname if they may be listed publicly, else 网友1234"})
    value = Integer(metadata={"description": "宝盾 earned (points) or verified minutes (hours)"})


class BoardSchema(StrictSchema):
    station_id = Integer()
    board = Text(validate=validate.OneOf(BOARDS))
    unit = Text()
    items = fields.List(fields.Nested(BoardRowSchema))
    me = fields.Nested(BoardRowSchema, allow_none=True)
