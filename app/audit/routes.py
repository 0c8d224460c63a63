from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.audit import service
from app.core.api import responds
from app.core.auth import administered_association_ids, current_user, is_union_admin
from app.core.schemas import Integer, LocalDateTime, PageArgs, StrictSchema, Text, page_schema
from app.errors import Forbidden

blp = Blueprint(
    "audit", __name__, url_prefix="/api/v1/audit-log", description="Who did what, and when"
)


class AuditEntrySchema(StrictSchema):
    id = Integer()
    actor_id = Integer(allow_none=True)
    action = Text()
    target_type = Text()
    target_id = Integer()
    association_id = Integer(allow_none=True)
    station_id = Integer(allow_none=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)
    created_at = LocalDateTime()


class AuditQuery(PageArgs):
    station_id = Integer(validate=validate.Range(min=1))
    action = Text(validate=validate.Length(max=64))


@blp.route("")
@responds(403)
@blp.arguments(AuditQuery, location="query")
@blp.response(200, page_schema(AuditEntrySchema, "AuditPage"))
def list_audit_log(args):
    """Association admins see their association's entries; union admins see all."""
    user = current_user()
    if is_union_admin(user):
        scope = None
    else:
        scope = administered_association_ids(user)
        if not scope:
            raise Forbidden("The audit log is for association and union admins.")
    return service.list_entries(
        association_ids=scope,
        station_id=args.get("station_id"),
        action=args.get("action"),
        page=args["page"],
        per_page=args["per_page"],
    )
