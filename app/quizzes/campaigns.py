"""Quiz campaigns: create, change, close, and which ones a user sees."""

from datetime import datetime

from sqlalchemy import or_, select

from app.core.rows import get_or_create
from app.core.time import utcnow
from app.core.transactions import use_case
from app.entrances.models import Entrance, EntranceKind
from app.entrances.service import create_entrance, current_entrance, on_arrival
from app.errors import Forbidden, ValidationFailed
from app.extensions import db
from app.quizzes import leaderboard, pools, scoping
from app.quizzes.errors import CampaignClosed, CampaignNotFound
from app.quizzes.models import CampaignAdmission, CampaignStatus, QuizCampaign, Scope
from app.stations.models import Station
from app.users.models import User

SETTINGS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "categories",
    "questions_per_attempt",
    "time_limit_seconds",
    "attempts_per_day",
    "points_per_correct",
    "perfect_bonus",
    "daily_points_cap",
    "is_assessment",
    "pass_mark",
    "ranking_bonuses",
)


def _check(campaign: QuizCampaign) -> None:
    problems: dict[str, list[str]] = {}
    if campaign.ends_at <= campaign.starts_at:
        problems["ends_at"] = ["Must be after starts_at."]
    if campaign.is_assessment and campaign.pass_mark is None:
        problems["pass_mark"] = ["An assessment needs a pass mark (0-100)."]
    ranges = sorted((r["rank_from"], r["rank_to"]) for r in campaign.ranking_bonuses or [])
    for (_low, high), (next_low, _) in zip(ranges, ranges[1:], strict=False):
        if next_low <= high:
            problems["ranking_bonuses"] = ["Rank ranges overlap."]
    if any(low > high for low, high in ranges):
        problems["ranking_bonuses"] = ["rank_from must not exceed rank_to."]
    if problems:
        raise ValidationFailed("The campaign is not valid.", details={"fields": problems})


def create_campaign(*, user: User, data: dict) -> QuizCampaign:
    """A campaign in a scope the user administers, with its own entrance scene. Commits, then
    drops the cached pools and marks its (empty) leaderboard built."""
    campaign = add_campaign(user=user, data=data)
    pools.forget()
    leaderboard.mark_built(campaign.id)
    return campaign


@use_case
def add_campaign(*, user: User, data: dict) -> QuizCampaign:
    """The unit of work of create_campaign."""
    scope, association_id, station_id = scoping.resolve_scope(
        user=user,
        scope=data["scope"],
        association_id=data.get("association_id"),
        station_id=data.get("station_id"),
    )
    campaign = QuizCampaign(
        scope=scope,
        association_id=association_id,
        station_id=station_id,
        created_by_id=user.id,
        **({"categories": [], "ranking_bonuses": []} | {n: data[n] for n in SETTINGS if n in data}),
    )
    _check(campaign)
    db.session.add(campaign)
    db.session.flush()
    create_entrance(kind=EntranceKind.QUIZ_CAMPAIGN, target_id=campaign.id, station_id=station_id)
    return campaign


def get_campaign_for_admin(*, user: User, campaign_id: int) -> QuizCampaign:
    campaign = db.session.get(QuizCampaign, campaign_id)
    if campaign is None:
        raise CampaignNotFound()
    if not scoping.manages(user, campaign):
        raise Forbidden("You do not manage this campaign.")
    return campaign


def update_campaign(*, user: User, campaign_id: int, changes: dict) -> QuizCampaign:
    """Change a campaign's settings (not its scope); a closed campaign stays as it was. Commits,
    then drops the cached pools."""
    campaign = change_campaign(user=user, campaign_id=campaign_id, changes=changes)
    pools.forget()
    return campaign


@use_case
def change_campaign(*, user: User, campaign_id: int, changes: dict) -> QuizCampaign:
    """The unit of work of update_campaign."""
    campaign = get_campaign_for_admin(user=user, campaign_id=campaign_id)
    if campaign.status == CampaignStatus.CLOSED:
        raise CampaignClosed("A closed campaign cannot be changed.")
    for name in SETTINGS:
        if name in changes:
            setattr(campaign, name, changes[name])
    _check(campaign)
    return campaign


@use_case
def close_campaign(*, user: User, campaign_id: int) -> QuizCampaign:
    """Stop the campaign: no new attempts, no more points; ranking bonuses are then settled by
    the campaign_close settlement. Closing twice is a 409. Commits."""
    campaign = get_campaign_for_admin(user=user, campaign_id=campaign_id)
    if campaign.status == CampaignStatus.CLOSED:
        raise CampaignClosed("The campaign is already closed.")
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = utcnow()
    return campaign


def user_station(user: User) -> Station | None:
    if user.first_station_id is None:
        return None
    return db.session.get(Station, user.first_station_id)


@on_arrival(EntranceKind.QUIZ_CAMPAIGN)
def admit_by_code(user: User, entrance: Entrance) -> None:
    """A login through a campaign's own code admits the user to that campaign (once, whatever
    their station): the code is how an association or station invites people in. Flushes."""
    get_or_create(CampaignAdmission, campaign_id=entrance.target_id, user_id=user.id)


def visibility_filter(user: User):
    """National campaigns, the user's association's and their station's (or its parent's), and
    the campaigns whose code they logged in with."""
    station = user_station(user)
    admitted = select(CampaignAdmission.campaign_id).where(CampaignAdmission.user_id == user.id)
    clauses = [QuizCampaign.scope == Scope.NATIONAL, QuizCampaign.id.in_(admitted)]
    if station is not None:
        clauses.append(
            (QuizCampaign.scope == Scope.ASSOCIATION)
            & (QuizCampaign.association_id == station.association_id)
        )
        station_ids = [station.id] + ([station.parent_id] if station.parent_id else [])
        clauses.append(
            (QuizCampaign.scope == Scope.STATION) & (QuizCampaign.station_id.in_(station_ids))
        )
    return or_(*clauses)


def active_campaigns(*, user: User, now: datetime | None = None) -> list[QuizCampaign]:
    """Open campaigns whose window includes now and that the user may take part in."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(QuizCampaign)
            .where(
                visibility_filter(user),
                QuizCampaign.status == CampaignStatus.OPEN,
                QuizCampaign.starts_at <= now,
                QuizCampaign.ends_at > now,
            )
            .order_by(QuizCampaign.ends_at, QuizCampaign.id)
        )
    )


def visible_campaign(*, user: User, campaign_id: int) -> QuizCampaign:
    """A campaign the user may see (participants and its admins), else 404."""
    campaign = db.session.scalar(
        select(QuizCampaign).where(QuizCampaign.id == campaign_id, visibility_filter(user))
    )
    if campaign is None:
        campaign = db.session.get(QuizCampaign, campaign_id)
        if campaign is None or not scoping.manages(user, campaign):
            raise CampaignNotFound()
    return campaign


def entrance_scene(campaign: QuizCampaign) -> str | None:
    entrance = current_entrance(kind=EntranceKind.QUIZ_CAMPAIGN, target_id=campaign.id)
    return entrance.scene if entrance else None


def admin_campaigns(*, user: User) -> list[QuizCampaign]:
    """Every campaign the user manages, newest first."""
    rows = db.session.scalars(select(QuizCampaign).order_by(QuizCampaign.id.desc())).all()
    return [c for c in rows if scoping.manages(user, c)]
