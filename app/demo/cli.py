import importlib

from flask import Flask

from app import domains
from app.core.transactions import use_case


def register(app: Flask) -> None:
    @app.cli.command("seed-demo")
    def seed_demo():
        """Create the demo association, stations, users and data (idempotent)."""
        context: dict = {}
        lines: list[str] = []
        for name in domains.DEMO_MODULES:
            # One unit of work per domain: the service use cases it calls join it.
            lines += use_case(importlib.import_module(name).seed_demo)(context) or []
        print("\n".join(lines))
