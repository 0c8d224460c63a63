"""Log in with WeChat, issue and check the app's bearer tokens."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, has_request_context, request
from limits import parse
from sqlalchemy import func, select, update

from app.auth.errors import TokenInvalid
from app.auth.models import AuthToken, TokenKind
from app.core import contrib
from app.core.time import as_utc, utcnow
from app.core.transactions import use_case
from app.core.wechat import wechat
from app.entrances import service as entrances
from app.errors import AppError, NotFound, RateLimited, ServiceUnavailable, Unauthorized
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


# last_seen_at is refreshed at most this often: a write per request would serialise reads.
SEEN_EVERY = timedelta(minutes=5)


def requester() -> tuple[str | None, str | None]:
    """(user agent, address) of the current request, cut to what the columns keep."""
    if not has_request_context():
        return None, None
    agent = (request.headers.get("User-Agent") or "")[:255] or None
    return agent, (request.remote_addr or "")[:64] or None


def issue_token(*, user: User, kind: str = TokenKind.APP) -> tuple[str, int]:
    """Create a bearer token for the user -> (token, seconds it lives). Flushes, no commit."""
    token, ttl, _ = issue_session(user=user, kind=kind)
    return token, ttl


def issue_session(
    *, user: User, kind: str = TokenKind.APP, agent: str | None = None, address: str | None = None
) -> tuple[str, int, AuthToken]:
    """Create a bearer token (a session) for the user; only its hash is stored. A console token
    lives a working day (CONSOLE_TOKEN_TTL_SECONDS), an app token TOKEN_TTL_SECONDS. Flushes."""
    token = secrets.token_urlsafe(32)
    setting = "CONSOLE_TOKEN_TTL_SECONDS" if kind == TokenKind.CONSOLE else "TOKEN_TTL_SECONDS"
    ttl = current_app.config[setting]
    if agent is None and address is None:
        agent, address = requester()
    now = utcnow()
    row = AuthToken(
        user_id=user.id,
        token_hash=hash_token(token),
        kind=kind,
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(seconds=ttl),
        user_agent=agent,
        ip=address,
    )
    db.session.add(row)
    db.session.flush()
    return token, ttl, row


def live_tokens_query(*, user_id: int, kind: str | None = None):
    query = select(AuthToken).where(
        AuthToken.user_id == user_id,
        AuthToken.revoked_at.is_(None),
        AuthToken.expires_at > utcnow(),
    )
    return query.where(AuthToken.kind == kind) if kind else query


def count_live_tokens(*, user_id: int, kind: str) -> int:
    query = live_tokens_query(user_id=user_id, kind=kind).subquery()
    return db.session.scalar(select(func.count()).select_from(query))


def list_sessions(*, user: User, current_token: str | None) -> list[dict]:
    """The user's live sessions, newest first; never the token or its hash."""
    current_hash = hash_token(current_token) if current_token else None
    rows = db.session.scalars(
        live_tokens_query(user_id=user.id).order_by(AuthToken.id.desc())
    ).all()
    return [
        {
            "id": row.id,
            "kind": row.kind,
            "created_at": row.created_at,
            "last_seen_at": row.last_seen_at,
            "expires_at": row.expires_at,
            "user_agent": row.user_agent,
            "ip": row.ip,
            "current": row.token_hash == current_hash,
        }
        for row in rows
    ]


@use_case
def revoke_session(*, user: User, session_id: int) -> None:
    """Revoke one of the user's own live sessions; another user's is 404 like a missing one."""
    done = db.session.execute(
        update(AuthToken)
        .where(
            AuthToken.id == session_id,
            AuthToken.user_id == user.id,
            AuthToken.revoked_at.is_(None),
            AuthToken.expires_at > utcnow(),
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise NotFound("No such live session.", code="session_not_found")


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
        entrances.note_entrance(user=user, scene=scene)
    user.last_login_at = utcnow()
    token, ttl = issue_token(user=user)
    return {"token": token, "expires_in": ttl, "user": user}


@contrib.token_lookup
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
    touch(row)
    return user


def touch(row: AuthToken) -> None:
    """Note that the session was used, at most every SEEN_EVERY (one small committed UPDATE
    before the request's own work starts)."""
    now = utcnow()
    if row.last_seen_at is not None and now - as_utc(row.last_seen_at) < SEEN_EVERY:
        return
    db.session.execute(
        update(AuthToken)
        .where(AuthToken.id == row.id)
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


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


@contrib.delete_hook
def revoke_tokens_of_deleted_account(user: User) -> None:
    """A deleted account logs out everywhere (flush only)."""
    revoke_all_tokens(user_id=user.id)
