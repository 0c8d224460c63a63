"""Collection links: one per station, association or named channel of a survey, each with its
own entrance scene (and so its own mini-program code)."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.transactions import use_case
from app.entrances import service as entrances
from app.entrances.models import EntranceKind
from app.errors import NotFound, ValidationFailed
from app.extensions import db
from app.stations.errors import AssociationNotFound, StationNotFound
from app.stations.models import Association, Station
from app.surveys.models import Survey, SurveyLink
from app.users.models import User


def _link_target(survey: Survey, body: dict) -> tuple[str, int | None, int | None, str | None]:
    """(target key, association id, station id, channel) for a link request; 404/422 otherwise."""
    given = [key for key in ("station_id", "channel") if body.get(key) is not None]
    if len(given) > 1:
        raise ValidationFailed(
            "A link is for a station, an association or a channel: give one.",
            code="link_target_ambiguous",
            details={"fields": {"_schema": ["Give station_id, or association_id, or channel."]}},
        )
    if body.get("station_id") is not None:
        station = db.session.get(Station, body["station_id"])
        if station is None:
            raise StationNotFound()
        association_id, station_id, channel = station.association_id, station.id, None
        key = f"station:{station.id}"
    else:
        association_id = body.get("association_id") or survey.association_id
        if association_id is None:
            raise ValidationFailed(
                "Say which association the link is for.",
                code="association_required",
                details={"fields": {"association_id": ["Required for a national survey."]}},
            )
        if db.session.get(Association, association_id) is None:
            raise AssociationNotFound()
        station_id, channel = None, body.get("channel")
        key = f"channel:{association_id}:{channel}" if channel else f"association:{association_id}"
    if survey.association_id is not None and association_id != survey.association_id:
        raise ValidationFailed(
            "This survey belongs to another association.",
            code="link_outside_survey",
            details={"fields": {"_schema": ["The target is outside the survey's association."]}},
        )
    return key, association_id, station_id, channel


@use_case
def create_link(*, survey: Survey, body: dict, created_by: User) -> tuple[SurveyLink, bool]:
    """The survey's collection link for a station, association or channel, with its own
    entrance scene; asking again returns the same link (created False). Commits."""
    key, association_id, station_id, channel = _link_target(survey, body)
    found = db.session.scalar(
        select(SurveyLink).where(SurveyLink.survey_id == survey.id, SurveyLink.target_key == key)
    )
    if found is not None:
        return found, False
    entrance = entrances.create_entrance(
        kind=EntranceKind.SURVEY_LINK, target_id=0, station_id=station_id
    )
    link = SurveyLink(
        survey_id=survey.id,
        target_key=key,
        association_id=association_id,
        station_id=station_id,
        channel=channel,
        entrance_id=entrance.id,
        created_by_id=created_by.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(link)
    except IntegrityError:
        # Another admin asked for the same link at the same moment: theirs counts.
        db.session.rollback()
        found = db.session.scalar(
            select(SurveyLink).where(
                SurveyLink.survey_id == survey.id, SurveyLink.target_key == key
            )
        )
        return found, False
    entrance.target_id = link.id
    return link, True


def link_scene(link: SurveyLink) -> str | None:
    current = entrances.current_entrance(kind=EntranceKind.SURVEY_LINK, target_id=link.id)
    return current.scene if current else None


def get_link(link_id: int) -> SurveyLink:
    link = db.session.get(SurveyLink, link_id)
    if link is None:
        raise NotFound("No such collection link.", code="survey_link_not_found")
    return link


def link_for_scene(*, survey: Survey, scene: str) -> SurveyLink:
    """The survey's link a scene opens; 404 for unknown scenes, 410 rotated, 422 other surveys."""
    entrance = entrances.resolve(scene)
    link = db.session.get(SurveyLink, entrance.target_id)
    if entrance.kind != EntranceKind.SURVEY_LINK or link is None or link.survey_id != survey.id:
        raise ValidationFailed(
            "This code is not a collection link of this survey.",
            code="link_not_for_survey",
            details={"fields": {"link_scene": ["Not a collection link of this survey."]}},
        )
    return link


@entrances.entrance_details(EntranceKind.SURVEY_LINK)
def survey_link_details(link_id: int) -> dict:
    """A scanned survey link opens its survey; the link id travels with the response."""
    link = db.session.get(SurveyLink, link_id)
    if link is None:
        return {}
    return {"survey_id": link.survey_id, "channel": link.channel}
