from marshmallow import fields

from app.core.schemas import Integer, LocalDateTime, StrictSchema, Text
from app.users.schemas import MeSchema


class TicketCreatedSchema(StrictSchema):
    ticket = Text(metadata={"description": "secret to poll with; shown once, never stored"})
    scene = Text(metadata={"description": "short scene of the mini-program code"})
    expires_at = LocalDateTime()


class TicketStatusSchema(StrictSchema):
    status = Text(metadata={"description": "pending, confirmed, expired or used"})
    expires_at = LocalDateTime()
    token = Text(metadata={"description": "console token; only in the first confirmed poll"})
    expires_in = Integer()
    user = fields.Nested(MeSchema)


class ConfirmResultSchema(StrictSchema):
    status = Text()
