from marshmallow import ValidationError, fields, validate, validates_schema

from app.core.schemas import Integer, LocalDateTime, PageArgs, StrictSchema, Text, page_schema
from app.hours.models import CorrectionRequestStatus, HourStatus


class ManualHoursSchema(StrictSchema):
    started_at = LocalDateTime(required=True)
    ended_at = LocalDateTime(required=True)
    description = Text(required=True, validate=validate.Length(min=2, max=500))
    evidence_text = Text(validate=validate.Length(max=2000))


class CorrectionSchema(StrictSchema):
    started_at = LocalDateTime(required=True)
    ended_at = LocalDateTime(required=True)
    minutes = Integer(validate=validate.Range(min=0))
    reason = Text(required=True, validate=validate.Length(min=2, max=255))
    request_id = Integer()


class CorrectionRequestCreateSchema(StrictSchema):
    reason = Text(required=True, validate=validate.Length(min=2, max=500))
    proposed_started_at = LocalDateTime()
    proposed_ended_at = LocalDateTime()

    @validates_schema
    def both_or_neither(self, data, **kwargs):
        if ("proposed_started_at" in data) != ("proposed_ended_at" in data):
            raise ValidationError("Give both proposed times or neither.", "proposed_ended_at")


class HourReasonSchema(StrictSchema):
    reason = Text(required=True, validate=validate.Length(min=1, max=255))


class RecordQuerySchema(PageArgs):
    status = Text(validate=validate.OneOf([s.value for s in HourStatus]))


class RequestQuerySchema(PageArgs):
    status = Text(validate=validate.OneOf([s.value for s in CorrectionRequestStatus]))


class HourRecordSchema(StrictSchema):
    id = Integer()
    user_id = Integer()
    volunteer_name = Text(
        allow_none=True,
        metadata={"description": "The volunteer's real name (profile), else their nickname"},
    )
    station_id = Integer()
    activity_id = Integer(allow_none=True)
    source = Text()
    started_at = LocalDateTime()
    ended_at = LocalDateTime()
    minutes = Integer()
    hours = fields.Method("get_hours")
    description = Text()
    evidence_text = Text(allow_none=True)
    has_evidence_image = fields.Method("get_has_image")
    status = Text()
    created_by_id = Integer()
    created_at = LocalDateTime()
    reviewed_by_id = Integer(allow_none=True)
    reviewed_at = LocalDateTime(allow_none=True)
    reject_reason = Text(allow_none=True)
    corrects_id = Integer(allow_none=True)
    correction_reason = Text(allow_none=True)
    superseded_by_id = Integer(allow_none=True)
    counts = fields.Boolean(metadata={"description": "verified and not replaced by a correction"})
    credited_points = Integer(allow_none=True)

    def get_hours(self, obj):
        minutes = obj["minutes"] if isinstance(obj, dict) else obj.minutes
        return round(minutes / 60, 2)

    def get_has_image(self, obj):
        name = obj["evidence_image_file"] if isinstance(obj, dict) else obj.evidence_image_file
        return bool(name)


HourRecordPageSchema = page_schema(HourRecordSchema, "ServiceHourRecordPage")


class CorrectionRequestSchema(StrictSchema):
    id = Integer()
    record_id = Integer()
    user_id = Integer()
    station_id = Integer()
    reason = Text()
    proposed_started_at = LocalDateTime(allow_none=True)
    proposed_ended_at = LocalDateTime(allow_none=True)
    status = Text()
    created_at = LocalDateTime()
    resolved_at = LocalDateTime(allow_none=True)
    correction_id = Integer(allow_none=True)
    decline_reason = Text(allow_none=True)


CorrectionRequestPageSchema = page_schema(CorrectionRequestSchema, "CorrectionRequestPage")


class FiguresSchema(StrictSchema):
    station_id = Integer()
    volunteers = Integer()
    party_members = Integer()
    verified_minutes_this_month = Integer()
    verified_hours_this_month = fields.Float()
    verified_minutes_this_year = Integer()
    verified_hours_this_year = fields.Float()
    pending_hour_records = Integer()
    pending_applications = Integer()
    open_correction_requests = Integer()


class RosterEntrySchema(StrictSchema):
    user_id = Integer()
    volunteer_number = Text()
    real_name = Text(
        allow_none=True, metadata={"description": "minors: 张* except for the station's admins"}
    )
    phone = Text(
        allow_none=True, metadata={"description": "minors: masked except for the station's admins"}
    )
    is_minor = fields.Boolean()
    verified_minutes = Integer()
    verified_hours = Integer(metadata={"description": "whole hours of verified_minutes"})
    star_level = Integer()
    joined_at = LocalDateTime()
