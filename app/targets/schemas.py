from marshmallow import fields, validate

from app.core.schemas import Integer, LocalDateTime, StrictSchema, Text

COUNT = validate.Range(min=0, max=10_000_000)


class MilestoneSchema(StrictSchema):
    due_on = fields.Date(required=True)
    label = Text(load_default=None, allow_none=True, validate=validate.Length(max=32))
    publicists = Integer(required=True, strict=True, validate=COUNT)
    lecturers = Integer(required=True, strict=True, validate=COUNT)
    stations = Integer(required=True, strict=True, validate=COUNT)
    education_bases = Integer(required=True, strict=True, validate=COUNT)
    volunteers = Integer(required=True, strict=True, validate=COUNT)


class TargetsBody(StrictSchema):
    counting_from = fields.Date(load_default=None, allow_none=True)
    milestones = fields.List(
        fields.Nested(MilestoneSchema), required=True, validate=validate.Length(max=50)
    )


class TargetsSchema(StrictSchema):
    association_id = Integer()
    counting_from = fields.Date(allow_none=True)
    milestones = fields.List(fields.Nested(MilestoneSchema))


class MetricProgressSchema(StrictSchema):
    target = Integer()
    current = Integer()
    remaining = Integer()
    percent = Integer()
    met = fields.Boolean()


class MilestoneProgressSchema(StrictSchema):
    due_on = fields.Date()
    label = Text(allow_none=True)
    met = fields.Boolean()
    overdue = fields.Boolean()
    progress = fields.Dict(keys=Text(), values=fields.Nested(MetricProgressSchema))


class FiguresSchema(StrictSchema):
    association_id = Integer()
    counting_from = fields.Date(allow_none=True)
    as_of = LocalDateTime()
    current = fields.Dict(keys=Text(), values=Integer())
    next_milestone = fields.Date(allow_none=True)
    milestones = fields.List(fields.Nested(MilestoneProgressSchema))
    volunteers_counted_by = Text()
