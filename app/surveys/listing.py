"""The surveys an admin may see, for the web console's survey list."""

import enum
from datetime import datetime

from sqlalchemy import exists, or_, select

from app.core.auth import administered_association_ids, administered_station_ids, is_union_admin
from app.core.pagination import paginate
from app.core.time import SHANGHAI, as_utc, utcnow
from app.errors import Forbidden
from app.stations.models import Station
from app.surveys.models import Survey, SurveyLink
from app.users.models import User


class SurveyStatus(enum.StrEnum):
    UPCOMING = "upcoming"  # before collection (internal and public tests included)
    COLLECTING = "collecting"
    CLOSED = "closed"


def status_of(survey: Survey, now: datetime | None = None) -> str:
    now = now or utcnow()
    if now < as_utc(survey.collection_starts_at):
        return SurveyStatus.UPCOMING
    if now < as_utc(survey.collection_ends_at):
        return SurveyStatus.COLLECTING
    return SurveyStatus.CLOSED


def visible_clause(user: User):
    """Union: every survey. Association admins: their associations' surveys and the national
    ones (they collect for those). Station admins: surveys with a link for their station or a
    sub-station of it. Anyone else administers no survey: 403."""
    if is_union_admin(user):
        return None
    associations = administered_association_ids(user)
    stations = administered_station_ids(user)
    if not associations and not stations:
        raise Forbidden("Surveys are listed for station, association and union admins.")
    parts = []
    if associations:
        parts.append(Survey.association_id.in_(associations))
        parts.append(Survey.association_id.is_(None))
    if stations:
        own = select(Station.id).where(
            or_(Station.id.in_(stations), Station.parent_id.in_(stations))
        )
        parts.append(
            exists().where(SurveyLink.survey_id == Survey.id, SurveyLink.station_id.in_(own))
        )
    return or_(*parts)


def list_surveys(
    *, user: User, status: str | None, year: int | None, page: int, per_page: int
) -> dict:
    """{items, page, per_page, total}, newest collection first."""
    statement = select(Survey)
    clause = visible_clause(user)
    if clause is not None:
        statement = statement.where(clause)
    now = utcnow()
    if status == SurveyStatus.UPCOMING:
        statement = statement.where(Survey.collection_starts_at > now)
    elif status == SurveyStatus.COLLECTING:
        statement = statement.where(
            Survey.collection_starts_at <= now, Survey.collection_ends_at > now
        )
    elif status == SurveyStatus.CLOSED:
        statement = statement.where(Survey.collection_ends_at <= now)
    if year is not None:
        # The year its collection starts, as people in China count years.
        start = datetime(year, 1, 1, tzinfo=SHANGHAI)
        end = datetime(year + 1, 1, 1, tzinfo=SHANGHAI)
        statement = statement.where(
            Survey.collection_starts_at >= start, Survey.collection_starts_at < end
        )
    statement = statement.order_by(Survey.collection_starts_at.desc(), Survey.id.desc())

    def present(survey: Survey) -> dict:
        return {
            "id": survey.id,
            "title": survey.title,
            "association_id": survey.association_id,
            "status": status_of(survey, now),
            "internal_test_starts_at": survey.internal_test_starts_at,
            "internal_test_ends_at": survey.internal_test_ends_at,
            "public_test_starts_at": survey.public_test_starts_at,
            "public_test_ends_at": survey.public_test_ends_at,
            "collection_starts_at": survey.collection_starts_at,
            "collection_ends_at": survey.collection_ends_at,
            "created_at": survey.created_at,
        }

    return paginate(statement, page=page, per_page=per_page, present=present)
