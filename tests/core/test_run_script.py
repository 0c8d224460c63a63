"""`make run` beside another run refuses a busy port instead of sharing the other's servers."""

import os
import socket
import subprocess
import sys

import pytest

from config import BASE_DIR

pytestmark = pytest.mark.no_app

RUN = os.path.join(BASE_DIR, "scripts", "run.sh")


@pytest.fixture
def busy_port():
    """A port something already listens on, as another `make run` would."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_script(tmp_path, **settings: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("WECHAT_API_BASE", "DATABASE_URL")}
    return subprocess.run(
        [RUN],
        env={
            **environ,
            "VENV": os.path.dirname(os.path.dirname(sys.executable)),
            "INSTANCE_DIR": str(tmp_path),
            **settings,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_busy_api_port_is_refused_before_anything_starts(tmp_path, busy_port):
    result = run_script(tmp_path, PORT=str(busy_port), STANDIN_PORT=str(free_port()))
    assert result.returncode == 1
    assert f"port {busy_port} is in use" in result.stderr
    assert "set PORT" in result.stderr
    assert not os.path.exists(tmp_path / "wanganlian.db")


def test_a_busy_stand_in_port_is_refused_rather_than_shared(tmp_path, busy_port):
    result = run_script(tmp_path, PORT=str(free_port()), STANDIN_PORT=str(busy_port))
    assert result.returncode == 1
    assert f"port {busy_port} is in use" in result.stderr
    assert "set STANDIN_PORT" in result.stderr
    assert not os.path.exists(tmp_path / "wanganlian.db")
