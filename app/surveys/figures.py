"""Figures for admins, read from the counters and limited to what the asker may see: station
admins their station (and sub-stations), association admins their association, the union all."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, false, func, or_, select, true

from app.core.auth import (
    administered_association_ids,
    administered_station_ids,
    can_admin_association,
    can_admin_station,
    is_union_admin,
)
from app.errors import Forbidden, NotFound
from app.extensions import db
from app.stations.models import Association, Station
from app.surveys.models import (
    Survey,
    SurveyDailyCount,
    SurveyLink,
    SurveyPortraitCount,
    SurveyTarget,
)
from app.users.models import User

FLAG_FIELDS = (
    "outside_window_count",
    "too_fast_count",
    "duplicate_count",
    "straight_lining_count",
    "incomplete_count",
)


@dataclass(frozen=True)
class Scope:
    """Which rows an admin may see: None means every row (union, no narrowing)."""

    station_ids: frozenset[int] | None = None
    association_ids: frozenset[int] | None = None
    national: bool = False

    def as_dict(self) -> dict:
        return {
            "national": self.national,
            "station_ids": sorted(self.station_ids or []),
            "association_ids": sorted(self.association_ids or []),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Scope":
        if data.get("national"):
            return cls(national=True)
        return cls(frozenset(data.get("station_ids") or []), frozenset(data["association_ids"]))

    def clause(self, table):
        if self.national:
            return true()
        parts = []
        if self.association_ids:
            parts.append(table.association_id.in_(self.association_ids))
        if self.station_ids:
            parts.append(table.station_id.in_(self.station_ids))
        return or_(*parts) if parts else false()


def _with_sub_stations(station_ids: set[int]) -> frozenset[int]:
    if not station_ids:
        return frozenset()
    children = db.session.scalars(select(Station.id).where(Station.parent_id.in_(station_ids)))
    return frozenset(station_ids | set(children))


def scope_for(
    user: User, *, station_id: int | None = None, association_id: int | None = None
) -> Scope:
    """The rows `user` may see, narrowed to a station or association when asked; 403 when the
    asker administers nothing or asks for what is not theirs, 404 for unknown ids."""
    if station_id is not None:
        station = db.session.get(Station, station_id)
        if station is None:
            raise NotFound("No such station.", code="station_not_found")
        if not can_admin_station(user, station):
            raise Forbidden("You are not an admin of this station.")
        return Scope(station_ids=_with_sub_stations({station.id}), association_ids=frozenset())
    if association_id is not None:
        if db.session.get(Association, association_id) is None:
            raise NotFound("No such association.", code="association_not_found")
        if not can_admin_association(user, association_id):
            raise Forbidden("You are not an admin of this association.")
        return Scope(station_ids=frozenset(), association_ids=frozenset({association_id}))
    if is_union_admin(user):
        return Scope(national=True)
    associations = administered_association_ids(user)
    stations = _with_sub_stations(administered_station_ids(user))
    if not associations and not stations:
        raise Forbidden("Figures are for station, association and union admins.")
    return Scope(station_ids=stations, association_ids=frozenset(associations))


def _sums(*extra):
    return [
        *extra,
        func.sum(SurveyDailyCount.valid_count).label("valid"),
        func.sum(SurveyDailyCount.invalid_count).label("invalid"),
    ]


def figures(
    *,
    survey: Survey,
    scope: Scope,
    day_from: date | None = None,
    day_to: date | None = None,
    top: int = 50,
) -> dict:
    """Valid and flagged counts per day, station, association and collector link; portrait;
    target progress; subsidy estimate. Reads counters only, so it stays fast at any size."""
    table = SurveyDailyCount
    where = [table.survey_id == survey.id, scope.clause(table)]
    if day_from:
        where.append(table.day >= day_from)
    if day_to:
        where.append(table.day <= day_to)
    condition = and_(*where)

    totals_row = db.session.execute(
        select(*_sums(), *[func.sum(getattr(table, f)).label(f) for f in FLAG_FIELDS]).where(
            condition
        )
    ).one()
    totals = {
        "valid": int(totals_row.valid or 0),
        "flagged": int(totals_row.invalid or 0),
        "flags": {f.removesuffix("_count"): int(getattr(totals_row, f) or 0) for f in FLAG_FIELDS},
    }
    by_day = [
        {"day": row.day.isoformat(), "valid": int(row.valid), "flagged": int(row.invalid)}
        for row in db.session.execute(
            select(*_sums(table.day)).where(condition).group_by(table.day).order_by(table.day)
        )
    ]
    station_rows = db.session.execute(
        select(*_sums(table.station_id))
        .where(condition, table.station_id.is_not(None))
        .group_by(table.station_id)
        .order_by(func.sum(table.valid_count).desc(), table.station_id)
    ).all()
    station_names = _names(Station, {row.station_id for row in station_rows})
    by_station = [
        {
            "station_id": row.station_id,
            "name": station_names.get(row.station_id),
            "valid": int(row.valid),
            "flagged": int(row.invalid),
        }
        for row in station_rows
    ]
    association_rows = db.session.execute(
        select(*_sums(table.association_id))
        .where(condition)
        .group_by(table.association_id)
        .order_by(func.sum(table.valid_count).desc(), table.association_id)
    ).all()
    association_names = _names(Association, {row.association_id for row in association_rows})
    by_association = [
        {
            "association_id": row.association_id,
            "name": association_names.get(row.association_id),
            "valid": int(row.valid),
            "flagged": int(row.invalid),
        }
        for row in association_rows
    ]
    return {
        "survey_id": survey.id,
        "scope": scope.as_dict(),
        "totals": totals,
        "by_day": by_day,
        "by_station": by_station,
        "by_association": by_association,
        "ranking": _ranking(survey, condition, top, station_names, association_names),
        "portrait": portrait(survey=survey, scope=scope),
        "targets": _targets(survey, scope, by_association),
        "subsidy": {
            "fen_per_valid": survey.subsidy_fen_per_valid,
            "estimated_fen": totals["valid"] * survey.subsidy_fen_per_valid,
        },
    }


def _names(model, ids: set) -> dict:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())


def _ranking(survey, condition, top, station_names, association_names) -> list[dict]:
    """Collectors (links) by valid count, best first."""
    table = SurveyDailyCount
    rows = db.session.execute(
        select(*_sums(table.link_id))
        .where(condition)
        .group_by(table.link_id)
        .order_by(func.sum(table.valid_count).desc(), table.link_id)
        .limit(top)
    ).all()
    links = {
        link.id: link
        for link in db.session.scalars(
            select(SurveyLink).where(SurveyLink.id.in_([row.link_id for row in rows] or [0]))
        )
    }
    ranking = []
    for rank, row in enumerate(rows, start=1):
        link = links[row.link_id]
        if link.station_id is not None:
            name = (
                station_names.get(link.station_id) or db.session.get(Station, link.station_id).name
            )
        else:
            name = association_names.get(link.association_id) or ""
            if link.channel:
                name = f"{name} · {link.channel}"
        ranking.append(
            {
                "rank": rank,
                "link_id": link.id,
                "station_id": link.station_id,
                "association_id": link.association_id,
                "channel": link.channel,
                "name": name,
                "valid": int(row.valid),
                "flagged": int(row.invalid),
            }
        )
    return ranking


def portrait(*, survey: Survey, scope: Scope) -> dict:
    """Valid respondents per profile question and option: {question_id: {title, options: [...]}}
    in questionnaire order, ready for charts."""
    table = SurveyPortraitCount
    rows = db.session.execute(
        select(table.question_id, table.option_value, func.sum(table.count).label("n"))
        .where(table.survey_id == survey.id, scope.clause(table))
        .group_by(table.question_id, table.option_value)
    ).all()
    counted = {(row.question_id, row.option_value): int(row.n) for row in rows}
    result = {}
    for question in survey.questionnaire["questions"]:
        if not question.get("profile"):
            continue
        result[question["id"]] = {
            "title": question["title"],
            "options": [
                {
                    "value": option["value"],
                    "label": option["label"],
                    "count": counted.get((question["id"], option["value"]), 0),
                }
                for option in question.get("options") or []
            ],
        }
    return result


def _targets(survey: Survey, scope: Scope, by_association: list[dict]) -> list[dict]:
    valid = {row["association_id"]: row["valid"] for row in by_association}
    query = select(SurveyTarget).where(SurveyTarget.survey_id == survey.id)
    if not scope.national:
        # A station admin sees no association-wide target; an association admin sees theirs.
        query = query.where(SurveyTarget.association_id.in_(scope.association_ids or [0]))
    result = []
    for target in db.session.scalars(query.order_by(SurveyTarget.association_id)):
        count = valid.get(target.association_id, 0)
        goal = target.target_count
        result.append(
            {
                "association_id": target.association_id,
                "region_netizens": target.region_netizens,
                "target_share_percent": target.target_share_bp / 100,
                "target": goal,
                "valid": count,
                "progress_percent": round(100 * count / goal, 2) if goal else None,
            }
        )
    return result
