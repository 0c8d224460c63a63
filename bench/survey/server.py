"""The machine and server settings a survey bench run depends on: recorded with the figures, and
the buffer pool raised for the run only (the server is shared, so it is always restored)."""

import os
import platform
import threading
import time
from contextlib import contextmanager

from sqlalchemy import text


def machine(engine) -> dict:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if "model name" in line)
    except (OSError, StopIteration):
        pass
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    with engine.connect() as connection:
        version = connection.scalar(text("SELECT VERSION()"))
    return {
        "cpu": f"{os.cpu_count()} × {cpu}",
        "memory_gb": round(memory_gb, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "mariadb": version,
    }


def _wait_for_resize(connection, done, timeout: float = 600) -> int:
    """The resize runs in the background: poll until the size satisfies `done` and no resize is
    in progress."""
    deadline = time.monotonic() + timeout
    status = ""
    while time.monotonic() < deadline:
        size = connection.scalar(text("SELECT @@innodb_buffer_pool_size"))
        status = connection.execute(
            text("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_resize_status'")
        ).one()[1]
        if done(size) and ("Completed" in status or not status):
            return size
        time.sleep(1)
    raise RuntimeError(f"buffer pool resize did not finish: {status!r}")


@contextmanager
def buffer_pool(engine, size: int | None, log):
    """Raise innodb_buffer_pool_size (MariaDB 10.11 resizes online) for the block, then restore
    the value found before, whatever happens in between."""
    with engine.connect() as connection:
        original = connection.scalar(text("SELECT @@innodb_buffer_pool_size"))
    if not size or size == original:
        yield original
        return
    log(f"buffer pool: {original / 2**20:,.0f} MB -> {size / 2**20:,.0f} MB")
    try:
        with engine.connect() as connection:
            connection.execute(text(f"SET GLOBAL innodb_buffer_pool_size = {int(size)}"))
            # The server rounds the size to whole chunks.
            actual = _wait_for_resize(connection, lambda current: current >= size * 0.9)
        yield actual
    finally:
        with engine.connect() as connection:
            connection.execute(text(f"SET GLOBAL innodb_buffer_pool_size = {int(original)}"))
            _wait_for_resize(connection, lambda current: current == original)
            log(f"buffer pool restored to {original / 2**20:,.0f} MB")


class LoadSampler:
    """Samples the 1-minute load average every few seconds during the run (the machine is
    shared: the figures mean little without it)."""

    def __init__(self, every: float = 10.0):
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)

    def _run(self, every: float) -> None:
        while not self._stop.is_set():
            self.samples.append(os.getloadavg()[0])
            self._stop.wait(every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict:
        values = self.samples or [os.getloadavg()[0]]
        return {
            "min": round(min(values), 1),
            "mean": round(sum(values) / len(values), 1),
            "max": round(max(values), 1),
        }
