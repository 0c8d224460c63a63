"""XLSX downloads: figures and subsidy statements (built at once, they are small), and the
responses export, a background job that reports its progress as it writes."""

import io
import json
import os

from flask import current_app
from openpyxl import Workbook
from sqlalchemy import func, select

from app.core.queues import DEFAULT, enqueue
from app.core.time import to_shanghai, utcnow
from app.core.transactions import use_case
from app.errors import Conflict, NotFound
from app.extensions import db
from app.stations.models import Association, Station
from app.surveys.figures import Scope
from app.surveys.models import SubsidyLine, Survey, SurveyExport, SurveyResponse
from app.users.models import User

CHUNK = 5000


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def figures_xlsx(data: dict) -> bytes:
    """The figures as a workbook: totals, days, stations, associations, ranking, portrait."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("totals")
    sheet.append(["valid", "flagged", *data["totals"]["flags"].keys()])
    sheet.append(
        [data["totals"]["valid"], data["totals"]["flagged"], *data["totals"]["flags"].values()]
    )
    for name, rows, columns in (
        ("by_day", data["by_day"], ["day", "valid", "flagged"]),
        ("by_station", data["by_station"], ["station_id", "name", "valid", "flagged"]),
        ("by_association", data["by_association"], ["association_id", "name", "valid", "flagged"]),
        (
            "ranking",
            data["ranking"],
            [
                "rank",
                "name",
                "link_id",
                "station_id",
                "association_id",
                "channel",
                "valid",
                "flagged",
            ],
        ),
        (
            "targets",
            data["targets"],
            [
                "association_id",
                "region_netizens",
                "target_share_percent",
                "target",
                "valid",
                "progress_percent",
            ],
        ),
    ):
        sheet = book.create_sheet(name)
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column) for column in columns])
    sheet = book.create_sheet("portrait")
    sheet.append(["question", "title", "option", "label", "count"])
    for question_id, question in data["portrait"].items():
        for option in question["options"]:
            sheet.append(
                [question_id, question["title"], option["value"], option["label"], option["count"]]
            )
    return _save(book)


def statement_xlsx(survey: Survey, lines: list[SubsidyLine]) -> bytes:
    """Every statement line (append-only history) and the current total per payee, in yuan."""
    stations = _names(Station, {line.station_id for line in lines})
    associations = _names(Association, {line.association_id for line in lines})
    book = Workbook(write_only=True)
    sheet = book.create_sheet("lines")
    sheet.append(
        [
            "line",
            "payee",
            "station",
            "association",
            "valid",
            "fen per valid",
            "previous total (fen)",
            "new total (fen)",
            "delta (fen)",
            "adjustment",
            "created (Beijing)",
        ]
    )
    latest: dict[str, SubsidyLine] = {}
    for line in lines:
        latest[line.payee_key] = line
        sheet.append(
            [
                line.id,
                line.payee_key,
                stations.get(line.station_id),
                associations.get(line.association_id),
                line.valid_count,
                line.fen_per_valid,
                line.previous_total_fen,
                line.new_total_fen,
                line.delta_fen,
                line.is_adjustment,
                to_shanghai(line.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            ]
        )
    sheet = book.create_sheet("totals")
    sheet.append(["payee", "station", "association", "valid", "total (fen)", "total (yuan)"])
    for key, line in sorted(latest.items()):
        sheet.append(
            [
                key,
                stations.get(line.station_id),
                associations.get(line.association_id),
                line.valid_count,
                line.new_total_fen,
                f"{line.new_total_fen / 100:.2f}",
            ]
        )
    sheet.append(
        [
            "all",
            None,
            None,
            sum(x.valid_count for x in latest.values()),
            sum(x.new_total_fen for x in latest.values()),
            f"{sum(x.new_total_fen for x in latest.values()) / 100:.2f}",
        ]
    )
    return _save(book)


def _names(model, ids) -> dict:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())


def export_dir() -> str:
    path = current_app.config["SURVEY_EXPORT_DIR"]
    os.makedirs(path, exist_ok=True)
    return path


def request_export(*, survey: Survey, scope: Scope, requested_by: User) -> SurveyExport:
    """Queue an export of the responses the requester may see. Commits, then enqueues."""
    export = add_export(survey=survey, scope=scope, requested_by=requested_by)
    enqueue(DEFAULT, run_export, export.id, job_id=f"survey-export-{export.id}")
    return db.session.get(SurveyExport, export.id)


@use_case
def add_export(*, survey: Survey, scope: Scope, requested_by: User) -> SurveyExport:
    """Record a queued export; committed before its job is enqueued, so the job finds it."""
    export = SurveyExport(
        survey_id=survey.id, requested_by_id=requested_by.id, scope=scope.as_dict()
    )
    db.session.add(export)
    return export


def run_export(export_id: int) -> None:
    """Job: write the responses to XLSX in id order, committing progress every chunk. A failure
    is recorded on the export and raised again, so the queue records and retries it."""
    try:
        _write_export(export_id)
    except Exception as error:
        db.session.rollback()
        export = db.session.get(SurveyExport, export_id)
        if export is not None:
            export.status, export.error = "failed", type(error).__name__
            db.session.commit()
        raise


def _write_export(export_id: int) -> None:
    export = db.session.get(SurveyExport, export_id)
    if export is None or export.status == "done":
        return
    survey = db.session.get(Survey, export.survey_id)
    scope = Scope.from_dict(export.scope)
    where = [SurveyResponse.survey_id == survey.id, scope.clause(SurveyResponse)]
    export.status = "running"
    export.rows_done = 0
    export.rows_total = db.session.scalar(select(func.count()).where(*where)) or 0
    db.session.commit()
    questions = survey.questionnaire["questions"]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("responses")
    sheet.append(
        [
            "id",
            "submitted (Beijing)",
            "day",
            "link",
            "station",
            "association",
            "seconds",
            "valid",
            "flags",
            *[q["id"] for q in questions],
        ]
    )
    last_id = 0
    while True:
        rows = db.session.scalars(
            select(SurveyResponse)
            .where(*where, SurveyResponse.id > last_id)
            .order_by(SurveyResponse.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            break
        for row in rows:
            sheet.append(
                [
                    row.id,
                    to_shanghai(row.submitted_at).strftime("%Y-%m-%d %H:%M:%S"),
                    row.shanghai_day.isoformat(),
                    row.link_id,
                    row.station_id,
                    row.association_id,
                    row.duration_seconds,
                    row.is_valid,
                    ",".join(f["flag"] for f in row.flags),
                    *[_cell(row.answers.get(q["id"])) for q in questions],
                ]
            )
        last_id = rows[-1].id
        export.rows_done += len(rows)
        db.session.commit()
        for row in rows:  # keep memory flat over millions of rows
            db.session.expunge(row)
    path = os.path.join(export_dir(), f"survey-{survey.id}-export-{export.id}.xlsx")
    book.save(path)
    export.file_path, export.status, export.finished_at = path, "done", utcnow()
    db.session.commit()


def _cell(value):
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def get_export(export_id: int) -> SurveyExport:
    export = db.session.get(SurveyExport, export_id)
    if export is None:
        raise NotFound("No such export.", code="export_not_found")
    return export


def export_file(export: SurveyExport) -> str:
    """The finished file's path; 409 while the export is still running."""
    if export.status != "done" or not export.file_path or not os.path.exists(export.file_path):
        raise Conflict("The export is not ready yet.", code="export_not_ready")
    return export.file_path
