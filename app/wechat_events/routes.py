"""WeChat's message push (消息推送) for the mini-program, in plain JSON mode.

WeChat signs each push with the token configured in the mini-program console:
signature = sha1(sorted([token, timestamp, nonce])). We refuse unsigned, wrongly signed or stale
pushes, so nobody but WeChat can mark an image as passed."""

import hashlib
import hmac
import time

from flask import current_app, request
from flask_smorest import Blueprint

from app.core.api import public, responds
from app.core.schemas import QuerySchema, Text
from app.errors import Forbidden, NotFound
from app.wechat_events import handlers

blp = Blueprint(
    "wechat_events",
    __name__,
    url_prefix="/api/v1/wechat/events",
    description="WeChat message push (media check verdicts)",
)

MAX_CLOCK_SKEW_SECONDS = 300


class SignatureArgs(QuerySchema):
    signature = Text(required=True)
    timestamp = Text(required=True)
    nonce = Text(required=True)
    echostr = Text()


def check_signature(args: dict) -> None:
    token = current_app.config["WECHAT_PUSH_TOKEN"]
    if not token:
        raise NotFound("Message push is not configured.", code="push_not_configured")
    expected = hashlib.sha1("".join(sorted([token, args["timestamp"], args["nonce"]])).encode())
    if not hmac.compare_digest(expected.hexdigest(), args["signature"]):
        raise Forbidden("The push signature is wrong.", code="push_signature_invalid")
    try:
        skew = abs(time.time() - int(args["timestamp"]))
    except ValueError:
        skew = MAX_CLOCK_SKEW_SECONDS + 1
    if skew > MAX_CLOCK_SKEW_SECONDS:
        raise Forbidden("The push is too old.", code="push_stale")


@blp.route("", methods=["GET"])
@public
@responds(403, 404)
@blp.arguments(SignatureArgs, location="query")
def verify_server(args):
    """WeChat's server check when the push URL is saved: echo `echostr` if signed by us."""
    check_signature(args)
    return args.get("echostr", ""), 200, {"Content-Type": "text/plain"}


@blp.route("", methods=["POST"])
@public
@responds(403, 404)
@blp.arguments(SignatureArgs, location="query")
def receive_event(args):
    """A signed push: dispatch known events, acknowledge the rest (WeChat retries non-success)."""
    check_signature(args)
    event = request.get_json(silent=True) or {}
    handlers.dispatch(event)
    return "success", 200, {"Content-Type": "text/plain"}
