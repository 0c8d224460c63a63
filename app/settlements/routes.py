from flask_smorest import Blueprint

from app.core.api import responds
from app.core.auth import (
    administered_association_ids,
    current_user,
    is_union_admin,
    login_required,
    require_any_role,
)
from app.core.pagination import paginate
from app.core.schemas import page_schema
from app.errors import Forbidden, ValidationFailed
from app.settlements import engine, service
from app.settlements.schemas import (
    SettlementQuerySchema,
    SettlementRunSchema,
    StartSettlementSchema,
)
from app.stations.access import require_association_admin
from app.users.models import Role

blp = Blueprint(
    "settlements",
    __name__,
    url_prefix="/api/v1/admin/settlements",
    description="Settlement runs: start one, follow its progress",
)


def _may_see(run) -> None:
    user = current_user()
    if run.association_id is None:
        if not is_union_admin(user):
            raise Forbidden("Only union admins see platform-wide settlements.")
        return
    require_association_admin(run.association_id)


@blp.route("", methods=["POST"])
@responds(403, 404)
@blp.arguments(StartSettlementSchema)
@blp.response(202, SettlementRunSchema)
@login_required
def start_settlement(body):
    """Start a settlement run of a kind over a scope; the same kind and scope returns the
    existing run. Association admins settle their own association."""
    user = current_user()
    association_id = body["association_id"]
    if association_id is None and not is_union_admin(user):
        require_any_role(Role.ASSOCIATION_ADMIN)
        raise ValidationFailed(
            details={"fields": {"association_id": ["Missing data for required field."]}}
        )
    if association_id is not None:
        require_association_admin(association_id)
    if body["kind"] not in engine.load_kinds():
        raise ValidationFailed(
            details={"fields": {"kind": [f"Unknown kind; one of {sorted(engine.load_kinds())}."]}}
        )
    run = service.start_run(
        kind=body["kind"],
        scope=body["scope"],
        association_id=association_id,
        created_by_id=user.id,
    )
    return service.describe_run(run)


@blp.route("")
@responds(403)
@blp.arguments(SettlementQuerySchema, location="query")
@blp.response(200, page_schema(SettlementRunSchema, "SettlementRunPage"))
@login_required
def list_settlements(args):
    """Runs the caller may see, newest first."""
    user = require_any_role(Role.ASSOCIATION_ADMIN)
    scope = None if is_union_admin(user) else administered_association_ids(user)
    page = paginate(
        service.list_runs(association_ids=scope, kind=args["kind"]),
        page=args["page"],
        per_page=args["per_page"],
    )
    return {**page, "items": [service.describe_run(run) for run in page["items"]]}


@blp.route("/<int:run_id>")
@responds(403)
@blp.response(200, SettlementRunSchema)
@login_required
def get_settlement(run_id: int):
    """Status, progress, totals, failures and alerts of a run."""
    run = service.get_run(run_id)
    _may_see(run)
    return service.describe_run(run)


@blp.route("/<int:run_id>/retry", methods=["POST"])
@responds(403, 409, 422)
@blp.response(202, SettlementRunSchema)
@login_required
def retry_settlement(run_id: int):
    """Put a failed run's failed chunks back to work, once their cause is fixed."""
    run = service.get_run(run_id)
    _may_see(run)
    return service.describe_run(service.retry_failed(run=run))
