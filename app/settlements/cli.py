import time

import click
from flask import Flask

from app.errors import AppError
from app.extensions import db
from app.settlements import engine, service
from app.settlements.models import RunStatus, SettlementChunk


def parse_scope(pairs: tuple[str, ...]) -> dict:
    scope = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--scope")
        scope[key] = int(value) if value.lstrip("-").isdigit() else value
    return scope


def register(app: Flask) -> None:
    @app.cli.command("settle")
    @click.argument("kind")
    @click.option("--scope", "pairs", multiple=True, help="KEY=VALUE, repeatable.")
    @click.option("--association", "association_id", type=int, default=None)
    @click.option("--wait/--no-wait", default=True, help="Follow the run to its end.")
    def settle(kind, pairs, association_id, wait):
        """Start (or find) the settlement run of KIND over the scope and show its progress."""
        if kind not in engine.load_kinds():
            raise click.BadParameter(f"one of {sorted(engine.KINDS)}", param_hint="KIND")
        inline = app.config["RQ_INLINE"]
        try:
            run = service.start_run(
                kind=kind,
                scope=parse_scope(pairs),
                association_id=association_id,
                enqueue=not inline,
            )
        except AppError as error:
            raise click.ClickException(f"{error.code}: {error.message}") from None
        click.echo(f"settlement run #{run.id} ({run.kind} {run.scope_key}): {run.status}")
        if inline:
            # No Redis: this process is the worker. A run whose items cannot be read is marked
            # failed with its error, shown below.
            try:
                engine.prepare_run(run.id, worker="cli")
            except Exception:
                db.session.rollback()
            chunks = db.session.scalars(
                db.select(SettlementChunk.chunk_no).where(
                    SettlementChunk.run_id == run.id, SettlementChunk.status == "pending"
                )
            ).all()
            with click.progressbar(chunks, label="chunks") as bar:
                for chunk_no in bar:
                    engine.settle_chunk(run.id, chunk_no, worker="cli")
        elif wait:
            last = 0
            with click.progressbar(length=100, label="items") as bar:
                while True:
                    db.session.expire_all()
                    described = service.describe_run(service.get_run(run.id))
                    percent = int(described["progress"]["percent"] or 0)
                    bar.update(percent - last)
                    last = percent
                    if described["status"] in (RunStatus.DONE, RunStatus.FAILED):
                        bar.update(100 - last)
                        break
                    time.sleep(0.5)
        db.session.expire_all()
        described = service.describe_run(service.get_run(run.id))
        click.echo(
            f"status {described['status']}: {described['progress']['items_done']}"
            f"/{described['totals']['items']} items, {described['progress']['amount_done']}"
            f"/{described['totals']['amount']} points"
        )
        if described["error"]:
            click.echo(f"  error: {described['error']}", err=True)
        for failure in described["failures"]:
            click.echo(f"  chunk {failure['chunk_no']} failed: {failure['error']}", err=True)
        for alert in described["alerts"]:
            click.echo(f"  alert: {alert['message']}", err=True)
        if described["status"] == RunStatus.FAILED or described["alerts"]:
            raise SystemExit(1)
