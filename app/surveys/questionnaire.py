"""The questionnaire: its shape, answer checking, skip logic and the content-based flags
(incomplete, straight-lining). Pure functions, no database.

A questionnaire is {"questions": [...]}, each question
  {"id", "type": single|multiple|matrix|text, "title", "required": bool,
   "options": [{"value", "label"}]          (single, multiple; the scale of a matrix)
   "rows": [{"value", "label"}]             (matrix)
   "profile": bool                          (counted in the respondent portrait)
   "show_if": {"question": id, "in": [v]}   (asked only when that earlier answer is among v)
   "max_length": int                        (text, default 1000)}
Answers are {question_id: "v" | ["v", ...] | {row: "v"} | "text"}."""

import re

from app.errors import ValidationFailed
from app.surveys.errors import QuestionnaireInvalid

TYPES = ("single", "multiple", "matrix", "text")
ID_PATTERN = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
MAX_QUESTIONS = 200


def _problem(problems: dict, key: str, message: str) -> None:
    problems.setdefault(key, []).append(message)


def _choices(question: dict, key: str, where: str, problems: dict) -> list[str]:
    items = question.get(key)
    if not isinstance(items, list) or not items:
        _problem(problems, where, f"Give a non-empty list of {key}.")
        return []
    values = []
    for item in items:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("value"), str)
            or not ID_PATTERN.match(item["value"])
            or not isinstance(item.get("label"), str)
        ):
            _problem(
                problems, where, f"Each of {key} is {{value, label}}; value is 1-64 of A-Za-z0-9_-."
            )
            return []
        values.append(item["value"])
    if len(set(values)) != len(values):
        _problem(problems, where, f"Values of {key} must be unique.")
    return values


def check_questionnaire(questionnaire) -> dict:
    """The questionnaire if well formed, else 422 with per-question messages."""
    problems: dict = {}
    questions = questionnaire.get("questions") if isinstance(questionnaire, dict) else None
    if not isinstance(questions, list) or not questions or len(questions) > MAX_QUESTIONS:
        raise QuestionnaireInvalid(
            details={"fields": {"questionnaire": ["Give {questions: [...]} with 1-200 items."]}}
        )
    seen: dict[str, dict] = {}
    for index, question in enumerate(questions):
        where = f"questions[{index}]"
        if not isinstance(question, dict):
            _problem(problems, where, "A question is an object.")
            continue
        qid = question.get("id")
        if not isinstance(qid, str) or not ID_PATTERN.match(qid):
            _problem(problems, where, "id is 1-64 of A-Za-z0-9_-.")
            continue
        if qid in seen:
            _problem(problems, where, f"Duplicate id {qid}.")
        if question.get("type") not in TYPES:
            _problem(problems, where, "type is one of " + ", ".join(TYPES) + ".")
        if not isinstance(question.get("title"), str) or not question["title"].strip():
            _problem(problems, where, "title is required.")
        if not isinstance(question.get("required", False), bool):
            _problem(problems, where, "required is true or false.")
        if question.get("type") in ("single", "multiple", "matrix"):
            _choices(question, "options", where, problems)
        if question.get("type") == "matrix":
            _choices(question, "rows", where, problems)
        show_if = question.get("show_if")
        if show_if is not None:
            target = seen.get(show_if.get("question")) if isinstance(show_if, dict) else None
            if (
                target is None
                or target.get("type") not in ("single", "multiple")
                or not isinstance(show_if.get("in"), list)
                or not show_if["in"]
            ):
                _problem(
                    problems,
                    where,
                    "show_if names an earlier single or multiple question and a list 'in'.",
                )
        seen[qid] = question
    if problems:
        raise QuestionnaireInvalid("The questionnaire is not valid.", details={"fields": problems})
    return questionnaire


def _values(question: dict, key: str = "options") -> set[str]:
    return {item["value"] for item in question.get(key) or []}


