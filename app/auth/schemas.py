from marshmallow import fields, validate

from app.core.schemas import Integer, StrictSchema
from app.users.schemas import MeSchema


class LoginSchema(StrictSchema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=128))
    scene = fields.String(validate=validate.Length(min=1, max=32), allow_none=True)


class LoginResultSchema(StrictSchema):
    token = fields.String()
    expires_in = Integer()
    user = fields.Nested(MeSchema)
