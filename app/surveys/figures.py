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
from app.errors import Forbidden
from app.extensions import db
from app.stations.errors import AssociationNotFound, StationNotFound
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
            raise StationNotFound()
        if not can_admin_station(user, station):
            raise Forbidden("You are not an admin of this station.")
        return Scope(station_ids=_with_sub_stations({station.id}), association_ids=frozenset())
    if association_id is not None:
        if db.session.get(Association, association_id) is None:
            raise AssociationNotFound()
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

    # Two scans of the counters (per link, per day); stations, associations, ranking and totals
    # are summed here from the per-link rows (at most one per link: 5,135 for the country).
    link_rows = db.session.execute(
        select(
            table.link_id,
            func.min(table.station_id).label("station_id"),
            func.min(table.association_id).label("association_id"),
            *_sums(),
            *[func.sum(getattr(table, f)).label(f) for f in FLAG_FIELDS],
        )
        .where(condition)
        .group_by(table.link_id)
    ).all()
    by_day = [
        {"day": row.day.isoformat(), "valid": int(row.valid), "flagged": int(row.invalid)}
        for row in db.session.execute(
            select(*_sums(table.day)).where(condition).group_by(table.day).order_by(table.day)
        )
    ]
    totals = {
        "valid": sum(int(row.valid) for row in link_rows),
        "flagged": sum(int(row.invalid) for row in link_rows),
        "flags": {
            f.removesuffix("_count"): sum(int(getattr(row, f)) for row in link_rows)
            for f in FLAG_FIELDS
        },
    }
    stations: dict = {}
    associations: dict = {}
    for row in link_rows:
        for key, bucket in ((row.station_id, stations), (row.association_id, associations)):
            if key is None:
                continue
            valid, flagged = bucket.get(key, (0, 0))
            bucket[key] = (valid + int(row.valid), flagged + int(row.invalid))
    station_names = _names(Station, set(stations))
    association_names = _names(Association, set(associations))

    def ordered(bucket: dict, id_name: str, names: dict) -> list[dict]:
        return [
            {id_name: key, "name": names.get(key), "valid": valid, "flagged": flagged}
            for key, (valid, flagged) in sorted(bucket.items(), key=lambda kv: (-kv[1][0], kv[0]))
        ]

    by_association = ordered(associations, "association_id", association_names)
    return {
        "survey_id": survey.id,
        "scope": scope.as_dict(),
        "totals": totals,
        "by_day": by_day,
        "by_station": ordered(stations, "station_id", station_names),
        "by_association": by_association,
        "ranking": _ranking(link_rows, top, station_names, association_names),
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


def _ranking(link_rows, top, station_names, association_names) -> list[dict]:
    """Collectors (links) by valid count, best first."""
    best = sorted(link_rows, key=lambda row: (-int(row.valid), row.link_id))[:top]
    links = {
        link.id: link
        for link in db.session.scalars(
            select(SurveyLink).where(SurveyLink.id.in_([row.link_id for row in best] or [0]))
        )
    }
    ranking = []
    for rank, row in enumerate(best, start=1):
        link = links[row.link_id]
        if link.station_id is not None:
            name = station_names.get(link.station_id)
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
