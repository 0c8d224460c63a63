from flask import Response, jsonify
from flask_smorest import Blueprint

from app.core.api import file_response, public, responds
from app.core.auth import current_user, is_union_admin, require_any_role
from app.core.pagination import page_of_list
from app.core.schemas import PageArgs, page_schema
from app.errors import Forbidden
from app.extensions import db
from app.stations import access, invites, qrcode, service
from app.stations.models import Association, Station
from app.stations.schemas import (
    AssociationCreateSchema,
    AssociationInviteSchema,
    AssociationSchema,
    ClaimResultSchema,
    ClaimSchema,
    InviteCreateSchema,
    InviteEntrySchema,
    InviteSchema,
    RemoveAdminQuery,
    SceneSchema,
    StationAdminEntrySchema,
    StationAdminSchema,
    StationCreateSchema,
    StationQuery,
    StationSchema,
    StationUpdateSchema,
    SuspendSchema,
)
from app.users.models import Role

blp = Blueprint(
    "stations",
    __name__,
    url_prefix="/api/v1",
    description="Associations, stations, education bases, sub-stations and their admins",
)


def station_view(station, *, is_admin: bool) -> dict:
    """Public fields for everyone; admin fields (contact, scene …) for its admins only."""
    if not is_admin:
        return StationSchema().dump(station)
    data = {name: getattr(station, name, None) for name in StationAdminSchema().fields}
    data.update(scene=service.station_scene(station), is_admin=True)
    return StationAdminSchema().dump(data)


# ----- associations -----


@blp.route("/associations", methods=["POST"])
@responds(403, 409)
@blp.arguments(AssociationCreateSchema)
@blp.response(201, AssociationSchema)
def create_association(body):
    """Create an association (union admins)."""
    user = current_user()
    if not is_union_admin(user):
        raise Forbidden("Only union admins create associations.")
    return service.create_association(actor=user, name=body["name"], region=body["region"])


@blp.route("/associations")
@public
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(AssociationSchema, "AssociationPage"))
def list_associations(args):
    """Every association (public)."""
    return service.list_associations(page=args["page"], per_page=args["per_page"])


@blp.route("/associations/<int:association_id>")
@public
@blp.response(200, AssociationSchema)
def get_association(association_id: int):
    """One association (public)."""
    return service.get_association(association_id)


# ----- stations -----


@blp.route("/stations", methods=["POST"])
@responds(403, 409)
@blp.arguments(StationCreateSchema)
@blp.response(201, StationAdminSchema)
def create_station(body):
    """Create a service station or education base (association admins of association_id), or a
    sub-station (also the admins of its parent station)."""
    user = require_any_role(Role.ASSOCIATION_ADMIN, Role.STATION_ADMIN)
    kind = body.pop("kind")
    parent_id = body.pop("parent_id", None)
    association_id = body.pop("association_id", None)
    target = association_id
    if target is None and parent_id is not None:
        parent = db.session.get(Station, parent_id)
        target = parent.association_id if parent else None
    # With no known association the placement check below answers (422) instead.
    if target is not None and not access.may_create_station(
        user, association_id=target, parent_id=parent_id
    ):
        raise Forbidden("You may not create stations here.")
    association_id, parent = service.resolve_placement(
        kind=kind, association_id=association_id, parent_id=parent_id
    )
    station = service.create_station(
        actor=user, association_id=association_id, parent=parent, kind=kind, values=body
    )
    return jsonify(station_view(station, is_admin=True)), 201


@blp.route("/stations")
@public
@blp.arguments(StationQuery, location="query")
@blp.response(200, page_schema(StationSchema, "StationPage"))
def list_stations(args):
    """The station directory, public fields only; active stations unless status says else."""
    return service.list_stations(
        viewer=access.optional_user(),
        q=args.get("q"),
        district=args.get("district"),
        kind=args.get("kind"),
        association_id=args.get("association_id"),
        parent_id=args.get("parent_id"),
        status=args["status"],
        page=args["page"],
        per_page=args["per_page"],
        near=args.get("near"),
    )


@blp.route("/stations/<int:station_id>")
@public
@blp.response(200, StationAdminSchema)
def get_station(station_id: int):
    """A station: public fields for anyone, admin fields for its admins."""
    station, is_admin = access.visible_station(station_id)
    return jsonify(station_view(station, is_admin=is_admin))


@blp.route("/stations/<int:station_id>", methods=["PATCH"])
@responds(403)
@blp.arguments(StationUpdateSchema)
@blp.response(200, StationAdminSchema)
def update_station(changes, station_id: int):
    """Edit a station's descriptive fields (its admins)."""
    user, station = access.station_for_admin(station_id)
    station = service.update_station(actor=user, station=station, changes=changes)
    return jsonify(station_view(station, is_admin=True))


@blp.route("/stations/<int:station_id>/suspend", methods=["POST"])
@responds(403, 409)
@blp.arguments(SuspendSchema)
@blp.response(200, StationAdminSchema)
def suspend_station(body, station_id: int):
    """Suspend a station (those above it); hidden from the public, kept for its admins."""
    user, station = access.station_for_governor(station_id)
    station = service.suspend_station(actor=user, station=station, reason=body["reason"])
    return jsonify(station_view(station, is_admin=True))


