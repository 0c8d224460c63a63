import marshmallow as ma
from marshmallow import fields, validate

from app.core.schemas import Integer, LocalDateTime, PageArgs, QuerySchema, StrictSchema, Text

CLIENT_ID = validate.Regexp(r"^[A-Za-z0-9_\-]{8,64}$", error="8-64 of A-Za-z0-9_-.")


class SurveyCreateSchema(StrictSchema):
    title = Text(required=True, validate=validate.Length(min=1, max=200))
    association_id = Integer(allow_none=True, load_default=None)
    questionnaire = fields.Dict(required=True)
    internal_test_starts_at = LocalDateTime(allow_none=True, load_default=None)
    internal_test_ends_at = LocalDateTime(allow_none=True, load_default=None)
    public_test_starts_at = LocalDateTime(allow_none=True, load_default=None)
    public_test_ends_at = LocalDateTime(allow_none=True, load_default=None)
    collection_starts_at = LocalDateTime(required=True)
    collection_ends_at = LocalDateTime(required=True)
    min_seconds = Integer(load_default=60, validate=validate.Range(min=0, max=86400))
    straight_line_min_rows = Integer(load_default=5, validate=validate.Range(min=2))
    points = Integer(load_default=0, validate=validate.Range(min=0, max=100000))
    subsidy_fen_per_valid = Integer(load_default=10, validate=validate.Range(min=0, max=100000))


class SurveySchema(ma.Schema):
    id = Integer()
    title = Text()
    association_id = Integer(allow_none=True)
    questionnaire = fields.Dict()
    internal_test_starts_at = LocalDateTime(allow_none=True)
    internal_test_ends_at = LocalDateTime(allow_none=True)
    public_test_starts_at = LocalDateTime(allow_none=True)
    public_test_ends_at = LocalDateTime(allow_none=True)
    collection_starts_at = LocalDateTime()
    collection_ends_at = LocalDateTime()
    min_seconds = Integer()
    straight_line_min_rows = Integer()
    points = Integer()
    subsidy_fen_per_valid = Integer()
    created_at = LocalDateTime()


class LinkCreateSchema(StrictSchema):
    station_id = Integer()
    association_id = Integer()
    channel = Text(validate=validate.Regexp(r"^[\w\-·]{1,64}$", error="1-64 letters."))


class LinkSchema(ma.Schema):
    id = Integer()
    survey_id = Integer()
    scene = Text()
    station_id = Integer(allow_none=True)
    association_id = Integer(allow_none=True)
    channel = Text(allow_none=True)
    qrcode_url = Text()
    created_at = LocalDateTime()


class DraftSaveSchema(StrictSchema):
    link_scene = Text(allow_none=True, load_default=None)
    started_at = LocalDateTime(allow_none=True, load_default=None)
    answers = fields.Dict(required=True)


class DraftSchema(ma.Schema):
    client_id = Text()
    link_scene = Text(allow_none=True)
    started_at = LocalDateTime(allow_none=True)
    answers = fields.Dict()
    updated_at = LocalDateTime()
    submitted_response_id = Integer(allow_none=True)


class ResponseCreateSchema(StrictSchema):
    link_scene = Text(required=True)
    client_id = Text(required=True, validate=CLIENT_ID)
    started_at = LocalDateTime(required=True)
    answers = fields.Dict(required=True)


class FlagSchema(ma.Schema):
    flag = Text()
    reason = Text()


class ResponseSchema(ma.Schema):
    id = Integer()
    survey_id = Integer()
    link_id = Integer()
    station_id = Integer(allow_none=True)
    association_id = Integer(allow_none=True)
    client_id = Text()
    started_at = LocalDateTime()
    submitted_at = LocalDateTime()
    duration_seconds = Integer()
    is_valid = fields.Boolean()
    auto_valid = fields.Boolean()
    flags = fields.List(fields.Nested(FlagSchema))
    reviewed_valid = fields.Boolean(allow_none=True)
    review_reason = Text(allow_none=True)
    reviewed_at = LocalDateTime(allow_none=True)
    points_awarded = Integer()
    replayed = fields.Boolean()


