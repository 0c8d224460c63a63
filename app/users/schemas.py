import marshmallow as ma
from marshmallow import fields, validate

from app.core.schemas import Integer, LocalDateTime, StrictSchema, Text
from app.users.models import AgeBand, GuardianRelation


class RoleSchema(StrictSchema):
    role = Text()
    station_id = Integer(allow_none=True)
    association_id = Integer(allow_none=True)


class MeSchema(StrictSchema):
    """The user's own profile. Domains add sections (hours, star level, points)."""

    class Meta:
        # Domain sections are added at run time; keep them in the answer.
        unknown = "include"

    id = Integer()
    nickname = Text(allow_none=True)
    roles = fields.List(fields.Nested(RoleSchema))
    first_station_id = Integer(allow_none=True)
    age_band = Text()
    is_minor = fields.Boolean()
    needs_guardian_consent = fields.Boolean()
    may_be_listed_publicly = fields.Boolean()
    guardian_consent_at = LocalDateTime(allow_none=True)
    guardian_relation = Text(allow_none=True)
    privacy_version = Text(allow_none=True)
    privacy_accepted_at = LocalDateTime(allow_none=True)
    created_at = LocalDateTime()
    home_station_id = Integer(allow_none=True)
    verified_minutes = Integer()
    verified_hours = fields.Float()
    star_level = Integer()
    hours_to_next_star = fields.Float(allow_none=True)
    points_balance = Integer()


class MeUpdateSchema(StrictSchema):
    nickname = Text(validate=validate.Length(min=1, max=32))
    age_band = Text(validate=validate.OneOf([band.value for band in AgeBand]))
    guardian_consent = fields.Boolean(
        metadata={
            "description": "false withdraws consent; true is refused (403 "
            "guardian_consent_by_guardian_only): a station admin records the guardian's consent"
        }
    )


class PrivacyConsentSchema(StrictSchema):
    version = Text(required=True, validate=validate.Length(min=1, max=32))


class ExportSchema(ma.Schema):
    """`GET /me/export` (documentation only): the profile, then one section per domain that
    keeps something about the user (points, quiz_attempts, help_requests, ...)."""

    class Meta:
        unknown = "include"

    profile = fields.Dict(required=True)


class GuardianConsentSchema(StrictSchema):
    guardian_name = Text(required=True, validate=validate.Length(min=1, max=64))
    guardian_relation = Text(
        required=True, validate=validate.OneOf([relation.value for relation in GuardianRelation])
    )


class GuardianConsentRecordSchema(StrictSchema):
    user_id = Integer(attribute="id")
    age_band = Text()
    guardian_consent_at = LocalDateTime(allow_none=True)
    guardian_name = Text(allow_none=True)
    guardian_relation = Text(allow_none=True)
    guardian_consent_recorded_by_id = Integer(allow_none=True)
