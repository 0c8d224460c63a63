"""Scan-to-login (扫码登录) for the web console.

A browser asks for a ticket: a long secret it polls with (only its hash is kept) and a short
scene for a mini-program code. An admin scans the code; the mini-program shows who asked, when,
from which browser and address, and the admin confirms with their own token. The browser's next
poll collects a console token, exactly once."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.audit.service import record
from app.auth import service as auth
from app.auth.models import TokenKind
from app.console.models import LoginTicket, TicketStatus
from app.core import ratelimit
from app.core.time import as_utc, to_shanghai, utcnow
from app.core.transactions import use_case
from app.entrances import service as entrances
from app.entrances.models import Entrance, EntranceKind
from app.errors import Conflict, Forbidden, Gone, NotFound, RateLimited
from app.extensions import db
from app.users.models import Role, User

CONSOLE_ROLES = (Role.STATION_ADMIN, Role.ASSOCIATION_ADMIN, Role.UNION_ADMIN)
# The longest ticket we ever issue is 43 characters; anything much longer is not one of ours.
MAX_TICKET_LENGTH = 128


def hash_ticket(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()


def lifetime() -> timedelta:
    return timedelta(seconds=current_app.config["CONSOLE_TICKET_TTL_SECONDS"])


def is_console_admin(user: User) -> bool:
    return any(user.has_role(role) for role in CONSOLE_ROLES)


def check_request_rate() -> None:
    """Tickets per address: a login page asks for one when it opens and when one expires."""
    _, address = auth.requester()
    limit = current_app.config["RATELIMIT_CONSOLE_TICKETS_PER_ADDRESS"]
    if not ratelimit.hit(limit, "console-ticket", address or "-"):
        raise RateLimited("Too many login codes from this network; wait a minute.")


@use_case
def request_ticket() -> tuple[str, LoginTicket]:
    """A new pending ticket and its console_login entrance -> (secret shown once, ticket)."""
    agent, address = auth.requester()
    now = utcnow()
    secret = secrets.token_urlsafe(32)
    for _ in range(10):  # a scene collision (36^8 scenes) is retried with a fresh scene
        scene = entrances.new_scene()
        try:
            with db.session.begin_nested():
                ticket = LoginTicket(
                    ticket_hash=hash_ticket(secret),
                    scene=scene,
                    requested_at=now,
                    expires_at=now + lifetime(),
                    user_agent=agent,
                    ip=address,
                    status=TicketStatus.PENDING,
                )
                db.session.add(ticket)
                db.session.flush()
                db.session.add(
                    Entrance(scene=scene, kind=EntranceKind.CONSOLE_LOGIN, target_id=ticket.id)
                )
                db.session.flush()
            return secret, ticket
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free scene after 10 tries")


def ticket_by_secret(ticket: str) -> LoginTicket:
    """The ticket a polling secret names, or 404 login_ticket_not_found."""
    row = None
    if 0 < len(ticket) <= MAX_TICKET_LENGTH:
        row = db.session.scalar(
            select(LoginTicket).where(LoginTicket.ticket_hash == hash_ticket(ticket))
        )
    if row is None:
        raise NotFound("No such login ticket.", code="login_ticket_not_found")
    return row


def ticket_by_scene(scene: str) -> LoginTicket:
    """The ticket of a scanned scene: 400 malformed scene, 404 unknown."""
    scene = entrances.check_scene_shape(scene)
    row = db.session.scalar(select(LoginTicket).where(LoginTicket.scene == scene))
    if row is None:
        raise NotFound("没有这个登录码。", code="login_ticket_not_found")
    return row


def status_of(ticket: LoginTicket) -> str:
    """What the ticket is now: a pending ticket past its lifetime, or a confirmed one not
    collected within a lifetime of its confirmation, reads as expired."""
    now = utcnow()
    if ticket.status == TicketStatus.PENDING and as_utc(ticket.expires_at) <= now:
        return TicketStatus.EXPIRED
    if ticket.status == TicketStatus.CONFIRMED and as_utc(ticket.confirmed_at) + lifetime() <= now:
        return TicketStatus.EXPIRED
    return ticket.status


def check_poll_rate(ticket: LoginTicket) -> None:
    limit = current_app.config["RATELIMIT_CONSOLE_POLLS_PER_TICKET"]
    if not ratelimit.hit(limit, "console-poll", str(ticket.id)):
        raise RateLimited("Polling too fast; poll every 2 seconds.")


@use_case
def poll(*, ticket: str) -> dict:
    """The ticket's status; the first poll after a confirmation also carries a console token
    for the confirming admin and turns the ticket `used`. The conditional UPDATE decides which
    of several concurrent polls gets the token: exactly one does."""
    row = ticket_by_secret(ticket)
    check_poll_rate(row)
    status = status_of(row)
    answer = {"status": status, "expires_at": row.expires_at}
    if status != TicketStatus.CONFIRMED:
        return answer
    now = utcnow()
    flipped = db.session.execute(
        update(LoginTicket)
        .where(LoginTicket.id == row.id, LoginTicket.status == TicketStatus.CONFIRMED)
        .values(status=TicketStatus.USED, used_at=now)
        .execution_options(synchronize_session=False)
    )
    if flipped.rowcount != 1:
        return {**answer, "status": TicketStatus.USED}
    user = db.session.get(User, row.confirmed_by_id)
    if user is None or user.deleted_at is not None or not is_console_admin(user):
        # Lost the account or the role between confirming and the poll: no console for them.
        return {**answer, "status": TicketStatus.EXPIRED}
    # The session is the browser's that asked for the ticket (shown in the session list).
    token, ttl, token_row = auth.issue_session(
        user=user, kind=TokenKind.CONSOLE, agent=row.user_agent, address=row.ip
    )
    db.session.execute(
        update(LoginTicket)
        .where(LoginTicket.id == row.id)
        .values(token_id=token_row.id)
        .execution_options(synchronize_session=False)
    )
    record(
        actor_id=user.id,
        action="console.login",
        target_type="console_login_ticket",
        target_id=row.id,
        after={"session_id": token_row.id},
    )
    return {
        "status": TicketStatus.CONFIRMED,
        "expires_at": row.expires_at,
        "token": token,
        "expires_in": ttl,
        "user": user,
    }


def busy_console_slots(user_id: int) -> int:
    """Live console sessions plus confirmed tickets not yet collected (each becomes one)."""
    waiting = db.session.scalar(
        select(func.count())
        .select_from(LoginTicket)
        .where(
            LoginTicket.confirmed_by_id == user_id,
            LoginTicket.status == TicketStatus.CONFIRMED,
            LoginTicket.confirmed_at > utcnow() - lifetime(),
        )
    )
    return auth.count_live_tokens(user_id=user_id, kind=TokenKind.CONSOLE) + waiting


@use_case
def confirm(*, user: User, scene: str) -> LoginTicket:
    """The scanning admin confirms a ticket; it is then bound to their account."""
    if not is_console_admin(user):
        raise Forbidden(
            "只有服务站、协会或网安联的管理员可以登录管理台。",
            code="console_admin_only",
        )
    row = ticket_by_scene(scene)
    status = status_of(row)
    if status in (TicketStatus.CONFIRMED, TicketStatus.USED):
        raise Conflict("这个登录码已经用过了，请在电脑上刷新后重新扫码。", code="login_ticket_used")
    if status == TicketStatus.EXPIRED:
        raise Gone("登录码已过期，请在电脑上刷新后重新扫码。", code="login_ticket_expired")
    limit = current_app.config["CONSOLE_MAX_SESSIONS"]
    if busy_console_slots(user.id) >= limit:
        raise Conflict(
            f"您已在 {limit} 台电脑上登录管理台，请先在“我的会话”中退出一台。",
            code="too_many_console_sessions",
            details={"limit": limit},
        )
    now = utcnow()
    done = db.session.execute(
        update(LoginTicket)
        .where(
            LoginTicket.id == row.id,
            LoginTicket.status == TicketStatus.PENDING,
            LoginTicket.expires_at > now,
        )
        .values(status=TicketStatus.CONFIRMED, confirmed_by_id=user.id, confirmed_at=now)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise Conflict("这个登录码已经用过了，请在电脑上刷新后重新扫码。", code="login_ticket_used")
    record(
        actor_id=user.id,
        action="console.login_confirm",
        target_type="console_login_ticket",
        target_id=row.id,
        after={"ip": row.ip},
    )
    return row


@entrances.entrance_details(EntranceKind.CONSOLE_LOGIN)
def console_login_details(ticket_id: int) -> dict:
    """What the confirm page shows, so an admin can tell a code on their own screen from one
    someone else shows them: when, from which browser and address the ticket was asked for."""
    row = db.session.get(LoginTicket, ticket_id)
    if row is None:
        return {}
    return {
        "status": status_of(row),
        "requested_at": to_shanghai(row.requested_at).isoformat(),
        "expires_at": to_shanghai(row.expires_at).isoformat(),
        "user_agent": row.user_agent,
        "ip": row.ip,
    }


def ticket_qrcode(*, ticket: str) -> bytes:
    """PNG of the mini-program code for a pending ticket's scene, made by WeChat's
    getwxacodeunlimit like a station's code: 404 unknown, 410 no longer pending, 503 WeChat."""
    from app.core.wechat import wechat
    from app.errors import ServiceUnavailable
    from app.wechat import WeChatError, WeChatUnavailable

    row = ticket_by_secret(ticket)
    if status_of(row) != TicketStatus.PENDING:
        raise Gone(
            "This login code is no longer waiting; ask for a new one.", code="login_ticket_expired"
        )
    try:
        return wechat().get_wxa_code_unlimited(
            scene=row.scene,
            page=current_app.config["WECHAT_ENTRY_PAGE"],
            env_version=current_app.config.get("WECHAT_ENV_VERSION", "release"),
        )
    except WeChatUnavailable:
        raise ServiceUnavailable(
            "WeChat cannot be reached; try again shortly.", code="wechat_unavailable"
        ) from None
    except WeChatError as error:
        raise ServiceUnavailable(
            "WeChat refused to make the code.",
            code="qrcode_failed",
            details={"errcode": error.errcode},
        ) from None
