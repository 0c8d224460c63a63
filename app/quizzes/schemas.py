import marshmallow as ma
from marshmallow import fields, validate

from app.core.schemas import (
    Integer,
    LocalDateTime,
    PageArgs,
    QuerySchema,
    StrictSchema,
    Text,
    page_schema,
)
from app.quizzes.models import QuestionKind, Scope

SCOPES = [s.value for s in Scope]
POINTS = validate.Range(min=0, max=100000)


class OptionSchema(StrictSchema):
    key = Text(required=True, validate=validate.Length(min=1, max=1))
    text = Text(required=True, validate=validate.Length(min=1, max=500))


class QuestionFieldsSchema(StrictSchema):
    kind = Text(validate=validate.OneOf([k.value for k in QuestionKind]))
    stem = Text(validate=validate.Length(min=1, max=1000))
    options = fields.List(fields.Nested(OptionSchema), validate=validate.Length(max=8))
    answer = fields.List(Text(validate=validate.Length(min=1, max=1)))
    explanation = Text(validate=validate.Length(max=2000))
    category = Text(validate=validate.Length(min=1, max=32))
    difficulty = Integer(validate=validate.Range(min=1, max=3))


class QuestionCreateSchema(QuestionFieldsSchema):
    scope = Text(load_default=Scope.ASSOCIATION, validate=validate.OneOf(SCOPES))
    association_id = Integer()
    station_id = Integer()
    kind = Text(required=True, validate=validate.OneOf([k.value for k in QuestionKind]))
    stem = Text(required=True, validate=validate.Length(min=1, max=1000))
    answer = fields.List(Text(validate=validate.Length(min=1, max=1)), required=True)
    category = Text(required=True, validate=validate.Length(min=1, max=32))


class QuestionUpdateSchema(QuestionFieldsSchema):
    active = fields.Boolean()


class QuestionSchema(ma.Schema):
    """Admins only: carries the answer."""

    id = Integer()
    scope = Text()
    association_id = Integer(allow_none=True)
    station_id = Integer(allow_none=True)
    kind = Text()
    stem = Text()
    options = fields.List(fields.Nested(OptionSchema))
    answer = fields.List(Text())
    explanation = Text()
    category = Text()
    difficulty = Integer()
    active = fields.Boolean()


QuestionPageSchema = page_schema(QuestionSchema, "QuizQuestionPage")


class BankArgs(PageArgs):
    scope = Text(load_default=Scope.NATIONAL, validate=validate.OneOf(SCOPES))
    association_id = Integer()
    station_id = Integer()
    category = Text()


class ImportFormSchema(QuerySchema):
    scope = Text(load_default=Scope.ASSOCIATION, validate=validate.OneOf(SCOPES))
    association_id = Integer()
    station_id = Integer()


class RejectedRowSchema(ma.Schema):
    row = Integer()
    reason = Text()


class ImportReportSchema(ma.Schema):
    imported = Integer()
    rejected_count = Integer()
    rejected = fields.List(fields.Nested(RejectedRowSchema))


class RankingBonusSchema(StrictSchema):
    rank_from = Integer(required=True, validate=validate.Range(min=1))
    rank_to = Integer(required=True, validate=validate.Range(min=1))
    points = Integer(required=True, validate=validate.Range(min=1, max=100000))


class CampaignFieldsSchema(StrictSchema):
    title = Text(validate=validate.Length(min=1, max=100))
    description = Text(validate=validate.Length(max=2000))
    starts_at = LocalDateTime()
    ends_at = LocalDateTime()
    categories = fields.List(Text(validate=validate.Length(min=1, max=32)))
    questions_per_attempt = Integer(validate=validate.Range(min=1, max=100))
    time_limit_seconds = Integer(validate=validate.Range(min=30, max=3 * 3600))
    attempts_per_day = Integer(validate=validate.Range(min=1, max=100))
    points_per_correct = Integer(validate=POINTS)
    perfect_bonus = Integer(validate=POINTS)
    daily_points_cap = Integer(validate=POINTS)
    is_assessment = fields.Boolean()
    pass_mark = Integer(allow_none=True, validate=validate.Range(min=0, max=100))
    ranking_bonuses = fields.List(
        fields.Nested(RankingBonusSchema), validate=validate.Length(max=20)
    )


class CampaignCreateSchema(CampaignFieldsSchema):
    scope = Text(required=True, validate=validate.OneOf(SCOPES))
    association_id = Integer()
    station_id = Integer()
    title = Text(required=True, validate=validate.Length(min=1, max=100))
    starts_at = LocalDateTime(required=True)
    ends_at = LocalDateTime(required=True)


