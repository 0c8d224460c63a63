from marshmallow import fields, validate

from app.core.schemas import Integer, LocalDateTime, StrictSchema, Text
from app.notifications.service import EVENTS


class SubscriptionsBody(StrictSchema):
    """The template keys the user accepted in wx.requestSubscribeMessage."""

    template_keys = fields.List(
        Text(validate=validate.OneOf(EVENTS)),
        required=True,
        validate=validate.Length(min=1, max=len(EVENTS)),
    )


class SubscriptionsSchema(StrictSchema):
    templates = fields.Dict(keys=Text(), values=Text())
    remaining = fields.Dict(keys=Text(), values=Integer())


class NotificationSchema(StrictSchema):
    id = Integer()
    event = Text()
    status = Text()
    page = Text(allow_none=True)
    created_at = LocalDateTime()
    sent_at = LocalDateTime(allow_none=True)


class NotificationListSchema(StrictSchema):
    items = fields.List(fields.Nested(NotificationSchema))
