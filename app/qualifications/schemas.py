from marshmallow import fields, validate

from app.core.schemas import Integer, LocalDateTime, PageArgs, StrictSchema, Text, page_schema
from app.qualifications.models import ApplicationStatus, QualificationKind

KINDS = [k.value for k in QualificationKind]
REVIEW_STATUSES = [s.value for s in ApplicationStatus if s != ApplicationStatus.DRAFT]
PHONE = validate.Regexp(r"^1\d{10}$", error="Give an 11-digit mainland mobile number.")


class PublishSchema(StrictSchema):
    """What may appear in the public directory; all off unless the person says so."""

    name = fields.Boolean(load_default=False)
    organisation = fields.Boolean(load_default=False)
    topics = fields.Boolean(load_default=True)
    photo = fields.Boolean(load_default=False)


class ApplicationFields(StrictSchema):
    real_name = Text(validate=validate.Length(min=1, max=32))
    phone = Text(validate=PHONE)
    organisation = Text(allow_none=True, validate=validate.Length(max=100))
    topics = fields.List(
        Text(validate=validate.Length(min=1, max=32)), validate=validate.Length(max=10)
    )
    experience = Text(allow_none=True, validate=validate.Length(max=2000))
    photo_url = fields.Url(allow_none=True, schemes={"https"}, validate=validate.Length(max=500))
    intended_station_ids = fields.List(Integer(), validate=validate.Length(max=20))
    recommended_by_station_id = Integer(allow_none=True)
    publish = fields.Nested(PublishSchema)


class ApplicationCreateSchema(ApplicationFields):
    kind = Text(required=True, validate=validate.OneOf(KINDS))
    association_id = Integer(required=True)
    real_name = Text(required=True, validate=validate.Length(min=1, max=32))
    phone = Text(required=True, validate=PHONE)
    topics = fields.List(
        Text(validate=validate.Length(min=1, max=32)),
        load_default=list,
        validate=validate.Length(max=10),
    )
    submit = fields.Boolean(load_default=True)


class ApplicationUpdateSchema(ApplicationFields):
    """The applicant's edits to a draft or returned application (kind and association stay)."""


class ReasonSchema(StrictSchema):
    reason = Text(required=True, validate=validate.Length(min=1, max=500))


class ApplicationListArgs(PageArgs):
    status = Text(validate=validate.OneOf(REVIEW_STATUSES))
    kind = Text(validate=validate.OneOf(KINDS))
    association_id = Integer()


class DirectoryArgs(PageArgs):
    association_id = Integer()
    topic = Text(validate=validate.Length(min=1, max=32))


class AssessmentSchema(StrictSchema):
    passed = fields.Boolean()
    attempt_id = Integer(allow_none=True)
    campaign_id = Integer(allow_none=True)
    score = Integer(allow_none=True)
    pass_mark = Integer(allow_none=True)
    submitted_at = LocalDateTime(allow_none=True)


class RecommendationSchema(StrictSchema):
    station_id = Integer()
    confirmed = fields.Boolean()
    confirmed_at = LocalDateTime(allow_none=True)


class StepSchema(StrictSchema):
    actor_id = Integer(allow_none=True)
    from_status = Text(allow_none=True)
    to_status = Text()
    reason = Text(allow_none=True)
    created_at = LocalDateTime()


class ApplicationSchema(StrictSchema):
    id = Integer()
    user_id = Integer()
    association_id = Integer()
    kind = Text()
    status = Text()
    real_name = Text()
    phone = Text()
    organisation = Text(allow_none=True)
    topics = fields.List(Text())
    experience = Text(allow_none=True)
    photo_url = Text(allow_none=True)
    intended_station_ids = fields.List(Integer())
    recommendation = fields.Nested(RecommendationSchema, allow_none=True)
    publish = fields.Dict(keys=Text(), values=fields.Boolean())
    assessment = fields.Nested(AssessmentSchema)
    assessment_score = Integer(allow_none=True)
    decision_reason = Text(allow_none=True)
    revoke_reason = Text(allow_none=True)
    created_at = LocalDateTime()
    submitted_at = LocalDateTime(allow_none=True)
    decided_at = LocalDateTime(allow_none=True)
    revoked_at = LocalDateTime(allow_none=True)
    steps = fields.List(fields.Nested(StepSchema))


ApplicationPageSchema = page_schema(ApplicationSchema, "QualificationApplicationPage")


class ApplicationListSchema(StrictSchema):
    items = fields.List(fields.Nested(ApplicationSchema))


class DirectoryEntrySchema(StrictSchema):
    id = Integer()
    kind = Text()
    association_id = Integer()
    association_name = Text(allow_none=True)
    name = Text(allow_none=True)
    organisation = Text(allow_none=True)
    topics = fields.List(Text())
    photo_url = Text(allow_none=True)
    approved_at = LocalDateTime(allow_none=True)


DirectoryPageSchema = page_schema(DirectoryEntrySchema, "QualificationDirectoryPage")
