"""The question bank: checking, creating, changing, retiring and importing questions."""

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.pagination import paginate
from app.core.transactions import use_case
from app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.extensions import db
from app.quizzes import bank_io, pools, scoping
from app.quizzes.models import OPTION_KEYS, QuestionKind, QuizQuestion
from app.users.models import User

TRUE_FALSE_OPTIONS = [{"key": "A", "text": "正确"}, {"key": "B", "text": "错误"}]
_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


def stem_hash(stem: str) -> str:
    """Stems that differ only in spacing, punctuation, width or case are the same question."""
    folded = unicodedata.normalize("NFKC", stem).casefold()
    return hashlib.sha256(_PUNCTUATION.sub("", folded).encode()).hexdigest()


def check_question(data: dict) -> dict:
    """The question's fields, normalised, or ValidationFailed with a message per field."""
    problems: dict[str, list[str]] = {}
    kind = data.get("kind")
    if kind not in set(QuestionKind):
        problems["kind"] = ["Must be single, multiple or true_false."]
    stem = (data.get("stem") or "").strip()
    if not stem:
        problems["stem"] = ["The question text is empty."]
    elif len(stem) > 1000:
        problems["stem"] = ["At most 1000 characters."]
    options = data.get("options")
    if kind == QuestionKind.TRUE_FALSE and not options:
        options = TRUE_FALSE_OPTIONS
    options = [
        {"key": str(o.get("key", "")).strip().upper(), "text": str(o.get("text", "")).strip()}
        for o in (options or [])
    ]
    keys = [o["key"] for o in options]
    if not 2 <= len(options) <= len(OPTION_KEYS):
        problems["options"] = [f"Give 2 to {len(OPTION_KEYS)} options."]
    elif keys != list(OPTION_KEYS[: len(keys)]):
        problems["options"] = ["Option keys must be A, B, C … in order."]
    elif any(not o["text"] for o in options):
        problems["options"] = ["An option has no text."]
    elif kind == QuestionKind.TRUE_FALSE and len(options) != 2:
        problems["options"] = ["A true/false question has exactly two options."]
    answer = sorted({str(a).strip().upper() for a in data.get("answer") or []})
    if not answer:
        problems["answer"] = ["Give the right answer."]
    elif "options" not in problems and not set(answer) <= set(keys):
        problems["answer"] = ["The answer names an option that does not exist."]
    elif kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and len(answer) != 1:
        problems["answer"] = ["This kind of question has exactly one right answer."]
    elif kind == QuestionKind.MULTIPLE and len(answer) < 2:
        problems["answer"] = ["A multiple-choice question has at least two right answers."]
    category = (data.get("category") or "").strip()
    if not category:
        problems["category"] = ["Give a category."]
    elif len(category) > 32:
        problems["category"] = ["At most 32 characters."]
    difficulty = data.get("difficulty", 1)
    if (
        not isinstance(difficulty, int)
        or isinstance(difficulty, bool)
        or difficulty
        not in (
            1,
            2,
            3,
        )
    ):
        problems["difficulty"] = ["Must be 1 (easy), 2 (medium) or 3 (hard)."]
    if problems:
        raise ValidationFailed("The question is not valid.", details={"fields": problems})
    return {
        "kind": kind,
        "stem": stem,
        "options": options,
        "answer": answer,
        "explanation": (data.get("explanation") or "").strip(),
        "category": category,
        "difficulty": difficulty,
    }


def _find_duplicate(key: str, digest: str, exclude_id: int | None = None) -> QuizQuestion | None:
    statement = select(QuizQuestion).where(
        QuizQuestion.bank_key == key, QuizQuestion.stem_hash == digest
    )
    if exclude_id is not None:
        statement = statement.where(QuizQuestion.id != exclude_id)
    return db.session.scalar(statement)


def _duplicate_error(existing: QuizQuestion) -> Conflict:
    return Conflict(
        "The bank already has this question.",
        code="question_duplicate",
        details={"question_id": existing.id},
    )


def _insert(question: QuizQuestion) -> QuizQuestion:
    try:
        with db.session.begin_nested():
            db.session.add(question)
    except IntegrityError:
        existing = _find_duplicate(question.bank_key, question.stem_hash)
        if existing is None:
            raise
        raise _duplicate_error(existing) from None
    return question


def create_question(
    *, user: User, scope: str, association_id: int | None, station_id: int | None, data: dict
) -> QuizQuestion:
    """Add a question to a bank the user manages; a duplicate stem is a 409. Commits, then
    drops this process's cached pools."""
    question = add_question(
        user=user, scope=scope, association_id=association_id, station_id=station_id, data=data
    )
    pools.forget()
    return question


@use_case
def add_question(
    *, user: User, scope: str, association_id: int | None, station_id: int | None, data: dict
) -> QuizQuestion:
    """The unit of work of create_question."""
    scope, association_id, station_id = scoping.resolve_scope(
        user=user, scope=scope, association_id=association_id, station_id=station_id
    )
    fields = check_question(data)
    key = scoping.bank_key(scope, association_id, station_id)
    existing = _find_duplicate(key, stem_hash(fields["stem"]))
    if existing is not None:
        raise _duplicate_error(existing)
    question = _insert(
        QuizQuestion(
            scope=scope,
            association_id=association_id,
            station_id=station_id,
            bank_key=key,
            stem_hash=stem_hash(fields["stem"]),
            created_by_id=user.id,
            **fields,
        )
    )
    return question


