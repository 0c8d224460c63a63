from flask import request
from flask_smorest import Blueprint

from app.core import contrib
from app.core.api import responds
from app.core.auth import administers_member, current_user, login_required, require_any_role
from app.core.idempotency import idempotent, key_header
from app.core.roles import Role
from app.errors import Forbidden
from app.points import service
from app.points.schemas import (
    AdjustmentSchema,
    EntriesArgs,
    PointEntryPageSchema,
    PointsSummarySchema,
    TransferSchema,
)

blp = Blueprint("points", __name__, url_prefix="/api/v1", description="宝盾 points ledger")


@contrib.profile_section
def points_profile(user) -> dict:
    return {"points_balance": service.balance_of(user.id)}


@contrib.export_section("points")
def points_export(user) -> dict:
    entries = service.entries_page(user_id=user.id, page=1, per_page=100_000)["items"]
    return {
        **service.points_summary(user.id),
        "entries": [
            {
                "amount": e.amount,
                "balance_after": e.balance_after,
                "reason": e.transfer.reason,
                "reference_type": e.transfer.reference_type,
                "reference_id": e.transfer.reference_id,
                "created_at": e.created_at,
            }
            for e in entries
        ],
    }


@blp.route("/me/points")
@blp.response(200, PointsSummarySchema)
@login_required
def my_points():
    """The caller's 宝盾 balance and lifetime totals."""
    return service.points_summary(current_user().id)


@blp.route("/me/points/entries")
@blp.arguments(EntriesArgs, location="query")
@blp.response(200, PointEntryPageSchema)
@login_required
def my_entries(args):
    """The caller's ledger lines, newest first, with reason and reference."""
    return service.entries_page(user_id=current_user().id, **args)


@blp.route("/admin/points/adjustments", methods=["POST"])
@responds(403, 404)
@blp.arguments(AdjustmentSchema)
@blp.response(201, TransferSchema)
@blp.doc(parameters=[key_header(required=True)])
@idempotent(TransferSchema, status=201)
def create_adjustment(body):
    """Award (amount > 0) or claw back (amount < 0) points; needs an Idempotency-Key header.
    A claw-back never takes a wallet below zero (409 insufficient_points). An association admin
    adjusts only users who belong to their association (403 user_outside_association)."""
    admin = require_any_role(Role.ASSOCIATION_ADMIN)
    # Checked before anything is read or written, and the same answer for an unknown user, so
    # a foreign admin learns neither the balance nor whether the id exists.
    if not administers_member(admin, body["user_id"], level="association"):
        raise Forbidden(
            "This user does not belong to a station of your association.",
            code="user_outside_association",
        )
    key = request.headers["Idempotency-Key"].strip()
    result = service.adjustment_step(
        **body, admin_id=admin.id, idempotency_key=f"adjustment:{admin.id}:{key}"
    )
    return {
        "transfer": result.transfer,
        "user_id": body["user_id"],
        "amount": body["amount"],
        "balance": service.balance_of(body["user_id"]),
    }
