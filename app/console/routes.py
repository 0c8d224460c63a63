from flask import Response, jsonify
from flask_smorest import Blueprint

from app.console import service
from app.console.schemas import ConfirmResultSchema, TicketCreatedSchema, TicketStatusSchema
from app.core.api import file_response, public, responds
from app.core.auth import current_user
from app.users.routes import me_response

blp = Blueprint(
    "console",
    __name__,
    url_prefix="/api/v1/console",
    description="Web console login by scanning a mini-program code (扫码登录)",
)


@blp.route("/login-tickets", methods=["POST"])
@public
@blp.response(201, TicketCreatedSchema)
def request_ticket():
    """A login ticket for the console's login page: poll with `ticket`, show `scene`'s code.
    Rate-limited per address."""
    service.check_request_rate()
    secret, ticket = service.request_ticket()
    return {"ticket": secret, "scene": ticket.scene, "expires_at": ticket.expires_at}, 201


@blp.route("/login-tickets/<string:ticket>")
@public
@blp.response(200, TicketStatusSchema)
def poll_ticket(ticket: str):
    """The ticket's status; the first poll after the admin confirmed also returns
    `{token, expires_in, user}` (a console session) and the ticket becomes `used`."""
    answer = service.poll(ticket=ticket)
    if "user" in answer:
        # Like GET /me: the profile keeps the domain sections MeSchema does not name.
        dumped = TicketStatusSchema(exclude=("user",)).dump(answer)
        return jsonify({**dumped, "user": me_response(answer["user"])})
    return answer


@blp.route("/login-tickets/<string:ticket>/qrcode")
@public
@responds(410, 503)
@file_response("image/png", description="The ticket's mini-program code.")
def ticket_qrcode(ticket: str):
    """PNG of the mini-program code that opens the confirm page for this ticket."""
    png = service.ticket_qrcode(ticket=ticket)
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/login-tickets/<string:scene>/confirm", methods=["POST"])
@responds(400, 403, 409, 410)
@blp.response(200, ConfirmResultSchema)
def confirm_ticket(scene: str):
    """The scanning admin (station, association or union) confirms the login with their own
    token: 403 console_admin_only, 410 login_ticket_expired, 409 login_ticket_used or
    too_many_console_sessions."""
    service.confirm(user=current_user(), scene=scene)
    return {"status": "confirmed"}
