"""The survey subsidy (组织宣传补贴, seed 000 运行费用): when collection closes, each station, and
each association for its own links, is paid its valid questionnaire count × a rate in fen
(default 10 fen = 10% of the count in yuan, no cap).

Statement lines are append-only. The item key carries the payee's statement version (1 for the
first line, 2 for the first adjustment, ...), so the same data always gives the same keys, a
repeated run adds nothing, and a run after re-reviews adds one adjustment line per payee whose
total changed, recording previous total, new total and the difference."""

from collections.abc import Iterator

from sqlalchemy import String, case, cast, func, literal, select
from sqlalchemy.exc import IntegrityError

from app.core.time import as_utc, utcnow
from app.core.transactions import use_case
from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.settlements.kinds import ItemSpec, register_kind
from app.surveys.errors import SurveyNotFound
from app.surveys.models import SubsidyLine, Survey, SurveyDailyCount

KIND = "survey_subsidy"


def payee_totals(survey_id: int) -> list[tuple[str, int | None, int | None, int]]:
    """(payee key, station id, association id, valid count) per payee, in key order."""
    table = SurveyDailyCount
    # String + renders concat() on MariaDB and || on SQLite.
    payee = case(
        (table.station_id.is_not(None), literal("station:") + cast(table.station_id, String)),
        else_=literal("association:") + cast(table.association_id, String),
    ).label("payee")
    rows = db.session.execute(
        select(
            payee,
            func.min(table.station_id),
            func.min(table.association_id),
            func.sum(table.valid_count),
        )
        .where(table.survey_id == survey_id)
        .group_by(payee)
    ).all()
    return sorted((key, station, assoc, int(valid or 0)) for key, station, assoc, valid in rows)


def stated(survey_id: int) -> dict[str, tuple[int, int]]:
    """payee key → (lines so far, latest new total in fen)."""
    latest = (
        select(func.max(SubsidyLine.id).label("last_id"), func.count().label("lines"))
        .where(SubsidyLine.survey_id == survey_id)
        .group_by(SubsidyLine.payee_key)
    ).subquery()
    rows = db.session.execute(
        select(SubsidyLine.payee_key, latest.c.lines, SubsidyLine.new_total_fen).join(
            latest, SubsidyLine.id == latest.c.last_id
        )
    ).all()
    return {key: (int(count), int(total)) for key, count, total in rows}


def validate_scope(scope: dict) -> dict:
    """{"survey_id": N, "fen_per_valid"?: N}: the survey must exist and its collection window be
    closed (409 survey_still_collecting), so a run is never recorded that could only fail."""
    fields: dict[str, list[str]] = {}
    survey_id = scope.get("survey_id")
    if type(survey_id) is not int or survey_id < 1:
        fields["scope.survey_id"] = ["A survey id (a positive whole number) is required."]
    rate = scope.get("fen_per_valid")
    if rate is not None and (type(rate) is not int or rate < 0):
        fields["scope.fen_per_valid"] = ["Fen per valid answer: a whole number, 0 or more."]
    if fields:
        raise ValidationFailed("The subsidy scope is not valid.", details={"fields": fields})
    survey = _closed_survey(survey_id, before_close=bool(scope.get("before_close")))
    return {**scope, "survey_id": survey.id}


def _closed_survey(survey_id: int, *, before_close: bool = False) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise SurveyNotFound()
    if utcnow() < as_utc(survey.collection_ends_at) and not before_close:
        raise Conflict(
            "The collection window has not closed yet; settle after it closes.",
            code="survey_still_collecting",
            details={"collection_ends_at": as_utc(survey.collection_ends_at).isoformat()},
        )
    return survey


