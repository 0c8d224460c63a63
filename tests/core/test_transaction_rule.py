"""The transaction rule: only @use_case commits, and a use case called inside another joins it."""

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.transactions import use_case
from app.extensions import db
from app.stations.models import Association

ROOT = Path(__file__).resolve().parents[2]


def load_checker():
    spec = importlib.util.spec_from_file_location(
        "check_transactions", ROOT / "scripts" / "check_transactions.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.no_app
def test_no_service_commits_outside_the_one_decorator():
    """`make lint` runs the same check: every commit in app/ is a use case's or allow-listed."""
    assert load_checker().violations() == []


@pytest.mark.no_app
def test_the_check_finds_a_commit_in_a_service(tmp_path):
    (tmp_path / "app" / "things").mkdir(parents=True)
    (tmp_path / "app" / "things" / "service.py").write_text(
        "def save(thing):\n    db.session.add(thing)\n    db.session.commit()\n"
        "def later():\n    return run_in_transaction(lambda: None)\n"
    )
    found = load_checker().violations(tmp_path)
    assert len(found) == 2
    assert found[0].startswith("app/things/service.py:3: db.session.commit() in save")
    assert "run_in_transaction in later" in found[1]


@use_case
def add_association(name: str) -> Association:
    association = Association(name=name, region="test")
    db.session.add(association)
    db.session.flush()
    return association


@use_case
def add_two_then_fail() -> None:
    add_association("first")
    add_association("second")
    raise RuntimeError("the outer use case fails after both inner ones returned")


def count_associations() -> int:
    return db.session.scalar(select(func.count()).select_from(Association))


def test_a_use_case_inside_another_commits_with_it_or_not_at_all(app):
    before = count_associations()
    with pytest.raises(RuntimeError):
        add_two_then_fail()
    assert count_associations() == before
    add_association("alone")
    db.session.rollback()  # a use case that returned has committed: nothing left to undo
    assert count_associations() == before + 1
