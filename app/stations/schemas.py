from marshmallow import ValidationError, fields, post_load, validate, validates_schema

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
    latitude = fields.Float(
        allow_none=True,
        validate=validate.Range(min=-90, max=90),
        metadata={"description": "GCJ-02, as wx.chooseLocation returns it; with longitude"},
    )
    longitude = fields.Float(
        allow_none=True,
        validate=validate.Range(min=-180, max=180),
        metadata={"description": "GCJ-02; with latitude"},
    )

    @validates_schema
    def coordinates_together(self, data, **kwargs):
        given = {name: data.get(name) is not None for name in ("latitude", "longitude")}
        named = {name: name in data for name in given}
        if given["latitude"] != given["longitude"] or named["latitude"] != named["longitude"]:
            # Name the one that is absent or null, so the form marks the right field.
            missing = "longitude" if given["latitude"] else "latitude"
            raise ValidationError("Give latitude and longitude together.", missing)


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


NEAR = validate.Regexp(
    r"^-?[0-9]{1,2}(\.[0-9]{1,8})?,-?[0-9]{1,3}(\.[0-9]{1,8})?$",
    error="Give near as latitude,longitude in degrees, e.g. 31.2304,121.4737.",
)


class StationQuery(PageArgs):
    near = Text(
        validate=NEAR,
        metadata={"description": "lat,lng (GCJ-02): order by distance and show it in metres"},
    )
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

    @post_load
    def parse_near(self, data, **kwargs):
        if "near" in data:
            lat, lng = (float(part) for part in data["near"].split(","))
            if not (-90 <= lat <= 90 and -180 <= lng <= 180):
                raise ValidationError("Latitude is within ±90 and longitude ±180.", "near")
            data["near"] = (lat, lng)
        return data


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
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    distance_m = Integer(
        allow_none=True,
        metadata={"description": "Metres from `near`, when asked and the station has coordinates"},
    )
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
