from marshmallow import fields, validate

from app.activities.models import ACTIVITY_KINDS, HighlightStatus
from app.core.schemas import Integer, LocalDateTime, PageArgs, StrictSchema, Text, page_schema


class ActivityCreateSchema(StrictSchema):
    title = Text(required=True, validate=validate.Length(min=2, max=100))
    kind = Text(required=True, validate=validate.OneOf(list(ACTIVITY_KINDS)))
    place = Text(required=True, validate=validate.Length(min=2, max=200))
    description = Text(validate=validate.Length(max=5000))
    starts_at = LocalDateTime(required=True)
    ends_at = LocalDateTime(required=True)
    capacity = Integer(required=True, validate=validate.Range(min=1, max=10000))
    min_presence_percent = Integer(load_default=60, validate=validate.Range(min=0, max=100))


class ActivityQuerySchema(PageArgs):
    station_id = Integer()
    association_id = Integer()
    kind = Text(validate=validate.OneOf(list(ACTIVITY_KINDS)))
    starts_after = LocalDateTime()
    starts_before = LocalDateTime()


class ActivitySchema(StrictSchema):
    id = Integer()
    station_id = Integer()
    title = Text()
    kind = Text()
    kind_label = Text(allow_none=True)
    place = Text()
    description = Text(allow_none=True)
    starts_at = LocalDateTime()
    ends_at = LocalDateTime()
    capacity = Integer()
    min_presence_percent = Integer()
    signed_up = Integer()
    check_in_scene = Text(
        allow_none=True, metadata={"description": "only for the station's admins"}
    )


ActivityPageSchema = page_schema(ActivitySchema, "ActivityPage")


class CheckInSchema(StrictSchema):
    scene = Text(
        required=True,
        validate=validate.Length(min=1, max=32),
        metadata={"description": "the scene read from the activity's code on site"},
    )


class SignupSchema(StrictSchema):
    activity_id = Integer()
    user_id = Integer()
    status = Text()
    signed_up_at = LocalDateTime()
    cancelled_at = LocalDateTime(allow_none=True)
    checked_in_at = LocalDateTime(allow_none=True)
    checked_out_at = LocalDateTime(allow_none=True)
    auto_checked_out = fields.Boolean()
    checked_in_by_id = Integer(
        allow_none=True, metadata={"description": "the admin who checked in by hand, else null"}
    )
    checked_out_by_id = Integer(
        allow_none=True, metadata={"description": "the admin who checked out by hand, else null"}
    )
    hour_record_id = Integer(allow_none=True)


class BulkLogSchema(StrictSchema):
    user_ids = fields.List(Integer(), validate=validate.Length(min=1, max=500))
    minutes = Integer(validate=validate.Range(min=1))


class BulkSkipSchema(StrictSchema):
    user_id = Integer()
    reason = Text()


class BulkResultSchema(StrictSchema):
    created = fields.List(fields.Dict())
    skipped = fields.List(fields.Nested(BulkSkipSchema))


class HighlightQuerySchema(PageArgs):
    status = Text(validate=validate.OneOf([s.value for s in HighlightStatus]))


class HighlightSchema(StrictSchema):
    id = Integer()
    activity_id = Integer()
    author_id = Integer()
    text = Text(allow_none=True)
    has_image = fields.Function(lambda h: bool(h.image_file))
    text_check = Text()
    image_check = Text()
    status = Text()
    created_at = LocalDateTime()


HighlightPageSchema = page_schema(HighlightSchema, "HighlightPage")


class ModerateSchema(StrictSchema):
    action = Text(required=True, validate=validate.OneOf(["approve", "hide"]))
