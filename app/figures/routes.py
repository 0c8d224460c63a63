from flask_smorest import Blueprint

from app.core.api import responds
from app.core.auth import current_user, is_union_admin, login_required
from app.errors import Forbidden
from app.figures import service
from app.figures.schemas import DashboardFiguresSchema, FiguresArgs
from app.stations.access import require_association_admin

blp = Blueprint(
    "figures",
    __name__,
    url_prefix="/api/v1",
    description="Dashboard figures of an association or the country (web console)",
)


@blp.route("/associations/<int:association_id>/figures")
@responds(403)
@blp.response(200, DashboardFiguresSchema)
@login_required
def association_figures(association_id: int):
    """The association's last 12 months: new volunteers, verified minutes, quiz attempts and
    participants, 宝盾 issued and redeemed, stations by kind and status, recruitment targets
    (its admins, the union)."""
    require_association_admin(association_id)
    return service.figures(association_id=association_id)


@blp.route("/figures")
@responds(403, 404)
@blp.arguments(FiguresArgs, location="query")
@blp.response(200, DashboardFiguresSchema)
@login_required
def country_figures(args):
    """The country's figures (the union); `?association_id=` drills down to one association
    (its admins may ask for theirs)."""
    if args.get("association_id") is not None:
        require_association_admin(args["association_id"])
        return service.figures(association_id=args["association_id"])
    if not is_union_admin(current_user()):
        raise Forbidden("The country's figures are for the union's admins.")
    return service.figures(association_id=None)
