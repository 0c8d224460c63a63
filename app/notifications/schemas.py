from marshmallow import fields, validate

from app.core.schemas import Integer, LocalDateTime, StrictSchema
from app.notifications.service import EVENTS


class SubscriptionsBody(StrictSchema):
    """The template keys the user accepted in wx.requestSubscribeMessage."""

    template_keys = fields.List(
        fields.String(validate=validate.OneOf(EVENTS)),
        required=True,
        validate=validate.Length(min=1, max=len(EVENTS)),
    )


class SubscriptionsSchema(StrictSchema):
    templates = fields.Dict(keys=fields.String(), values=fields.String())
    remaining = fields.Dict(keys=fields.String(), values=Integer())


class NotificationSchema(StrictSchema):
    id = Integer()
    event = fields.String()
    status = fields.String()
    page = fields.String(allow_none=True)
    created_at = LocalDateTime()
    sent_at = LocalDateTime(allow_none=True)


class NotificationListSchema(StrictSchema):
    items = fields.List(fields.Nested(NotificationSchema))
