"""Log in with WeChat, issue and check the app's bearer tokens."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from app.auth.errors import TokenInvalid
from app.auth.models import AuthToken
from app.core.time import utcnow
from app.core.transactions import use_case
from app.core.wechat import wechat
from app.errors import AppError, RateLimited, ServiceUnavailable, Unauthorized
from app.extensions import db, limiter
from app.users import service as users
from app.users.models import User
from app.wechat import WeChatError, WeChatUnavailable

# WeChat's code2Session errors, mapped to answers the mini-program can act on.
LOGIN_ERRORS = {
    40029: (400, "wechat_code_invalid", "The login code is invalid or already used; log in again."),
    45011: (429, "wechat_rate_limited", "Too many logins from this account; wait a minute."),
    40226: (403, "wechat_high_risk_user", "WeChat marks this account as high risk; login refused."),
    -1: (503, "wechat_busy", "WeChat is busy; try again shortly."),
}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, user: User) -> tuple[str, int]:
    """Create a bearer token for the user; only its hash is stored. Flushes, no commit."""
    token = secrets.token_urlsafe(32)
    ttl = current_app.config["TOKEN_TTL_SECONDS"]
    db.session.add(
        AuthToken(
            user_id=user.id,
            token_hash=hash_token(token),
            expires_at=utcnow() + timedelta(seconds=ttl),
        )
    )
    db.session.flush()
    return token, ttl


def exchange_code(*, code: str) -> dict:
    """code2Session through the WeChat client, with its errors mapped to AppErrors."""
    try:
        return wechat().code_to_session(code)
    except WeChatUnavailable:
        raise ServiceUnavailable(
            "WeChat cannot be reached; try again shortly.", code="wechat_unreachable"
        ) from None
    except WeChatError as error:
        status, code_name, message = LOGIN_ERRORS.get(
            error.errcode, (502, "wechat_error", "WeChat refused the login.")
        )
        raise AppError(
            message, code=code_name, status=status, details={"errcode": error.errcode}
        ) from None


def check_login_rate(openid: str) -> None:
    """Per-openid login limit, counted in the shared limiter storage (not per address)."""
    from limits import parse

    item = parse(current_app.config["RATELIMIT_LOGIN_PER_OPENID"])
    if not limiter.limiter.hit(item, "login-openid", openid):
        raise RateLimited("Too many logins for this account; wait a minute.")


def login_with_wechat(*, code: str, scene: str | None = None) -> dict:
    """Exchange a wx.login code for the app's token; creates the user on first login.
    The WeChat session_key is never stored in a response or a log."""
    # WeChat is asked once, outside the unit of work: a code is single-use, so a retried
    # transaction must not spend it again.
    session = exchange_code(code=code)
    check_login_rate(session["openid"])
    return open_session(openid=session["openid"], unionid=session.get("unionid"), scene=scene)


@use_case
def open_session(*, openid: str, unionid: str | None, scene: str | None) -> dict:
    """Find or create the user of this openid, note the entrance and issue a token."""
    user = users.get_or_create_by_openid(openid=openid, unionid=unionid)
    if scene:
        users.note_entrance(user=user, scene=scene)
    user.last_login_at = utcnow()
    token, ttl = issue_token(user=user)
    return {"token": token, "expires_in": ttl, "user": user}


def user_for_token(token: str) -> User:
    """The live user holding this token, or Unauthorized (unknown, expired, revoked)."""
    row = db.session.scalar(select(AuthToken).where(AuthToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        raise TokenInvalid()
    if row.expires_at <= utcnow():
        raise Unauthorized("The token has expired; log in again.", code="token_expired")
    user = db.session.get(User, row.user_id)
    if user is None or user.deleted_at is not None:
        raise TokenInvalid("The account no longer exists.")
    return user


@use_case
def revoke_token(*, token: str) -> None:
    """Revoke one token (logout)."""
    db.session.execute(
        update(AuthToken)
        .where(AuthToken.token_hash == hash_token(token), AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_all_tokens(*, user_id: int) -> None:
    """Revoke every token of a user (account deletion, role removal). Flushes, no commit."""
    db.session.execute(
        update(AuthToken)
        .where(AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
