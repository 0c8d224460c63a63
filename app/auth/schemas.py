from marshmallow import fields, validate

from app.core.schemas import Integer, StrictSchema, Text
from app.users.schemas import MeSchema


class LoginSchema(StrictSchema):
    code = Text(required=True, validate=validate.Length(min=1, max=128))
    scene = Text(validate=validate.Length(min=1, max=32), allow_none=True)


class LoginResultSchema(StrictSchema):
    token = Text()
    expires_in = Integer()
    user = fields.Nested(MeSchema)