def get_question_for_admin(*, user: User, question_id: int) -> QuizQuestion:
    """A question the user may manage, else 404/403."""
    question = db.session.get(QuizQuestion, question_id)
    if question is None:
        raise NotFound("No such question.", code="question_not_found")
    if not scoping.manages(user, question):
        raise Forbidden("You do not manage this question's bank.")
    return question


def update_question(*, user: User, question_id: int, changes: dict) -> QuizQuestion:
    """Change a question; attempts already drawn keep grading against the new answer. Commits,
    then drops this process's cached pools."""
    question = change_question(user=user, question_id=question_id, changes=changes)
    pools.forget()
    return question


@use_case
def change_question(*, user: User, question_id: int, changes: dict) -> QuizQuestion:
    """The unit of work of update_question."""
    question = get_question_for_admin(user=user, question_id=question_id)
    current = {
        name: getattr(question, name)
        for name in ("kind", "stem", "options", "answer", "explanation", "category", "difficulty")
    }
    fields = check_question({**current, **changes})
    digest = stem_hash(fields["stem"])
    existing = _find_duplicate(question.bank_key, digest, exclude_id=question.id)
    if existing is not None:
        raise _duplicate_error(existing)
    for name, value in fields.items():
        setattr(question, name, value)
    question.stem_hash = digest
    if "active" in changes:
        question.active = bool(changes["active"])
    return question


def retire_question(*, user: User, question_id: int) -> QuizQuestion:
    """Stop drawing a question; attempts that drew it keep it. Commits, then drops this
    process's cached pools."""
    question = deactivate_question(user=user, question_id=question_id)
    pools.forget()
    return question


@use_case
def deactivate_question(*, user: User, question_id: int) -> QuizQuestion:
    """The unit of work of retire_question."""
    question = get_question_for_admin(user=user, question_id=question_id)
    question.active = False
    return question


def list_questions(
    *,
    user: User,
    scope: str,
    association_id: int | None,
    station_id: int | None,
    category: str | None,
    page: int,
    per_page: int,
) -> dict:
    """One bank's questions with answers, only for those who manage that bank (the same rule as
    a single question, scoping.manages): the national bank for union admins, an association's
    for its admins, a station's for the admins of it or its parent. Its answers are what every
    campaign and assessment drawing from it grades against."""
    scope, association_id, station_id = scoping.resolve_scope(
        user=user, scope=scope, association_id=association_id, station_id=station_id
    )
    key = scoping.bank_key(scope, association_id, station_id)
    statement = select(QuizQuestion).where(QuizQuestion.bank_key == key)
    if category:
        statement = statement.where(QuizQuestion.category == category)
    return paginate(statement.order_by(QuizQuestion.id), page=page, per_page=per_page)


@dataclass
class ImportReport:
    imported: int = 0
    rejected: list[dict] = field(default_factory=list)  # [{"row": n, "reason": "..."}]
    question_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "imported": self.imported,
            "rejected_count": len(self.rejected),
            "rejected": self.rejected,
        }


def _reason(error: ValidationFailed) -> str:
    fields_ = error.details.get("fields", {})
    return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in fields_.items())


def import_questions(
    *,
    rows: Iterable[tuple[int, dict]],
    scope: str,
    association_id: int | None,
    station_id: int | None,
    created_by_id: int | None,
    on_row: Callable[[], None] | None = None,
) -> ImportReport:
    """Add every valid row to the bank and report each rejected one by row number and reason
    (malformed, or a stem already in the bank or earlier in the file). Flushes; the caller
    commits once, so an import that fails midway writes nothing."""
    key = scoping.bank_key(scope, association_id, station_id)
    known = set(
        db.session.scalars(select(QuizQuestion.stem_hash).where(QuizQuestion.bank_key == key))
    )
    report = ImportReport()
    for row_number, row in rows:
        if on_row is not None:
            on_row()
        if "_error" in row:
            report.rejected.append({"row": row_number, "reason": row["_error"]})
            continue
        try:
            fields = check_question(row)
        except ValidationFailed as error:
            report.rejected.append({"row": row_number, "reason": _reason(error)})
            continue
        digest = stem_hash(fields["stem"])
        if digest in known:
            report.rejected.append(
                {"row": row_number, "reason": "duplicate: this stem is already in the bank"}
            )
            continue
        known.add(digest)
        question = QuizQuestion(
            scope=scope,
            association_id=association_id,
            station_id=station_id,
            bank_key=key,
            stem_hash=digest,
            created_by_id=created_by_id,
            **fields,
        )
        db.session.add(question)
        report.imported += 1
    db.session.flush()
    pools.forget()
    return report


def import_for_admin(
    *,
    user: User,
    content: bytes,
    filename: str,
    scope: str,
    association_id: int | None,
    station_id: int | None,
) -> ImportReport:
    """The admin's upload: import an .xlsx/.csv into a bank they manage. Commits once."""
    scope, association_id, station_id = scoping.resolve_scope(
        user=user, scope=scope, association_id=association_id, station_id=station_id
    )
    rows = bank_io.parse_rows(bank_io.read_table(content, filename))
    try:
        report = use_case(import_questions)(
            rows=rows,
            scope=scope,
            association_id=association_id,
            station_id=station_id,
            created_by_id=user.id,
        )
    except IntegrityError:
        raise Conflict(
            "Another import added some of these questions meanwhile; run it again.",
            code="import_conflict",
        ) from None
    return report
