"""The transaction rule, checked: only the one decorator commits.

Every service entry point that commits is marked @use_case (app/core/transactions.py); helpers
only flush. This script fails (exit 1) when `db.session.commit()` appears in app/ outside
app/core/transactions.py and the documented lease commits below, or when `run_in_transaction`
is called outside app/core/transactions.py. Run by `make lint`:

    .venv/bin/python scripts/check_transactions.py
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THE_ONE_PLACE = "app/core/transactions.py"

# (file, enclosing function) -> why this commit is not a use case's.
ALLOWED_COMMITS = {
    ("app/settlements/engine.py", "prepare_run"): (
        "lease commit: the run's claim is visible to other workers before materialising starts"
    ),
    ("app/settlements/engine.py", "_fail_materialising"): (
        "lease commit: the failure is recorded on its own after the work rolled back"
    ),
    ("app/settlements/engine.py", "settle_chunk"): (
        "lease commit: the chunk's claim is visible to other workers before posting starts"
    ),
    ("app/settlements/engine.py", "_release"): (
        "lease commit: the claim is given back (or the chunk failed) after the work rolled back"
    ),
    ("app/surveys/export.py", "run_export"): (
        "job progress: the failure is recorded on the export after the work rolled back"
    ),
    ("app/surveys/export.py", "_write_export"): (
        "job progress: a long export commits its progress every chunk, so the requester sees it"
        " and memory stays flat; the file is written once at the end"
    ),
    ("app/auth/service.py", "touch"): (
        "session bookkeeping: a token's last_seen_at is refreshed at most every few minutes, in"
        " its own small UPDATE before the request's use case starts, so no use case carries it"
    ),
}

# file -> why it still calls run_in_transaction directly.
ALLOWED_RUN_IN_TRANSACTION = {
    "app/points/service.py": "owned by issue 15 (ledger), which restructures it",
    "app/quizzes/attempts.py": "owned by issue 15 (ledger): submit_attempt's restructuring",
}


def _is_session_commit(node: ast.Call) -> bool:
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "commit"
        and isinstance(func.value, ast.Attribute)
        and func.value.attr == "session"
    )


def _is_run_in_transaction(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name == "run_in_transaction"


def violations(root: Path = ROOT) -> list[str]:
    """Every commit or run_in_transaction call the rule does not allow, as 'file:line: why'."""
    found = []
    for path in sorted((root / "app").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative == THE_ONE_PLACE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        enclosing: dict[ast.AST, str] = {}
        for top in ast.walk(tree):
            if isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(top):
                    enclosing.setdefault(inner, top.name)
        # ast.walk is breadth first, so the outermost function claims each node first.
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            where = (relative, enclosing.get(node, "<module>"))
            if _is_session_commit(node) and where not in ALLOWED_COMMITS:
                found.append(
                    f"{relative}:{node.lineno}: db.session.commit() in {where[1]}; mark the use"
                    " case @use_case (app/core/transactions.py) and only flush here"
                )
            if _is_run_in_transaction(node) and relative not in ALLOWED_RUN_IN_TRANSACTION:
                found.append(
                    f"{relative}:{node.lineno}: run_in_transaction in {where[1]}; mark a function"
                    " @use_case instead of passing a closure or lambda"
                )
    return found


def main() -> int:
    found = violations()
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} commit(s) outside the one transaction decorator", file=sys.stderr)
        return 1
    print("transactions: every commit goes through @use_case (or a documented lease commit)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
