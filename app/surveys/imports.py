"""Questionnaire import from a file: XLSX or CSV with one question per row, or JSON.

Columns: id, type (single|multiple|matrix|text), title, required (1/0, yes/no, 是/否),
profile (same), options ("value:label|value:label"), rows (matrix rows, same form),
show_if ("question=v1,v2"), max_length."""

import csv
import io
import json

from openpyxl import load_workbook

from app.errors import ValidationFailed
from app.surveys.questionnaire import check_questionnaire

COLUMNS = ("id", "type", "title", "required", "profile", "options", "rows", "show_if", "max_length")
TRUE = {"1", "true", "yes", "y", "是", "必填"}


def _bad(message: str, line: int | None = None):
    where = f"line {line}" if line else "file"
    return ValidationFailed(
        "The questionnaire file could not be read.",
        code="questionnaire_file_invalid",
        details={"fields": {where: [message]}},
    )


def _choices(text: str) -> list[dict]:
    items = []
    for part in (text or "").split("|"):
        part = part.strip()
        if part:
            value, _, label = part.partition(":")
            items.append({"value": value.strip(), "label": (label or value).strip()})
    return items


def _question(row: dict, line: int) -> dict:
    question = {
        "id": str(row.get("id") or "").strip(),
        "type": str(row.get("type") or "").strip().lower(),
        "title": str(row.get("title") or "").strip(),
        "required": str(row.get("required") or "").strip().lower() in TRUE,
    }
    if str(row.get("profile") or "").strip().lower() in TRUE:
        question["profile"] = True
    if row.get("options"):
        question["options"] = _choices(str(row["options"]))
    if row.get("rows"):
        question["rows"] = _choices(str(row["rows"]))
    if row.get("show_if"):
        source, _, values = str(row["show_if"]).partition("=")
        question["show_if"] = {
            "question": source.strip(),
            "in": [v.strip() for v in values.split(",") if v.strip()],
        }
    if row.get("max_length"):
        try:
            question["max_length"] = int(row["max_length"])
        except ValueError as error:
            raise _bad("max_length is a whole number.", line) from error
    return question


def _rows_to_questionnaire(header: list, rows) -> dict:
    header = [str(h or "").strip().lower() for h in header]
    if "id" not in header or "type" not in header or "title" not in header:
        raise _bad("The first row names the columns: " + ", ".join(COLUMNS) + ".")
    questions = []
    for line, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        questions.append(_question(dict(zip(header, values, strict=False)), line))
    return {"questions": questions}


def parse_questionnaire_file(*, filename: str, content: bytes) -> dict:
    """A checked questionnaire from an uploaded file; 422 with the problem otherwise."""
    name = (filename or "").lower()
    try:
        if name.endswith(".json"):
            questionnaire = json.loads(content.decode("utf-8-sig"))
        elif name.endswith(".csv"):
            reader = csv.reader(io.StringIO(content.decode("utf-8-sig")))
            rows = list(reader)
            if not rows:
                raise _bad("The file is empty.")
            questionnaire = _rows_to_questionnaire(rows[0], rows[1:])
        elif name.endswith(".xlsx"):
            sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
            rows = list(sheet.iter_rows(values_only=True))
            if not rows:
                raise _bad("The sheet is empty.")
            questionnaire = _rows_to_questionnaire(list(rows[0]), rows[1:])
        else:
            raise _bad("Upload a .xlsx, .csv or .json file.")
    except (UnicodeDecodeError, json.JSONDecodeError, csv.Error, OSError, KeyError) as error:
        raise _bad(f"Unreadable file ({type(error).__name__}).") from error
    except Exception as error:  # openpyxl raises assorted errors on non-XLSX bytes
        if isinstance(error, ValidationFailed):
            raise
        raise _bad(f"Unreadable file ({type(error).__name__}).") from error
    return check_questionnaire(questionnaire)