class ReviewSchema(StrictSchema):
    valid = fields.Boolean(required=True)
    reason = Text(required=True, validate=validate.Length(min=1, max=255))


class FiguresArgs(QuerySchema):
    station_id = Integer()
    association_id = Integer()
    day_from = fields.Date()
    day_to = fields.Date()
    top = Integer(load_default=50, validate=validate.Range(min=1, max=1000))


class FlaggedArgs(PageArgs):
    station_id = Integer()
    association_id = Integer()


class TargetSchema(StrictSchema):
    region_netizens = Integer(required=True, validate=validate.Range(min=1))
    target_share_percent = fields.Decimal(
        required=True, places=2, validate=validate.Range(min=0.01, max=100)
    )


class ExportCreateSchema(StrictSchema):
    station_id = Integer()
    association_id = Integer()


class ExportSchema(ma.Schema):
    id = Integer()
    survey_id = Integer()
    status = Text()
    rows_total = Integer()
    rows_done = Integer()
    progress_percent = fields.Float()
    error = Text(allow_none=True)
    created_at = LocalDateTime()
    finished_at = LocalDateTime(allow_none=True)
    download_url = Text(allow_none=True)


class SubsidyLineSchema(ma.Schema):
    id = Integer()
    payee_key = Text()
    station_id = Integer(allow_none=True)
    association_id = Integer(allow_none=True)
    valid_count = Integer()
    fen_per_valid = Integer()
    previous_total_fen = Integer()
    new_total_fen = Integer()
    delta_fen = Integer()
    is_adjustment = fields.Boolean()
    review_revision = Integer()
    created_at = LocalDateTime()


class TargetOutSchema(ma.Schema):
    association_id = Integer()
    region_netizens = Integer()
    target_share_percent = fields.Float()
    target = Integer(metadata={"description": "responses to collect"})


class SubsidyTotalSchema(ma.Schema):
    payee_key = Text()
    station_id = Integer(allow_none=True)
    association_id = Integer(allow_none=True)
    valid_count = Integer()
    total_fen = Integer()


class SubsidyStatementsSchema(ma.Schema):
    survey_id = Integer()
    lines = fields.List(fields.Nested(SubsidyLineSchema))
    totals = fields.List(fields.Nested(SubsidyTotalSchema))
    total_fen = Integer()


class FiguresSchema(ma.Schema):
    """The survey's figures in the asker's scope; docs/surveys.md describes each part."""

    survey_id = Integer()
    scope = fields.Dict()
    totals = fields.Dict()
    by_day = fields.List(fields.Dict())
    by_station = fields.List(fields.Dict())
    by_association = fields.List(fields.Dict())
    ranking = fields.List(fields.Dict())
    portrait = fields.Dict()
    targets = fields.List(fields.Dict())
    subsidy = fields.Dict()


class SurveyListArgs(PageArgs):
    status = Text(
        validate=validate.OneOf(["upcoming", "collecting", "closed"]),
        metadata={"description": "upcoming (tests included), collecting, closed"},
    )
    year = Integer(
        validate=validate.Range(min=2000, max=2100),
        metadata={"description": "the year its collection starts (Asia/Shanghai)"},
    )


class SurveyListItemSchema(ma.Schema):
    id = Integer()
    title = Text()
    association_id = Integer(allow_none=True)
    status = Text(metadata={"description": "upcoming, collecting or closed"})
    internal_test_starts_at = LocalDateTime(allow_none=True)
    internal_test_ends_at = LocalDateTime(allow_none=True)
    public_test_starts_at = LocalDateTime(allow_none=True)
    public_test_ends_at = LocalDateTime(allow_none=True)
    collection_starts_at = LocalDateTime()
    collection_ends_at = LocalDateTime()
    created_at = LocalDateTime()
