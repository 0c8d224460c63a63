"""Rate limits per account (and per openid at login), never per address alone: a whole station
answers from one Wi-Fi behind one address, so the per-address ceiling is only a flood guard."""

from flask import current_app, g, request
from limits import parse

from app.errors import RateLimited
from app.extensions import limiter


def hit(limit: str, *keys: str) -> bool:
    return limiter.limiter.hit(parse(limit), *keys)


def enforce_request_limits() -> None:
    """before_request, after the bearer user is loaded."""
    if not current_app.config.get("RATELIMIT_ENABLED", True) or request.path.endswith(
        "/openapi.json"
    ):
        return
    cfg = current_app.config
    if not hit(cfg["RATELIMIT_PER_ADDRESS"], "addr", request.remote_addr or "-"):
        raise RateLimited("Too many requests from this network; try again shortly.")
    user = g.get("current_user")
    if user is not None and not hit(cfg["RATELIMIT_PER_ACCOUNT"], "user", str(user.id)):
        raise RateLimited()
