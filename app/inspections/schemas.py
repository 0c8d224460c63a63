import marshmallow as ma
from marshmallow import fields, validate

from app.core.schemas import (
    FIRST_YEAR,
    LAST_YEAR,
    Integer,
    LocalDateTime,
    PageArgs,
    StrictSchema,
    Text,
    page_schema,
)
from app.inspections.models import FindingStatus, InspectionStatus, ItemResult

NOTE = validate.Length(min=1, max=2000)


class Day(fields.Date):
    """A calendar day between the years every stored time keeps to (year 1 is a typo)."""

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ma.ValidationError(f"Give a day between {FIRST_YEAR} and {LAST_YEAR}.")
        return day


class ChecklistItemSchema(StrictSchema):
    id = Integer(dump_only=True)
    title = Text()
    position = Integer()


class ChecklistSchema(StrictSchema):
    association_id = Integer()
    items = fields.List(fields.Nested(ChecklistItemSchema))


class ChecklistUpdateSchema(StrictSchema):
    items = fields.List(
        Text(validate=validate.Length(min=1, max=32)),
        required=True,
        validate=validate.Length(min=1, max=30),
    )


class InspectorAppointSchema(StrictSchema):
    user_id = Integer(required=True, validate=validate.Range(min=1))


class InspectorSchema(StrictSchema):
    user_id = Integer()
    association_id = Integer()
    granted_at = LocalDateTime()


class ItemResultSchema(StrictSchema):
    item_id = Integer(required=True, validate=validate.Range(min=1))
    result = Text(required=True, validate=validate.OneOf([r.value for r in ItemResult]))
    note = Text(allow_none=True, validate=NOTE)


class InspectionCreateSchema(StrictSchema):
    inspected_on = Day(required=True)
    rectify_by = Day(allow_none=True)
    summary = Text(allow_none=True, validate=validate.Length(max=2000))
    items = fields.List(
        fields.Nested(ItemResultSchema), required=True, validate=validate.Length(min=1, max=30)
    )


class AnswerSchema(StrictSchema):
    text = Text(required=True, validate=NOTE)


class DecisionSchema(StrictSchema):
    reason = Text(allow_none=True, validate=validate.Length(min=1, max=500))


class InspectionListArgs(PageArgs):
    station_id = Integer(validate=validate.Range(min=1))
    status = Text(validate=validate.OneOf([s.value for s in InspectionStatus]))
    overdue = fields.Boolean()


class PhotoSchema(StrictSchema):
    id = Integer()
    url = Text()


class ResponseSchema(StrictSchema):
    id = Integer()
    author_id = Integer()
    text = Text()
    created_at = LocalDateTime()
    decision = Text()
    decided_by_id = Integer(allow_none=True)
    decided_at = LocalDateTime(allow_none=True)
    decision_reason = Text(allow_none=True)
    photos = fields.List(fields.Nested(PhotoSchema))


class FindingSchema(StrictSchema):
    id = Integer()
    item_title = Text()
    result = Text()
    note = Text(allow_none=True)
    status = Text(validate=validate.OneOf([s.value for s in FindingStatus]))
    photos = fields.List(fields.Nested(PhotoSchema))
    responses = fields.List(fields.Nested(ResponseSchema))


class InspectionSchema(StrictSchema):
    id = Integer()
    station_id = Integer()
    station_name = Text()
    association_id = Integer()
    inspector_id = Integer()
    inspected_on = fields.Date()
    rectify_by = fields.Date(allow_none=True)
    summary = Text(allow_none=True)
    status = Text()
    overdue = fields.Boolean()
    open_findings = Integer()
    created_at = LocalDateTime()
    closed_at = LocalDateTime(allow_none=True)
    findings = fields.List(fields.Nested(FindingSchema))


class InspectionSummarySchema(InspectionSchema):
    class Meta:
        exclude = ("findings",)


InspectionPageSchema = page_schema(InspectionSummarySchema, "InspectionPage")


class InspectionFiguresSchema(StrictSchema):
    station_id = Integer(allow_none=True)
    association_id = Integer(allow_none=True)
    open = Integer()
    overdue = Integer()
    closed = Integer()
