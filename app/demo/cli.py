import importlib

from flask import Flask

from app import domains
from app.extensions import db


def register(app: Flask) -> None:
    @app.cli.command("seed-demo")
    def seed_demo():
        """Create the demo association, stations, users and data (idempotent)."""
        context: dict = {}
        lines: list[str] = []
        for name in domains.DEMO_MODULES:
            lines += importlib.import_module(name).seed_demo(context) or []
            db.session.commit()
        print("\n".join(lines))
