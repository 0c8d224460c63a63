"""INSTANCE_DIR keeps a second `make run` beside the first: its own database, uploads, exports."""

import json
import os
import subprocess
import sys

import pytest

from config import BASE_DIR

pytestmark = pytest.mark.no_app

OVERRIDES = ("DATABASE_URL", "UPLOAD_DIR", "SURVEY_EXPORT_DIR", "INSTANCE_DIR", "APP_ENV")


def development_paths(**settings: str) -> dict:
    """The file locations a fresh process configures (config is read at import, hence the child)."""
    environ = {k: v for k, v in os.environ.items() if k not in OVERRIDES}
    script = (
        "import json, config; c = config.DevelopmentConfig; print(json.dumps({"
        "'database': c.SQLALCHEMY_DATABASE_URI, 'uploads': c.UPLOAD_DIR,"
        "'exports': c.SURVEY_EXPORT_DIR}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={**environ, **settings},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_instance_dir_holds_the_database_uploads_and_survey_exports(tmp_path):
    paths = development_paths(INSTANCE_DIR=str(tmp_path))
    assert paths == {
        "database": f"sqlite:///{tmp_path}/wanganlian.db",
        "uploads": f"{tmp_path}/uploads",
        "exports": f"{tmp_path}/exports",
    }


def test_two_instances_share_no_files(tmp_path):
    first = development_paths(INSTANCE_DIR=str(tmp_path / "first"))
    second = development_paths(INSTANCE_DIR=str(tmp_path / "second"))
    assert not set(first.values()) & set(second.values())


def test_the_default_instance_is_the_repository_instance_folder():
    instance = os.path.join(BASE_DIR, "instance")
    assert development_paths()["exports"] == os.path.join(instance, "exports")
