"""Test data lives in factories, never in another test's conftest."""

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
CONFTEST_IMPORT = re.compile(
    r"^\s*(from tests(\.\w+)*\.conftest import|import tests(\.\w+)*\.conftest)", re.M
)


@pytest.mark.no_app
def test_no_test_imports_helpers_from_a_conftest():
    offenders = [
        path.relative_to(TESTS.parent).as_posix()
        for path in sorted(TESTS.rglob("*.py"))
        if CONFTEST_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "import these helpers from tests/<domain>/factories.py instead"
