from marshmallow import ValidationError, fields, validate, validates, validates_schema

from app.core.schemas import Integer, LocalDateTime, PageArgs, StrictSchema, page_schema
from app.volunteers import privacy
from app.volunteers.models import ApplicationStatus


class ApplicationCreateSchema(StrictSchema):
    station_id = Integer(required=True)
    real_name = fields.String(required=True, validate=validate.Length(min=2, max=32))
    phone = fields.String(validate=validate.Regexp(privacy.PHONE, error="An 11-digit mobile."))
    phone_code = fields.String(validate=validate.Length(min=1, max=128))
    id_number = fields.String(validate=validate.Length(equal=18))
    skills = fields.List(
        fields.String(validate=validate.Length(min=1, max=32)),
        validate=validate.Length(max=20),
        load_default=list,
    )
    is_party_member = fields.Boolean(load_default=False)
    availability = fields.String(validate=validate.Length(max=255))
    privacy_version = fields.String(validate=validate.Length(min=1, max=32))

    @validates("id_number")
    def check_id_number(self, value, **kwargs):
        if not privacy.id_number_valid(value.upper()):
            raise ValidationError("Not a valid resident ID number.")

    @validates_schema
    def phone_or_code(self, data, **kwargs):
        if not data.get("phone") and not data.get("phone_code"):
            raise ValidationError("Give phone or phone_code.", field_name="phone")


class ReasonSchema(StrictSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=255))


class ApplicationQuerySchema(PageArgs):
    status = fields.String(validate=validate.OneOf([s.value for s in ApplicationStatus]))


class ApplicationSchema(StrictSchema):
    id = Integer()
    user_id = Integer()
    station_id = Integer()
    status = fields.String()
    real_name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True, metadata={"description": "masked unless yours"})
    id_number = fields.String(allow_none=True, metadata={"description": "masked unless yours"})
    skills = fields.List(fields.String())
    is_party_member = fields.Boolean()
    availability = fields.String(allow_none=True)
    privacy_version = fields.String()
    created_at = LocalDateTime()
    reviewed_at = LocalDateTime(allow_none=True)
    reject_reason = fields.String(allow_none=True)
    volunteer_number = fields.String(allow_none=True)


ApplicationPageSchema = page_schema(ApplicationSchema, "VolunteerApplicationPage")


class MembershipSchema(StrictSchema):
    station_id = Integer()
    joined_at = LocalDateTime()
    left_at = LocalDateTime(allow_none=True)


class VolunteerSchema(StrictSchema):
    user_id = Integer()
    volunteer_number = fields.String()
    home_station_id = Integer()
    real_name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    id_number = fields.String(allow_none=True)
    skills = fields.List(fields.String())
    is_party_member = fields.Boolean()
    availability = fields.String(allow_none=True)
    approved_at = LocalDateTime()
    memberships = fields.List(fields.Nested(MembershipSchema))
