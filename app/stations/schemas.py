from marshmallow import fields, validate

from app.core.schemas import Integer, LocalDateTime, PageArgs, QuerySchema, StrictSchema, Text
from app.stations.models import PlaceType, StationKind

KINDS = [k.value for k in StationKind]
PLACE_TYPES = [p.value for p in PlaceType]
PHONE = validate.Regexp(r"^[0-9+\-() ]{5,20}$", error="5-20 digits, spaces, +, - or ().")


def text(max_length: int, **kwargs):
    return Text(validate=validate.Length(min=1, max=max_length), **kwargs)


class AssociationCreateSchema(StrictSchema):
    name = text(100, required=True)
    region = text(64, required=True)


class AssociationSchema(StrictSchema):
    id = Integer()
    name = Text()
    region = Text()
    created_at = LocalDateTime()


class StationFieldsMixin:
    place_type = Text(validate=validate.OneOf(PLACE_TYPES))
    district = text(64, allow_none=True)
    address = text(255, allow_none=True)
    contact_name = text(64, allow_none=True)
    contact_phone = Text(validate=PHONE, allow_none=True)
    opening_hours = text(255, allow_none=True)
    party_member_post = fields.Boolean()


class StationCreateSchema(StationFieldsMixin, StrictSchema):
    association_id = Integer(
        validate=validate.Range(min=1),
        metadata={"description": "Required unless kind is sub_station (then the parent's)."},
    )
    parent_id = Integer(validate=validate.Range(min=1), allow_none=True)
    kind = Text(required=True, validate=validate.OneOf(KINDS))
    name = text(100, required=True)


class StationUpdateSchema(StationFieldsMixin, StrictSchema):
    name = text(100)


class SuspendSchema(StrictSchema):
    reason = text(255, required=True)


class StationQuery(PageArgs):
    q = Text(
        validate=validate.Length(max=100),
        metadata={"description": "Keyword in the name, district or address (any case)"},
    )
    district = Text(validate=validate.Length(max=64))
    kind = Text(validate=validate.OneOf(KINDS))
    association_id = Integer(validate=validate.Range(min=1))
    parent_id = Integer(validate=validate.Range(min=1))
    status = Text(
        load_default="active",
        validate=validate.OneOf(["active", "suspended", "all"]),
        metadata={"description": "suspended/all list suspended stations only to their admins"},
    )


class StationSchema(StrictSchema):
    """Public fields: what anyone sees in the directory."""

    id = Integer()
    association_id = Integer()
    parent_id = Integer(allow_none=True)
    name = Text()
    kind = Text()
    place_type = Text()
    status = Text()
    district = Text(allow_none=True)
    address = Text(allow_none=True)
    opening_hours = Text(allow_none=True)
    party_member_post = fields.Boolean()
    created_at = LocalDateTime()


class StationAdminSchema(StationSchema):
    """What the station's admins see besides the public fields."""

    contact_name = Text(allow_none=True)
    contact_phone = Text(allow_none=True)
    scene = Text(allow_none=True)
    suspended_at = LocalDateTime(allow_none=True)
    suspend_reason = Text(allow_none=True)
    updated_at = LocalDateTime(allow_none=True)
    is_admin = fields.Boolean()


class SceneSchema(StrictSchema):
    scene = Text()


class InviteCreateSchema(StrictSchema):
    expires_in_hours = Integer(validate=validate.Range(min=1, max=168))


class InviteSchema(StrictSchema):
    invite_code = Text()
    station_id = Integer()
    expires_at = LocalDateTime()


class AssociationInviteSchema(StrictSchema):
    invite_code = Text(metadata={"description": "shown only in this answer"})
    association_id = Integer()
    expires_at = LocalDateTime()


class InviteEntrySchema(StrictSchema):
    id = Integer()
    role = Text(metadata={"description": "station_admin or association_admin"})
    station_id = Integer(allow_none=True)
    association_id = Integer(allow_none=True)
    status = Text(metadata={"description": "pending, claimed, expired or revoked"})
    issued_by_id = Integer(allow_none=True)
    created_at = LocalDateTime()
    expires_at = LocalDateTime()
    claimed_by_id = Integer(allow_none=True)
    claimed_at = LocalDateTime(allow_none=True)
    revoked_at = LocalDateTime(allow_none=True)


class ClaimSchema(StrictSchema):
    invite_code = Text(required=True, validate=validate.Length(min=1, max=64))


class ClaimResultSchema(StationAdminSchema):
    """A station claim answers the station (as its admins see it); an association claim
    answers `role` and the association."""

    role = Text(metadata={"description": "station_admin or association_admin"})
    association = fields.Nested(AssociationSchema, allow_none=True)


class StationAdminEntrySchema(StrictSchema):
    user_id = Integer()
    nickname = Text(allow_none=True)
    granted_at = LocalDateTime()
    granted_by_id = Integer(allow_none=True)


class RemoveAdminQuery(QuerySchema):
    reason = Text(load_default="removed by an admin", validate=validate.Length(min=1, max=255))
