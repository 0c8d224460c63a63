from flask import Response, request
from flask_smorest import Blueprint
from sqlalchemy import select

from app.core.api import file_response, public, responds
from app.core.auth import current_user, login_required
from app.core.idempotency import idempotent, key_header
from app.core.pagination import paginate
from app.core.schemas import PageArgs
from app.gifts import catalog, export, service
from app.gifts import reconcile as _reconcile  # noqa: F401  (registers the stock checks)
from app.gifts.errors import RedemptionNotFound
from app.gifts.models import Redemption
from app.gifts.schemas import (
    FulfilSchema,
    GiftCreateSchema,
    GiftListArgs,
    GiftPageSchema,
    GiftSchema,
    GiftUpdateSchema,
    RedeemSchema,
    RedemptionExportArgs,
    RedemptionListArgs,
    RedemptionPageSchema,
    RedemptionSchema,
    StationRedemptionPageSchema,
    StationRedemptionSchema,
    StockAdjustmentSchema,
    StockLogPageSchema,
)
from app.stations.access import require_station_admin
from app.stations.models import Station

blp = Blueprint("gifts", __name__, url_prefix="/api/v1", description="Gifts and redemptions")
KEY_HEADER = [key_header(required=True)]
OPTIONAL_KEY = [key_header(required=False)]


@blp.route("/gifts")
@public
@blp.arguments(GiftListArgs, location="query")
@blp.response(200, GiftPageSchema)
def list_gifts(args):
    """Gifts redeemable now; filter by pickup station or association."""
    statement = catalog.list_gifts(
        station_id=args.get("station_id"), association_id=args.get("association_id"), now=None
    )
    return paginate(statement, page=args["page"], per_page=args["per_page"])


@blp.route("/gifts/<int:gift_id>")
@public
@blp.response(200, GiftSchema)
def get_gift(gift_id):
    """One gift."""
    return catalog.get_gift(gift_id)


@blp.route("/gifts", methods=["POST"])
@responds(403)
@blp.arguments(GiftCreateSchema)
@blp.response(201, GiftSchema)
@blp.doc(parameters=OPTIONAL_KEY)
@idempotent(GiftSchema, status=201, required=False)
def create_gift(body):
    """Add a gift to the catalog (admins of its scope); the initial stock is logged."""
    return catalog.create_gift_step(actor=current_user(), data=body)


@blp.route("/gifts/<int:gift_id>", methods=["PATCH"])
@responds(403)
@blp.arguments(GiftUpdateSchema)
@blp.response(200, GiftSchema)
@blp.doc(parameters=OPTIONAL_KEY)
@idempotent(GiftSchema, required=False)
def update_gift(body, gift_id):
    """Change a gift's details, price, limit, active window or pickup stations."""
    return catalog.update_gift_step(actor=current_user(), gift_id=gift_id, changes=body)


@blp.route("/gifts/<int:gift_id>/stock-adjustments", methods=["POST"])
@responds(403)
@blp.arguments(StockAdjustmentSchema)
@blp.response(201, GiftSchema)
@blp.doc(parameters=KEY_HEADER)
@idempotent(GiftSchema, status=201)
def adjust_stock(body, gift_id):
    """Restock or write off units (never below zero); needs an Idempotency-Key; logged."""
    return catalog.adjust_stock_step(actor=current_user(), gift_id=gift_id, **body)


@blp.route("/gifts/<int:gift_id>/stock-log")
@responds(403)
@blp.arguments(PageArgs, location="query")
@blp.response(200, StockLogPageSchema)
@login_required
def gift_stock_log(args, gift_id):
    """Every change of the gift's stock, oldest first (gift managers)."""
    statement = catalog.stock_log(actor=current_user(), gift_id=gift_id)
    return paginate(statement, page=args["page"], per_page=args["per_page"])


