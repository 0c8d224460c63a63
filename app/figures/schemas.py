from marshmallow import fields, validate

from app.core.schemas import MAX_ID, Integer, QuerySchema, StrictSchema, Text
from app.targets.schemas import FiguresSchema as TargetFiguresSchema

Monthly = fields.List(Integer(), metadata={"description": "one integer per month of `months`"})


class FiguresArgs(QuerySchema):
    association_id = Integer(
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": "drill down to one association"},
    )


class VolunteerFiguresSchema(StrictSchema):
    total = Integer()
    new_per_month = Monthly


class QuizFiguresSchema(StrictSchema):
    attempts_per_month = Monthly
    participants_per_month = Monthly


class PointFiguresSchema(StrictSchema):
    issued_per_month = Monthly
    quiz_issued_per_month = Monthly
    service_issued_per_month = Monthly
    redeemed_per_month = Monthly


class StationCountSchema(StrictSchema):
    kind = Text()
    status = Text()
    count = Integer()


class DashboardFiguresSchema(StrictSchema):
    association_id = Integer(allow_none=True, metadata={"description": "null: the country"})
    months = fields.List(Text(), metadata={"description": "YYYY-MM, oldest first (12)"})
    volunteers = fields.Nested(VolunteerFiguresSchema)
    verified_minutes_per_month = Monthly
    quiz = fields.Nested(QuizFiguresSchema)
    points = fields.Nested(PointFiguresSchema)
    stations = fields.List(fields.Nested(StationCountSchema))
    targets = fields.Nested(TargetFiguresSchema, allow_none=True)