class CampaignSchema(ma.Schema):
    id = Integer()
    title = Text()
    description = Text()
    scope = Text()
    association_id = Integer(allow_none=True)
    station_id = Integer(allow_none=True)
    starts_at = LocalDateTime()
    ends_at = LocalDateTime()
    categories = fields.List(Text())
    questions_per_attempt = Integer()
    time_limit_seconds = Integer()
    attempts_per_day = Integer()
    points_per_correct = Integer()
    perfect_bonus = Integer()
    daily_points_cap = Integer()
    is_assessment = fields.Boolean()
    pass_mark = Integer(allow_none=True)
    ranking_bonuses = fields.List(fields.Nested(RankingBonusSchema))
    status = Text()
    closed_at = LocalDateTime(allow_none=True)
    entrance_scene = Text(allow_none=True)


class PublicOptionSchema(ma.Schema):
    key = Text()
    text = Text()


class PublicQuestionSchema(ma.Schema):
    """What a participant sees before submitting: no answer, no explanation."""

    id = Integer()
    kind = Text()
    stem = Text()
    options = fields.List(fields.Nested(PublicOptionSchema))
    category = Text()
    difficulty = Integer()


class AttemptStartedSchema(ma.Schema):
    attempt_id = Integer()
    campaign_id = Integer()
    deadline = LocalDateTime()
    time_limit_seconds = Integer()
    resumed = fields.Boolean()
    questions = fields.List(fields.Nested(PublicQuestionSchema))


def _check_answers(value: dict) -> None:
    if len(value) > 200:
        raise ma.ValidationError("At most 200 answers.")


class SubmitSchema(StrictSchema):
    answers = fields.Dict(
        keys=Text(validate=validate.Length(min=1, max=20)),
        values=fields.List(
            Text(validate=validate.Length(min=1, max=1)), validate=validate.Length(max=8)
        ),
        required=True,
        validate=_check_answers,
    )


class GradedQuestionSchema(PublicQuestionSchema):
    your_answer = fields.List(Text())
    answer = fields.List(Text())
    correct = fields.Boolean()
    explanation = Text()


class AttemptResultSchema(ma.Schema):
    attempt_id = Integer()
    campaign_id = Integer()
    status = Text()
    deadline = LocalDateTime()
    submitted_at = LocalDateTime(allow_none=True)
    correct_count = Integer()
    question_count = Integer()
    score = Integer(metadata={"description": "integer percentage"})
    points_earned = Integer()
    points_awarded = Integer()
    no_points_reason = Text(
        allow_none=True,
        metadata={"description": "deadline_passed, campaign_closed, daily_cap_reached"},
    )
    is_assessment = fields.Boolean()
    pass_mark = Integer(allow_none=True)
    passed = fields.Boolean(allow_none=True)
    ignored_answers = fields.Dict(keys=Text(), values=Text())
    questions = fields.List(fields.Nested(GradedQuestionSchema))


class AttemptSummarySchema(ma.Schema):
    id = Integer()
    campaign_id = Integer()
    campaign_title = Text()
    status = Text()
    started_at = LocalDateTime()
    deadline = LocalDateTime()
    submitted_at = LocalDateTime(allow_none=True)
    correct_count = Integer()
    question_count = Integer()
    score = Integer()
    points_awarded = Integer()
    no_points_reason = Text(allow_none=True)
    passed = fields.Boolean(allow_none=True)


AttemptPageSchema = page_schema(AttemptSummarySchema, "QuizAttemptPage")


class LeaderboardArgs(QuerySchema):
    scope = Text(load_default="users", validate=validate.OneOf(["users", "stations"]))
    by = Text(load_default="participants", validate=validate.OneOf(["participants", "correct"]))
    limit = Integer(load_default=50, validate=validate.Range(min=1, max=100))


class LeaderRowSchema(ma.Schema):
    rank = Integer()
    user_id = Integer()
    station_id = Integer()
    name = Text()
    correct_answers = Integer()
    participants = Integer()


class LeaderboardSchema(ma.Schema):
    campaign_id = Integer()
    scope = Text()
    by = Text()
    items = fields.List(fields.Nested(LeaderRowSchema))
    me = fields.Nested(LeaderRowSchema, allow_none=True)


CampaignPageSchema = page_schema(CampaignSchema, "QuizCampaignPage")