@blp.route("/gifts/<int:gift_id>/stock-adjustments")
@responds(403)
@blp.arguments(PageArgs, location="query")
@blp.response(200, StockLogPageSchema)
@login_required
def gift_stock_adjustments(args, gift_id):
    """The stock log under the adjustments' own path (the same as /gifts/{id}/stock-log):
    every change of the gift's stock, oldest first (gift managers)."""
    statement = catalog.stock_log(actor=current_user(), gift_id=gift_id)
    return paginate(statement, page=args["page"], per_page=args["per_page"])


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/redemptions.xlsx")
@responds(403, 404)
@blp.arguments(RedemptionExportArgs, location="query")
@file_response(XLSX, description="Redemptions with Chinese headers; no pickup codes.")
@login_required
def redemptions_xlsx(args):
    """Redemptions as XLSX: `?station_id=` for one station (its admins, its association's, the
    union), else every station the asker administers; `?status=`."""
    data = export.redemptions_xlsx(station_id=args.get("station_id"), status=args.get("status"))
    response = Response(data, mimetype=XLSX)
    response.headers["Content-Disposition"] = 'attachment; filename="redemptions.xlsx"'
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/gifts/<int:gift_id>/redemptions", methods=["POST"])
@blp.arguments(RedeemSchema)
@blp.response(201, RedemptionSchema)
@blp.doc(parameters=KEY_HEADER)
@idempotent(RedemptionSchema, status=201)
def redeem(body, gift_id):
    """Redeem a gift: points and stock are taken together or not at all; returns the pickup
    code. Errors: insufficient_points, out_of_stock, limit_reached, gift_inactive (409)."""
    return service.redeem_step(
        user_id=current_user().id,
        gift_id=gift_id,
        idempotency_key="http:" + request.headers["Idempotency-Key"].strip(),
        **body,
    )


@blp.route("/me/redemptions")
@blp.arguments(RedemptionListArgs, location="query")
@blp.response(200, RedemptionPageSchema)
@login_required
def my_redemptions(args):
    """The caller's redemptions with their pickup codes, newest first."""
    statement = select(Redemption).where(Redemption.user_id == current_user().id)
    if args.get("status"):
        statement = statement.where(Redemption.status == args["status"])
    return paginate(
        statement.order_by(Redemption.id.desc()), page=args["page"], per_page=args["per_page"]
    )


@blp.route("/redemptions/<int:redemption_id>")
@blp.response(200, RedemptionSchema)
@login_required
def get_redemption(redemption_id):
    """One of the caller's redemptions."""
    redemption = service.get_redemption(redemption_id)
    if redemption.user_id != current_user().id:
        raise RedemptionNotFound()
    return redemption


@blp.route("/redemptions/<int:redemption_id>/cancel", methods=["POST"])
@responds(422)
@blp.response(200, RedemptionSchema)
@blp.doc(parameters=OPTIONAL_KEY)
@idempotent(RedemptionSchema, required=False)
def cancel_redemption(redemption_id):
    """Cancel a pending redemption: points and stock come back, exactly once."""
    return service.cancel_step(redemption_id=redemption_id, user_id=current_user().id)


@blp.route("/stations/<int:station_id>/redemptions")
@responds(403)
@blp.arguments(RedemptionListArgs, location="query")
@blp.response(200, StationRedemptionPageSchema)
@login_required
def station_redemptions(args, station_id):
    """Redemptions to be picked up at a station (its admins), without their codes."""
    require_station_admin(station_id)
    statement = select(Redemption).where(Redemption.pickup_station_id == station_id)
    if args.get("status"):
        statement = statement.where(Redemption.status == args["status"])
    return paginate(
        statement.order_by(Redemption.id.desc()), page=args["page"], per_page=args["per_page"]
    )


@blp.route("/stations/<int:station_id>/redemptions/fulfil", methods=["POST"])
@responds(403)
@blp.arguments(FulfilSchema)
@blp.response(200, StationRedemptionSchema)
@blp.doc(parameters=OPTIONAL_KEY)
@idempotent(StationRedemptionSchema, required=False)
def fulfil_redemption(body, station_id):
    """Hand a gift over at this station for its pickup code (that station's admins only); a
    code from another station, used, cancelled or expired is refused (pickup_code_invalid)."""
    station: Station = require_station_admin(station_id)
    return service.fulfil_step(
        station_id=station.id, pickup_code=body["pickup_code"], admin_id=current_user().id
    )
