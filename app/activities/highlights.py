"""Highlights (精彩瞬间): text and photos from an activity, shown only after WeChat's content
check passes or an admin approves; images kept in a private folder, never served statically."""

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from app.activities.errors import NotSignedUp
from app.activities.models import (
    Activity,
    ActivitySignup,
    CheckState,
    Highlight,
    HighlightStatus,
    SignupStatus,
)
from app.activities.service import get_activity
from app.core.auth import can_admin_station
from app.core.time import utcnow
from app.core.transactions import use_case
from app.core.wechat import wechat
from app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.extensions import db
from app.stations.models import Station
from app.users.models import User
from app.volunteers.uploads import image_path, sniff_image, store_image
from app.wechat import WeChatError

MEDIA_TOKEN_MAX_AGE = 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="highlight-media")


def media_token(highlight_id: int) -> str:
    return _serializer().dumps(highlight_id)


def media_token_valid(highlight_id: int, token: str) -> bool:
    try:
        return _serializer().loads(token, max_age=MEDIA_TOKEN_MAX_AGE) == highlight_id
    except BadSignature:
        return False


def _check_text(user: User, text: str) -> str:
    try:
        suggest = wechat().msg_sec_check(openid=user.openid, content=text)["suggest"]
    except WeChatError:
        # Unreachable or refusing: nothing is published until a check or an admin says so.
        return CheckState.UNAVAILABLE
    if suggest == CheckState.RISKY:
        raise ValidationFailed(
            "This text did not pass the content check.",
            code="content_risky",
            details={"fields": {"text": ["Refused by the content security check."]}},
        )
    return suggest if suggest in (CheckState.PASS, CheckState.REVIEW) else CheckState.REVIEW


def _settle_status(highlight: Highlight) -> None:
    if highlight.status in (HighlightStatus.HIDDEN, HighlightStatus.REFUSED):
        return
    if highlight.image_check == CheckState.RISKY:
        highlight.status = HighlightStatus.REFUSED
        return
    clear = (CheckState.PASS, CheckState.NONE)
    ok = highlight.text_check in clear and highlight.image_check in clear
    highlight.status = HighlightStatus.VISIBLE if ok else HighlightStatus.HELD


@use_case
def create_highlight(
    *, activity_id: int, author: User, text: str | None, image: bytes | None
) -> Highlight:
    """Post a highlight: text checked first (risky is refused, nothing stored), the image stored
    privately and sent for WeChat's asynchronous check. Commits."""
    activity = get_activity(activity_id)
    station = db.session.get(Station, activity.station_id)
    attended = db.session.scalar(
        select(ActivitySignup.id).where(
            ActivitySignup.activity_id == activity.id,
            ActivitySignup.user_id == author.id,
            ActivitySignup.status == SignupStatus.SIGNED_UP,
        )
    )
    if attended is None and not can_admin_station(author, station):
        raise NotSignedUp()
    if not text and not image:
        raise ValidationFailed(
            "Send text, an image or both.",
            code="highlight_empty",
            details={"fields": {"text": ["Text or image is required."]}},
        )
    if image is not None:
        sniff_image(image)  # refuse a bad file before asking WeChat anything
    highlight = Highlight(activity_id=activity.id, author_id=author.id, text=text or None)
    if text:
        highlight.text_check = _check_text(author, text)
    if image is not None:
        highlight.image_file, highlight.image_type = store_image("highlights", image)
        highlight.image_check = CheckState.PENDING
    db.session.add(highlight)
    db.session.flush()
    if image is not None:
        media_url = url_for(
            "activities.highlight_image",
            highlight_id=highlight.id,
            token=media_token(highlight.id),
            _external=True,
        )
        try:
            highlight.media_trace_id = wechat().media_check_async(
                openid=author.openid, media_url=media_url
            )
        except WeChatError:
            highlight.image_check = CheckState.UNAVAILABLE
    _settle_status(highlight)
    return highlight


@use_case
def record_media_verdict(*, trace_id: str, suggest: str) -> Highlight | None:
    """WeChat's asynchronous image verdict (wxa_media_check push): pass shows the highlight
    unless something else holds it, review keeps it held, risky refuses it. Commits."""
    highlight = db.session.scalar(
        select(Highlight).where(Highlight.media_trace_id == trace_id).with_for_update()
    )
    if highlight is None:
        return None
    highlight.image_check = suggest if suggest in set(CheckState) else CheckState.REVIEW
    _settle_status(highlight)
    return highlight


def get_highlight(highlight_id: int, *, lock: bool = False) -> Highlight:
    statement = select(Highlight).where(Highlight.id == highlight_id)
    highlight = db.session.scalar(statement.with_for_update() if lock else statement)
    if highlight is None:
        raise NotFound("No such highlight.", code="highlight_not_found")
    return highlight


def may_moderate(user: User | None, highlight: Highlight) -> bool:
    if user is None:
        return False
    activity = get_activity(highlight.activity_id)
    return can_admin_station(user, db.session.get(Station, activity.station_id))


@use_case
def moderate(*, highlight_id: int, admin: User, action: str) -> Highlight:
    """approve: show a held highlight (never one WeChat found risky); hide: take it down.
    Commits."""
    highlight = get_highlight(highlight_id, lock=True)
    if not may_moderate(admin, highlight):
        raise Forbidden("You are not an admin of this activity's station.")
    if action == "approve":
        if highlight.status == HighlightStatus.REFUSED:
            raise Conflict("WeChat refused this image.", code="highlight_refused")
        highlight.status = HighlightStatus.VISIBLE
    else:
        highlight.status = HighlightStatus.HIDDEN
    highlight.moderated_by_id = admin.id
    highlight.moderated_at = utcnow()
    return highlight


def list_highlights(*, activity_id: int, viewer: User | None, status: str | None):
    """Visible highlights for everyone; admins of the station may filter by any status."""
    activity = get_activity(activity_id)
    statement = select(Highlight).where(Highlight.activity_id == activity.id)
    admin = viewer is not None and can_admin_station(
        viewer, db.session.get(Station, activity.station_id)
    )
    if not admin:
        statement = statement.where(Highlight.status == HighlightStatus.VISIBLE)
    elif status:
        statement = statement.where(Highlight.status == status)
    return statement.order_by(Highlight.id.desc())


def station_highlights(*, station_id: int, status: str | None):
    """A station's highlights across its activities, newest first (its admins' moderation
    queue with status=held)."""
    statement = (
        select(Highlight)
        .join(Activity, Activity.id == Highlight.activity_id)
        .where(Activity.station_id == station_id)
    )
    if status:
        statement = statement.where(Highlight.status == status)
    return statement.order_by(Highlight.id.desc())


def image_for_viewer(
    *, highlight_id: int, viewer: User | None, token: str | None
) -> tuple[str, str]:
    """(path, mimetype) of a highlight's image if the viewer may see it: anyone when visible,
    the author and station admins always, WeChat's checker with a signed token."""
    highlight = get_highlight(highlight_id)
    allowed = (
        highlight.status == HighlightStatus.VISIBLE
        or (viewer is not None and viewer.id == highlight.author_id)
        or may_moderate(viewer, highlight)
        or (token is not None and media_token_valid(highlight.id, token))
    )
    if not allowed or not highlight.image_file:
        raise NotFound("No such image.", code="image_not_found")
    return image_path("highlights", highlight.image_file), highlight.image_type
