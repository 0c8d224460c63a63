"""deploy/ agrees with the code: the environment template names every setting, nginx's body
limit is the app's, and there is one worker unit per queue family. (`make deploy-check` runs the
real tools on the same files.)"""

import re
from pathlib import Path

import pytest

from config import Config

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.no_app


def settings_in_config() -> set[str]:
    source = (ROOT / "config.py").read_text()
    return set(re.findall(r"\benv(?:_int)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


def test_the_environment_template_names_every_setting_of_config_py():
    template = (ROOT / "deploy/wanganlian.env.example").read_text()
    named = set(re.findall(r"\b[A-Z][A-Z0-9_]{2,}\b", template))
    settings = settings_in_config()
    assert {"SECRET_KEY", "DATABASE_URL", "TEST_DATABASE_URL", "METRICS_TOKEN"} <= settings
    missing = settings - named
    assert not missing, f"deploy/wanganlian.env.example lacks {sorted(missing)}"


def test_nginx_refuses_bodies_above_the_apps_own_limit():
    site = (ROOT / "deploy/nginx/wanganlian.conf").read_text()
    (size,) = re.findall(r"^\s*client_max_body_size\s+(\d+)([km]?);", site, re.M)
    factor = {"": 1, "k": 1024, "m": 1024 * 1024}[size[1]]
    assert int(size[0]) * factor == Config.MAX_CONTENT_LENGTH


def test_one_worker_unit_per_queue_family():
    try:
        from app.core.queues import ALL_QUEUES
    except ImportError:
        from workers.queues import ALL_QUEUES
    units = (ROOT / "deploy/systemd").glob("wanganlian-worker-*@.service")
    families = {}
    for unit in units:
        (queues,) = re.findall(r"^ExecStart=\S+/flask rq worker (.+)$", unit.read_text(), re.M)
        families[unit.name] = queues.split()
    served = {queue for queues in families.values() for queue in queues}
    assert served == set(ALL_QUEUES), families


def test_every_unit_reads_the_environment_file_and_writes_metrics_to_one_folder():
    for unit in (ROOT / "deploy/systemd").glob("*.service"):
        text = unit.read_text()
        assert "EnvironmentFile=/etc/wanganlian/wanganlian.env" in text, unit.name
        if unit.name != "wanganlian-backup.service":  # not an app process
            assert "PROMETHEUS_MULTIPROC_DIR=/run/wanganlian/metrics" in text, unit.name
