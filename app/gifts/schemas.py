from marshmallow import fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from app.core.schemas import (
    Integer,
    LocalDateTime,
    PageArgs,
    QuerySchema,
    StrictSchema,
    Text,
    page_schema,
)
from app.gifts.models import GiftScope, RedemptionStatus

POSITIVE = validate.Range(min=1, max=10_000_000)


class GiftSchema(StrictSchema):
    id = Integer()
    name = Text()
    description = Text()
    image_url = Text(allow_none=True)
    price_points = Integer()
    stock = Integer()
    per_user_limit = Integer()
    scope = Text()
    association_id = Integer(allow_none=True)
    station_id = Integer(allow_none=True)
    sponsor = Text(allow_none=True, metadata={"description": "支持单位"})
    pickup_station_ids = fields.List(Integer())
    active = fields.Boolean()
    active_from = LocalDateTime(allow_none=True)
    active_until = LocalDateTime(allow_none=True)
    created_at = LocalDateTime()


GiftPageSchema = page_schema(GiftSchema, "GiftPage")


class GiftFieldsMixin:
    name = Text(validate=validate.Length(min=1, max=100))
    description = Text(validate=validate.Length(max=5000))
    image_url = fields.Url(allow_none=True, validate=validate.Length(max=500))
    price_points = Integer(strict=True, validate=POSITIVE)
    per_user_limit = Integer(strict=True, validate=validate.Range(min=1, max=1000))
    sponsor = Text(allow_none=True, validate=validate.Length(max=100))
    active = fields.Boolean()
    active_from = LocalDateTime(allow_none=True)
    active_until = LocalDateTime(allow_none=True)
    pickup_station_ids = fields.List(Integer(), validate=validate.Length(min=1, max=200))


class GiftCreateSchema(GiftFieldsMixin, StrictSchema):
    name = Text(required=True, validate=validate.Length(min=1, max=100))
    price_points = Integer(required=True, strict=True, validate=POSITIVE)
    stock = Integer(required=True, strict=True, validate=validate.Range(min=0, max=10**7))
    scope = Text(required=True, validate=validate.OneOf([s.value for s in GiftScope]))
    association_id = Integer()
    station_id = Integer()


class GiftUpdateSchema(GiftFieldsMixin, StrictSchema):
    @validates_schema
    def not_empty(self, data, **kwargs):
        if not data:
            raise ValidationError("Change at least one field.")


class StockAdjustmentSchema(StrictSchema):
    delta = Integer(
        required=True,
        strict=True,
        validate=[validate.Range(min=-(10**6), max=10**6), validate.NoneOf([0])],
        metadata={"description": "Positive restocks, negative writes off"},
    )
    note = Text(required=True, validate=validate.Length(min=2, max=200))


class StockLogSchema(StrictSchema):
    id = Integer()
    delta = Integer()
    stock_after = Integer()
    reason = Text()
    note = Text(allow_none=True)
    redemption_id = Integer(allow_none=True)
    actor_id = Integer(allow_none=True)
    created_at = LocalDateTime()


StockLogPageSchema = page_schema(StockLogSchema, "GiftStockLogPage")


class GiftListArgs(PageArgs):
    station_id = Integer()
    association_id = Integer()


class RedeemSchema(StrictSchema):
    quantity = Integer(load_default=1, strict=True, validate=validate.Range(min=1, max=100))
    pickup_station_id = Integer(
        metadata={"description": "Required when the gift has several pickup stations"}
    )


class RedemptionSchema(StrictSchema):
    id = Integer()
    gift_id = Integer()
    gift_name = Text(attribute="gift.name")
    user_id = Integer()
    pickup_station_id = Integer()
    quantity = Integer()
    points_spent = Integer()
    status = Text(metadata={"description": "pending_pickup, fulfilled, cancelled, expired"})
    pickup_code = Text()
    expires_at = LocalDateTime()
    created_at = LocalDateTime()
    closed_at = LocalDateTime(allow_none=True)


class StationRedemptionSchema(RedemptionSchema):
    class Meta:
        exclude = ("pickup_code",)  # the admin gets the code from the user, never from a list


RedemptionPageSchema = page_schema(RedemptionSchema, "RedemptionPage")
StationRedemptionPageSchema = page_schema(StationRedemptionSchema, "StationRedemptionPage")


class RedemptionListArgs(PageArgs):
    status = Text(validate=validate.OneOf([s.value for s in RedemptionStatus]))


class RedemptionExportArgs(QuerySchema):
    station_id = Integer(
        validate=validate.Range(min=1), metadata={"description": "one station; else all yours"}
    )
    status = Text(validate=validate.OneOf([s.value for s in RedemptionStatus]))


class FulfilSchema(StrictSchema):
    pickup_code = Text(required=True, validate=validate.Length(min=4, max=32))