def materialise(scope: dict) -> Iterator[ItemSpec]:
    """One item per payee whose valid count × rate differs from what it was last stated: the
    first line, or an adjustment after re-reviews. Refuses while collection is still open."""
    survey = _closed_survey(int(scope["survey_id"]), before_close=bool(scope.get("before_close")))
    rate = int(scope.get("fen_per_valid", survey.subsidy_fen_per_valid))
    if rate < 0:
        raise ValidationFailed("The rate cannot be negative.", code="rate_invalid")
    previous = stated(survey.id)
    for payee_key, station_id, association_id, valid in payee_totals(survey.id):
        lines, previous_total = previous.get(payee_key, (0, 0))
        new_total = valid * rate
        if new_total == previous_total and (lines or valid == 0):
            continue
        version = lines + 1
        yield ItemSpec(
            item_key=f"{KIND}:{survey.id}:{payee_key}:v{version}",
            amount=new_total - previous_total,
            station_id=station_id,
            association_id=association_id,
            reference_type="survey",
            reference_id=str(survey.id),
            payload={
                "survey_id": survey.id,
                "payee_key": payee_key,
                "version": version,
                "valid_count": valid,
                "fen_per_valid": rate,
                "review_revision": survey.review_revision,
                "previous_total_fen": previous_total,
                "new_total_fen": new_total,
            },
        )


def _line(item) -> SubsidyLine:
    payload = item.payload
    return SubsidyLine(
        survey_id=payload["survey_id"],
        item_key=item.item_key,
        payee_key=payload["payee_key"],
        station_id=item.station_id if payload["payee_key"].startswith("station:") else None,
        association_id=item.association_id,
        review_revision=payload["review_revision"],
        valid_count=payload["valid_count"],
        fen_per_valid=payload["fen_per_valid"],
        previous_total_fen=payload["previous_total_fen"],
        new_total_fen=payload["new_total_fen"],
        delta_fen=payload["new_total_fen"] - payload["previous_total_fen"],
        is_adjustment=payload["version"] > 1,
    )


def apply(item) -> SubsidyLine | None:
    """Write the item's statement line once (a repeat of the same item key writes nothing).
    Flushes only."""
    if db.session.scalar(select(SubsidyLine.id).where(SubsidyLine.item_key == item.item_key)):
        return None
    line = _line(item)
    try:
        with db.session.begin_nested():
            db.session.add(line)
    except IntegrityError:
        return None  # a concurrent run wrote this very line first
    return line


def apply_many(items: list) -> list:
    """apply() for a chunk in two statements: the items whose key is not written yet, inserted
    together. Flushes only; on a key collision (a concurrent run) the caller rolls back and
    retries, and the retry skips what the other run wrote."""
    keys = [item.item_key for item in items]
    done = set(
        db.session.scalars(select(SubsidyLine.item_key).where(SubsidyLine.item_key.in_(keys)))
    )
    fresh = [item for item in items if item.item_key not in done]
    db.session.add_all([_line(item) for item in fresh])
    db.session.flush()
    return fresh


def settle(*, survey_id: int, fen_per_valid: int | None = None, chunk: int = 500) -> dict:
    """Materialise and apply without the engine, one transaction per chunk of items. Commits."""
    scope = {"survey_id": survey_id}
    if fen_per_valid is not None:
        scope["fen_per_valid"] = fen_per_valid
    items = list(materialise(scope))
    db.session.rollback()  # end the read transaction before writing chunks
    written, delta = 0, 0
    for start in range(0, len(items), chunk):
        part = items[start : start + chunk]
        for attempt in range(3):
            try:
                fresh = use_case(apply_many)(part)
                break
            except IntegrityError:
                # A concurrent run wrote some of these lines first: the retry skips them.
                if attempt == 2:
                    raise
        written += len(fresh)
        delta += sum(item.amount for item in fresh)
    return {"items": len(items), "lines_written": written, "delta_fen": delta}


register_kind(
    KIND,
    materialise=materialise,
    apply=apply,
    validate_scope=validate_scope,
    description="Survey subsidy per station and association: valid count × fen per valid.",
)