def check_answer_shapes(questionnaire: dict, answers) -> dict:
    """The answers if each names a known question with a well-formed value, else 422.
    (Missing answers are not an error here: an incomplete response is kept and flagged.)"""
    if not isinstance(answers, dict):
        raise ValidationFailed(
            "answers is an object of question id to answer.",
            details={"fields": {"answers": ["Must be an object."]}},
        )
    by_id = {q["id"]: q for q in questionnaire["questions"]}
    problems: dict = {}
    for qid, value in answers.items():
        question = by_id.get(qid)
        if question is None:
            _problem(problems, qid, "No such question.")
            continue
        kind = question["type"]
        options = _values(question)
        if kind == "single":
            if not isinstance(value, str) or value not in options:
                _problem(problems, qid, "Choose one of the options.")
        elif kind == "multiple":
            if (
                not isinstance(value, list)
                or not all(isinstance(v, str) and v in options for v in value)
                or len(set(value)) != len(value)
            ):
                _problem(problems, qid, "Choose a list of distinct options.")
        elif kind == "matrix":
            rows = _values(question, "rows")
            if not isinstance(value, dict) or not all(
                row in rows and isinstance(v, str) and v in options for row, v in value.items()
            ):
                _problem(problems, qid, "Give {row: option} for rows of this matrix.")
        elif kind == "text":
            limit = int(question.get("max_length") or 1000)
            if not isinstance(value, str) or len(value) > limit:
                _problem(problems, qid, f"Give text of at most {limit} characters.")
    if problems:
        raise ValidationFailed(
            "Some answers are not valid.",
            code="answers_invalid",
            details={"fields": {"answers": problems}},
        )
    return answers


def _answered(question: dict, value) -> bool:
    if value is None:
        return False
    if question["type"] == "text":
        return bool(value.strip())
    if question["type"] == "matrix":
        return len(value) == len(question["rows"])
    if question["type"] == "multiple":
        return bool(value)
    return True


def visible_questions(questionnaire: dict, answers: dict) -> list[dict]:
    """The questions the respondent was asked, following skip logic in order."""
    shown: list[dict] = []
    shown_ids: set[str] = set()
    for question in questionnaire["questions"]:
        condition = question.get("show_if")
        if condition:
            source = condition["question"]
            given = answers.get(source) if source in shown_ids else None
            given_set = set(given) if isinstance(given, list) else {given}
            if not given_set & set(condition["in"]):
                continue
        shown.append(question)
        shown_ids.add(question["id"])
    return shown


def content_flags(questionnaire: dict, answers: dict, *, straight_line_min_rows: int) -> list:
    """Flags from the answers alone: incomplete (a required, shown question unanswered) and
    straight-lining (a matrix of at least N rows answered with one option throughout)."""
    flags = []
    shown = visible_questions(questionnaire, answers)
    missing = [
        q["id"] for q in shown if q.get("required") and not _answered(q, answers.get(q["id"]))
    ]
    if missing:
        flags.append(
            {"flag": "incomplete", "reason": "Required questions unanswered: " + ", ".join(missing)}
        )
    for question in shown:
        value = answers.get(question["id"])
        if question["type"] != "matrix" or not isinstance(value, dict):
            continue
        rows = len(value)
        if rows >= max(2, straight_line_min_rows) and len(set(value.values())) == 1:
            flags.append(
                {
                    "flag": "straight_lining",
                    "reason": f"All {rows} rows of {question['id']} answered "
                    f"'{next(iter(value.values()))}'.",
                }
            )
    return flags


def portrait_values(questionnaire: dict, answers: dict) -> list[tuple[str, str]]:
    """(question id, option) pairs of the profile questions the respondent answered."""
    pairs = []
    for question in visible_questions(questionnaire, answers):
        if not question.get("profile"):
            continue
        value = answers.get(question["id"])
        if question["type"] == "single" and isinstance(value, str):
            pairs.append((question["id"], value))
        elif question["type"] == "multiple" and isinstance(value, list):
            pairs.extend((question["id"], v) for v in value)
    return pairs
