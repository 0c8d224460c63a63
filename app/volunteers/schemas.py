from marshmallow import ValidationError, fields, validate, validates, validates_schema

from app.core.schemas import Integer, LocalDateTime, PageArgs, StrictSchema, Text, page_schema
from app.volunteers import privacy
from app.volunteers.models import ApplicationStatus


class ApplicationCreateSchema(StrictSchema):
    station_id = Integer(required=True)
    real_name = Text(required=True, validate=validate.Length(min=2, max=32))
    phone = Text(validate=validate.Regexp(privacy.PHONE, error="An 11-digit mobile."))
    phone_code = Text(validate=validate.Length(min=1, max=128))
    id_number = Text(validate=validate.Length(equal=18))
    skills = fields.List(
        Text(validate=validate.Length(min=1, max=32)),
        validate=validate.Length(max=20),
        load_default=list,
    )
    is_party_member = fields.Boolean(load_default=False)
    availability = Text(validate=validate.Length(max=255))
    privacy_version = Text(validate=validate.Length(min=1, max=32))

    @validates("id_number")
    def check_id_number(self, value, **kwargs):
        if not privacy.id_number_valid(value.upper()):
            raise ValidationError("Not a valid resident ID number.")

    @validates_schema
    def phone_or_code(self, data, **kwargs):
        if not data.get("phone") and not data.get("phone_code"):
            raise ValidationError("Give phone or phone_code.", field_name="phone")


class ReasonSchema(StrictSchema):
    reason = Text(required=True, validate=validate.Length(min=1, max=255))


class ApplicationQuerySchema(PageArgs):
    status = Text(validate=validate.OneOf([s.value for s in ApplicationStatus]))


class ApplicationSchema(StrictSchema):
    id = Integer()
    user_id = Integer()
    station_id = Integer()
    status = Text()
    real_name = Text(allow_none=True)
    phone = Text(allow_none=True, metadata={"description": "masked unless yours"})
    id_number = Text(allow_none=True, metadata={"description": "masked unless yours"})
    skills = fields.List(Text())
    is_party_member = fields.Boolean()
    availability = Text(allow_none=True)
    privacy_version = Text()
    created_at = LocalDateTime()
    reviewed_at = LocalDateTime(allow_none=True)
    reject_reason = Text(allow_none=True)
    volunteer_number = Text(allow_none=True)


ApplicationPageSchema = page_schema(ApplicationSchema, "VolunteerApplicationPage")


class MembershipSchema(StrictSchema):
    station_id = Integer()
    joined_at = LocalDateTime()
    left_at = LocalDateTime(allow_none=True)


class VolunteerSchema(StrictSchema):
    user_id = Integer()
    volunteer_number = Text()
    home_station_id = Integer()
    real_name = Text(allow_none=True)
    phone = Text(allow_none=True)
    id_number = Text(allow_none=True)
    skills = fields.List(Text())
    is_party_member = fields.Boolean()
    availability = Text(allow_none=True)
    approved_at = LocalDateTime()
    memberships = fields.List(fields.Nested(MembershipSchema))