@blp.route("/stations/<int:station_id>/reopen", methods=["POST"])
@responds(403, 409)
@blp.response(200, StationAdminSchema)
def reopen_station(station_id: int):
    """Reopen a suspended station (those above it)."""
    user, station = access.station_for_governor(station_id)
    station = service.reopen_station(actor=user, station=station)
    return jsonify(station_view(station, is_admin=True))


@blp.route("/stations/<int:station_id>/scene/rotate", methods=["POST"])
@responds(403)
@blp.response(200, SceneSchema)
def rotate_scene(station_id: int):
    """Issue a new station code; the old scene answers 410 from now on (its admins)."""
    user, station = access.station_for_admin(station_id)
    return {"scene": service.rotate_station_scene(actor=user, station=station)}


@blp.route("/stations/<int:station_id>/qrcode")
@responds(403, 503)
@file_response("image/png", description="The station's mini-program code.")
def station_qrcode(station_id: int):
    """PNG of the station's mini-program code (its admins); 503 when WeChat is unreachable."""
    _, station = access.station_for_admin(station_id)
    scene, png = qrcode.station_qrcode(station=station)
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["ETag"] = f'"{scene}"'
    return response


# ----- station admins -----


@blp.route("/stations/<int:station_id>/admins")
@responds(403)
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(StationAdminEntrySchema, "StationAdminPage"))
def list_station_admins(args, station_id: int):
    """The station's admins (its admins and those above)."""
    _, station = access.station_for_admin(station_id)
    return page_of_list(invites.list_admins(station=station), **args)


@blp.route("/stations/<int:station_id>/admins/<int:user_id>", methods=["DELETE"])
@responds(403)
@blp.arguments(RemoveAdminQuery, location="query")
@blp.response(204)
def remove_station_admin(args, station_id: int, user_id: int):
    """Remove an admin (those above the station); the role grant is revoked with the reason."""
    actor, station = access.station_for_governor(station_id)
    invites.remove_admin(actor=actor, station=station, user_id=user_id, reason=args["reason"])
    return ""


@blp.route("/stations/<int:station_id>/admin-invites", methods=["POST"])
@responds(403, 409)
@blp.arguments(InviteCreateSchema)
@blp.response(201, InviteSchema)
def issue_admin_invite(body, station_id: int):
    """A one-time admin invite code (those above the station), shown only in this answer."""
    actor, station = access.station_for_governor(station_id)
    code, invite = invites.issue_invite(
        actor=actor, station=station, ttl_hours=body.get("expires_in_hours")
    )
    return {"invite_code": code, "station_id": station.id, "expires_at": invite.expires_at}


@blp.route("/stations/<int:station_id>/admin-invites")
@responds(403)
@blp.response(200, InviteEntrySchema(many=True))
def list_station_admin_invites(station_id: int):
    """The station's admin invites with their status, newest first (never the codes); for
    those who may issue them."""
    _, station = access.station_for_governor(station_id)
    return invites.list_invites(station=station)


@blp.route("/associations/<int:association_id>/admin-invites", methods=["POST"])
@responds(403)
@blp.arguments(InviteCreateSchema)
@blp.response(201, AssociationInviteSchema)
def issue_association_admin_invite(body, association_id: int):
    """A one-time association admin invite code (the association's admins, the union), shown
    only in this answer; claimed through POST /api/v1/admin-invites/claim."""
    actor = access.require_association_admin(association_id)
    association = db.session.get(Association, association_id)
    code, invite = invites.issue_association_invite(
        actor=actor, association=association, ttl_hours=body.get("expires_in_hours")
    )
    return {"invite_code": code, "association_id": association.id, "expires_at": invite.expires_at}


@blp.route("/associations/<int:association_id>/admin-invites")
@responds(403)
@blp.response(200, InviteEntrySchema(many=True))
def list_association_admin_invites(association_id: int):
    """The association's admin invites with their status, newest first (never the codes)."""
    access.require_association_admin(association_id)
    return invites.list_invites(association=db.session.get(Association, association_id))


@blp.route("/admin-invites/<int:invite_id>", methods=["DELETE"])
@responds(403, 409)
@blp.response(204)
def revoke_admin_invite(invite_id: int):
    """Withdraw an open invite (station or association); 409 invite_closed once claimed or
    withdrawn."""
    invites.revoke_invite(actor=current_user(), invite_id=invite_id, may_govern=access.may_govern)
    return ""


@blp.route("/admin-invites/claim", methods=["POST"])
@responds(404, 409, 410)
@blp.arguments(ClaimSchema)
@blp.response(200, ClaimResultSchema)
def claim_admin_invite(body):
    """Claim an invite code: the logged-in user becomes that station's admin (answered with the
    station) or that association's admin (answered with `role` and `association`)."""
    role, where = invites.claim_invite(user=current_user(), code=body["invite_code"])
    if role == Role.ASSOCIATION_ADMIN:
        return jsonify({"role": role, "association": AssociationSchema().dump(where)})
    return jsonify({**station_view(where, is_admin=True), "role": role, "association": None})
