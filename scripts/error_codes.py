"""Every error code the server can answer, read from the source (no app, no database needed).

A code is spelt in one of four places: a class attribute (`code = "out_of_stock"` or
`code, message = "out_of_stock", ...` in app/errors.py and the domains' errors.py), a `code=`
keyword where an error is raised, the HTTP fallbacks of app/errors.py (`HTTP_CODES`), or a table
of (status, code, message) triples (auth's LOGIN_ERRORS). Usage:

    .venv/bin/python scripts/error_codes.py > /tmp/error-codes.json

The mini-program's check (miniprogram/scripts/check-error-codes.js, run by `make lint`) fails
when its message table names a code that is not in this list.
"""

import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE_SHAPE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$|^[a-z]+$")


def _constant_strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and type(n.value) is str]


def codes_in(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if not isinstance(statement, ast.Assign):
                    continue
                for target in statement.targets:
                    names = target.elts if isinstance(target, ast.Tuple) else [target]
                    values = (
                        statement.value.elts
                        if isinstance(statement.value, ast.Tuple)
                        else [statement.value]
                    )
                    for name, value in zip(names, values, strict=False):
                        if (
                            isinstance(name, ast.Name)
                            and name.id == "code"
                            and isinstance(value, ast.Constant)
                        ):
                            found.add(value.value)
        elif isinstance(node, ast.keyword) and node.arg == "code":
            if isinstance(node.value, ast.Constant) and type(node.value.value) is str:
                found.add(node.value.value)
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in ("HTTP_CODES", "LOGIN_ERRORS") for t in node.targets
        ):
            found.update(s for s in _constant_strings(node.value) if CODE_SHAPE.match(s))
    return found


def server_codes(root: Path = ROOT) -> list[str]:
    """Every code spelt in app/, sorted."""
    codes: set[str] = set()
    for path in sorted((root / "app").rglob("*.py")):
        codes |= codes_in(ast.parse(path.read_text(encoding="utf-8")))
    return sorted(codes)


if __name__ == "__main__":
    json.dump(server_codes(), sys.stdout, indent=1)
    sys.stdout.write("\n")
