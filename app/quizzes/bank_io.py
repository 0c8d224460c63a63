"""Reading a question bank from XLSX or CSV. The first row names the columns (Chinese or English):

题型/kind, 题干/stem, 选项A…选项H (or A…H), 答案/answer, 解析/explanation, 分类/category,
难度/difficulty. Kinds: 单选/single, 多选/multiple, 判断/true_false. Answers: "A", "AC", "A,C";
for 判断 also 对/错/正确/错误/√/×/true/false. Difficulty: 1–3 or 易/中/难."""

import csv
import io
import re

from openpyxl import load_workbook

from app.errors import BadRequest
from app.quizzes.errors import ImportFileUnreadable
from app.quizzes.models import OPTION_KEYS

HEADERS = {
    "题型": "kind",
    "kind": "kind",
    "type": "kind",
    "题干": "stem",
    "题目": "stem",
    "stem": "stem",
    "question": "stem",
    "答案": "answer",
    "正确答案": "answer",
    "answer": "answer",
    "解析": "explanation",
    "答案解析": "explanation",
    "explanation": "explanation",
    "分类": "category",
    "类别": "category",
    "category": "category",
    "难度": "difficulty",
    "difficulty": "difficulty",
}
for _key in OPTION_KEYS:
    HEADERS[f"选项{_key}"] = f"option_{_key}"
    HEADERS[_key.lower()] = f"option_{_key}"
    HEADERS[f"option_{_key.lower()}"] = f"option_{_key}"
HEADERS = {name.lower(): column for name, column in HEADERS.items()}

KINDS = {
    "单选": "single",
    "单选题": "single",
    "single": "single",
    "多选": "multiple",
    "多选题": "multiple",
    "multiple": "multiple",
    "判断": "true_false",
    "判断题": "true_false",
    "true_false": "true_false",
}
TRUE_WORDS = {"对", "正确", "√", "是", "true", "t", "yes", "a"}
FALSE_WORDS = {"错", "错误", "×", "否", "false", "f", "no", "b"}
DIFFICULTIES = {"1": 1, "2": 2, "3": 3, "易": 1, "简单": 1, "中": 2, "中等": 2, "难": 3, "困难": 3}
MAX_ROWS = 5000


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_table(content: bytes, filename: str) -> list[list[str]]:
    """All rows of the first sheet (XLSX) or of the CSV (UTF-8, with or without BOM, or GBK)."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many types for a broken file
            raise ImportFileUnreadable("The file is not a readable XLSX workbook.") from error
        rows = [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
        return rows
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileUnreadable("The CSV is neither UTF-8 nor GBK.")
        return [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text))]
    raise BadRequest("Upload an .xlsx or .csv file.", code="import_file_type")


def _answer(kind: str, raw: str) -> list[str] | str:
    if kind == "true_false" and raw.casefold() in TRUE_WORDS | FALSE_WORDS:
        return ["A"] if raw.casefold() in TRUE_WORDS else ["B"]
    letters = re.sub(r"[\s,，、;；/]+", "", raw).upper()
    if not letters or not letters.isalpha() or not letters.isascii():
        return f"answer: {raw!r} is not a list of option letters"
    return list(letters)


def parse_rows(table: list[list[str]]) -> list[tuple[int, dict]]:
    """(row number as shown in a spreadsheet, question fields or {"_error": reason}) for each
    non-empty data row."""
    if not table:
        raise BadRequest("The file is empty.", code="import_file_empty")
    columns = [HEADERS.get(h.strip().lower().replace(" ", "")) for h in table[0]]
    missing = {"kind", "stem", "answer", "category"} - set(columns)
    if missing:
        raise BadRequest(
            "The header row lacks columns: " + ", ".join(sorted(missing)) + ".",
            code="import_header_missing",
            details={"missing": sorted(missing)},
        )
    if len(table) - 1 > MAX_ROWS:
        raise BadRequest(f"At most {MAX_ROWS} rows per file.", code="import_too_many_rows")
    parsed = []
    for number, cells in enumerate(table[1:], start=2):
        values = {c: v for c, v in zip(columns, cells, strict=False) if c and v}
        if not values:
            continue
        parsed.append((number, _row(values)))
    return parsed


def _row(values: dict) -> dict:
    raw_kind = values.get("kind", "")
    kind = KINDS.get(raw_kind.lower())
    if kind is None:
        return {"_error": f"kind: unknown question type {raw_kind!r}"}
    options = [
        {"key": key, "text": values[f"option_{key}"]}
        for key in OPTION_KEYS
        if values.get(f"option_{key}")
    ]
    answer = _answer(kind, values.get("answer", ""))
    if isinstance(answer, str):
        return {"_error": answer}
    raw_difficulty = values.get("difficulty", "1")
    difficulty = DIFFICULTIES.get(raw_difficulty)
    if difficulty is None:
        return {"_error": f"difficulty: {raw_difficulty!r} is not 1-3 or 易/中/难"}
    return {
        "kind": kind,
        "stem": values.get("stem", ""),
        "options": options,
        "answer": answer,
        "explanation": values.get("explanation", ""),
        "category": values.get("category", ""),
        "difficulty": difficulty,
    }
