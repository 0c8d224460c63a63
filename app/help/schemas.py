import re

from marshmallow import ValidationError, fields, validate

from app.core.schemas import Integer, LocalDateTime, PageArgs, StrictSchema, Text, page_schema
from app.help.models import HelpCategory, HelpStatus, ReferralTarget

# A mobile (13812345678) or a landline with area code (010-12345678).
CONTACT_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")
DESCRIPTION_MAX = 2000


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


class HelpRequestCreateSchema(StrictSchema):
    category = Text(required=True, validate=validate.OneOf([c.value for c in HelpCategory]))
    description = Text(
        required=True,
        validate=[validate.Length(min=1, max=DESCRIPTION_MAX), _not_blank],
    )
    station_id = Integer(allow_none=True, validate=validate.Range(min=1))
    contact_phone = Text(
        allow_none=True,
        validate=validate.Regexp(
            CONTACT_PHONE, error="A mobile (13812345678) or landline (010-12345678)."
        ),
    )
    evidence_urls = fields.List(
        fields.Url(schemes={"http", "https"}, validate=validate.Length(max=500)),
        validate=validate.Length(max=9),
        load_default=list,
    )


class HelpQuerySchema(PageArgs):
    status = Text(validate=validate.OneOf([s.value for s in HelpStatus]))


class AcceptSchema(StrictSchema):
    note = Text(validate=validate.Length(max=1000))


class ReferSchema(StrictSchema):
    to = Text(required=True, validate=validate.OneOf([t.value for t in ReferralTarget]))
    note = Text(validate=validate.Length(max=500))


class CloseSchema(StrictSchema):
    outcome = Text(required=True, validate=[validate.Length(min=1, max=2000), _not_blank])


class AssignSchema(StrictSchema):
    station_id = Integer(required=True, validate=validate.Range(min=1))
    note = Text(validate=validate.Length(max=1000))


class ReporterSchema(StrictSchema):
    user_id = Integer()
    nickname = Text(allow_none=True)
    contact_phone = Text(
        allow_none=True, metadata={"description": "in full to handlers, masked to the reporter"}
    )


class HistorySchema(StrictSchema):
    action = Text()
    from_status = Text(allow_none=True)
    to_status = Text()
    actor_id = Integer(allow_none=True, metadata={"description": "handlers only"})
    note = Text(allow_none=True, metadata={"description": "handlers only"})
    created_at = LocalDateTime()


class HelpRequestSchema(StrictSchema):
    id = Integer()
    station_id = Integer(allow_none=True, metadata={"description": "null: unassigned"})
    category = Text()
    description = Text()
    evidence_urls = fields.List(Text())
    has_evidence_image = fields.Boolean(
        metadata={"description": "GET …/evidence-image serves it to the reporter and handlers"}
    )
    status = Text()
    referred_to = Text(allow_none=True)
    referral_note = Text(allow_none=True)
    outcome = Text(allow_none=True)
    created_at = LocalDateTime()
    accepted_at = LocalDateTime(allow_none=True)
    referred_at = LocalDateTime(allow_none=True)
    closed_at = LocalDateTime(allow_none=True)
    reporter = fields.Nested(ReporterSchema, allow_none=True)
    history = fields.List(fields.Nested(HistorySchema))


HelpRequestPageSchema = page_schema(HelpRequestSchema, "HelpRequestPage")


class CountsSchema(StrictSchema):
    total = Integer()
    by_status = fields.Dict(keys=Text(), values=Integer())
    by_category = fields.Dict(keys=Text(), values=Integer())


class StationCountsSchema(CountsSchema):
    station_id = Integer()
    station_name = Text()


class HelpFiguresSchema(CountsSchema):
    association_id = Integer()
    stations = fields.List(fields.Nested(StationCountsSchema))
