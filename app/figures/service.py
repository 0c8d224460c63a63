"""The dashboard's figures for an association, or for the country (the union). Every series is
one GROUP BY query over the last 12 months (Asia/Shanghai months), integers only."""

from sqlalchemy import distinct, func, select

from app.extensions import db
from app.figures.months import last_months, month_of
from app.gifts.models import Redemption, RedemptionStatus
from app.hours.models import ServiceHourRecord
from app.hours.service import effective_clause
from app.quizzes.models import AttemptStatus, QuizAttempt
from app.stations.models import Station
from app.targets import service as targets
from app.volunteers.models import VolunteerProfile


def _series(months: list[str], rows) -> list[int]:
    found = {month: int(value or 0) for month, value in rows}
    return [found.get(month, 0) for month in months]


def _in_scope(column, association_id: int | None):
    """column (a station id) belongs to the association; None: the whole country."""
    if association_id is None:
        return None
    return column.in_(select(Station.id).where(Station.association_id == association_id))


def _grouped(*, value, time, station_column, association_id, since, extra=()):
    month = month_of(time)
    statement = select(month.label("month"), value).where(time >= since, *extra)
    scope = _in_scope(station_column, association_id)
    if scope is not None:
        statement = statement.where(scope)
    return db.session.execute(statement.group_by(month)).all()


def figures(*, association_id: int | None) -> dict:
    """Monthly series and current counts for an association (or the country when None)."""
    months, since = last_months()
    new_volunteers = _grouped(
        value=func.count(VolunteerProfile.id),
        time=VolunteerProfile.approved_at,
        station_column=VolunteerProfile.home_station_id,
        association_id=association_id,
        since=since,
    )
    total_volunteers = select(func.count(VolunteerProfile.id))
    scope = _in_scope(VolunteerProfile.home_station_id, association_id)
    if scope is not None:
        total_volunteers = total_volunteers.where(scope)
    verified_minutes = _grouped(
        value=func.sum(ServiceHourRecord.minutes),
        time=ServiceHourRecord.started_at,
        station_column=ServiceHourRecord.station_id,
        association_id=association_id,
        since=since,
        extra=(effective_clause(),),
    )
    submitted = (QuizAttempt.status == AttemptStatus.SUBMITTED,)
    attempts = _grouped(
        value=func.count(QuizAttempt.id),
        time=QuizAttempt.submitted_at,
        station_column=QuizAttempt.station_id,
        association_id=association_id,
        since=since,
        extra=submitted,
    )
    participants = _grouped(
        value=func.count(distinct(QuizAttempt.user_id)),
        time=QuizAttempt.submitted_at,
        station_column=QuizAttempt.station_id,
        association_id=association_id,
        since=since,
        extra=submitted,
    )
    quiz_points = _grouped(
        value=func.sum(QuizAttempt.points_awarded),
        time=QuizAttempt.submitted_at,
        station_column=QuizAttempt.station_id,
        association_id=association_id,
        since=since,
        extra=submitted,
    )
    service_points = _grouped(
        value=func.sum(ServiceHourRecord.credited_points),
        time=ServiceHourRecord.credited_at,
        station_column=ServiceHourRecord.station_id,
        association_id=association_id,
        since=since,
        extra=(ServiceHourRecord.credited_at.is_not(None),),
    )
    redeemed = _grouped(
        value=func.sum(Redemption.points_spent),
        time=Redemption.created_at,
        station_column=Redemption.pickup_station_id,
        association_id=association_id,
        since=since,
        # Cancelled and expired redemptions were refunded: their points came back.
        extra=(Redemption.status.in_([RedemptionStatus.PENDING, RedemptionStatus.FULFILLED]),),
    )
    stations = select(Station.kind, Station.status, func.count(Station.id)).group_by(
        Station.kind, Station.status
    )
    if association_id is not None:
        stations = stations.where(Station.association_id == association_id)
    quiz_series = _series(months, quiz_points)
    service_series = _series(months, service_points)
    return {
        "association_id": association_id,
        "months": months,
        "volunteers": {
            "total": int(db.session.scalar(total_volunteers) or 0),
            "new_per_month": _series(months, new_volunteers),
        },
        "verified_minutes_per_month": _series(months, verified_minutes),
        "quiz": {
            "attempts_per_month": _series(months, attempts),
            "participants_per_month": _series(months, participants),
        },
        "points": {
            "issued_per_month": [q + s for q, s in zip(quiz_series, service_series, strict=True)],
            "quiz_issued_per_month": quiz_series,
            "service_issued_per_month": service_series,
            "redeemed_per_month": _series(months, redeemed),
        },
        "stations": [
            {"kind": kind, "status": status, "count": int(count)}
            for kind, status, count in db.session.execute(stations).all()
        ],
        "targets": targets.figures(association_id=association_id) if association_id else None,
    }
