from flask_smorest import Blueprint

from app.core.api import responds
from app.core.auth import login_required
from app.stations.access import require_association_admin
from app.targets import service
from app.targets.schemas import FiguresSchema, TargetsBody, TargetsSchema

blp = Blueprint(
    "targets",
    __name__,
    url_prefix="/api/v1/associations",
    description="Recruitment targets (招募计划) of an association and progress against them",
)


@blp.route("/<int:association_id>/recruitment-targets")
@responds(403)
@blp.response(200, TargetsSchema)
@login_required
def get_targets(association_id):
    """The association's recruitment targets by milestone date."""
    require_association_admin(association_id)
    return service.get_targets(association_id=association_id)


@blp.route("/<int:association_id>/recruitment-targets", methods=["PUT"])
@responds(403)
@blp.arguments(TargetsBody)
@blp.response(200, TargetsSchema)
@login_required
def put_targets(body, association_id):
    """Replace the association's recruitment targets."""
    admin = require_association_admin(association_id)
    return service.set_targets(
        association_id=association_id,
        counting_from=body["counting_from"],
        milestones=body["milestones"],
        by=admin,
    )


@blp.route("/<int:association_id>/recruitment-figures")
@responds(403)
@blp.response(200, FiguresSchema)
@login_required
def get_figures(association_id):
    """Publicists, lecturers, stations, education bases and volunteers against each milestone."""
    require_association_admin(association_id)
    return service.figures(association_id=association_id)
