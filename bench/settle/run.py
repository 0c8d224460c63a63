"""Settlement benchmark: 1,000,000 verified service-hour records across 200,000 users at 50
stations, settled with the real `service_hours` kind by 1 and then 2 real `flask rq worker`s on
real Redis, with innodb_flush_log_at_trx_commit as the server has it
(1, checked and recorded). Usage, from the repository root:

    BENCH_DATABASE_URL=mysql+pymysql://root@127.0.0.1:3306/bench_settle?charset=utf8mb4 \\
    python -m bench.settle.run [--credits 1000000] [--users 200000] [--stations 50] [--workers 1,2]

It starts its own redis-server on port 6391 (no persistence) and drops/creates its database."""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]
PORT = 6391
REDIS_URL = f"redis://127.0.0.1:{PORT}/0"
DB_URL = os.environ.get(
    "BENCH_DATABASE_URL", "mysql+pymysql://root@127.0.0.1:3306/bench_settle?charset=utf8mb4"
)


def sh(*args, **kwargs):
    return subprocess.run(args, check=True, **kwargs)


def env(**extra) -> dict:
    return {
        **os.environ,
        "APP_ENV": "test",
        "FLASK_APP": "wsgi",
        "TEST_DATABASE_URL": DB_URL,
        "TEST_REDIS_URL": REDIS_URL,
        "RQ_INLINE": "0",
        **{k: str(v) for k, v in extra.items()},
    }


def make_app():
    os.environ.update(env())
    sys.path.insert(0, str(ROOT))
    from app import create_app
    from config import TestConfig

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = DB_URL
        REDIS_URL = REDIS_URL
        RQ_INLINE = False

    return create_app(Config)


def seed(app, credits: int, users: int, stations: int) -> None:
    """Users, stations and verified records with set-based INSERT ... SELECT over MariaDB's
    seq_1_to_N tables. Minutes are 30..240 (5..40 宝盾 at the default 10 per hour); the first
    1000 users stand in for the admins who logged and verified them."""
    from app.extensions import db

    with app.app_context():
        db.drop_all()
        db.create_all()
        with db.engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO associations (name, region, created_at)"
                    " VALUES ('bench', 'bench', UTC_TIMESTAMP())"
                )
            )
            association = c.execute(text("SELECT MAX(id) FROM associations")).scalar()
            c.execute(
                text(
                    "INSERT INTO stations (association_id, name, kind, status, place_type,"
                    " party_member_post, created_at) SELECT :a, CONCAT('bench station ', seq),"
                    f" 'service_station', 'active', 'other', 0, UTC_TIMESTAMP()"
                    f" FROM seq_1_to_{stations}"
                ),
                {"a": association},
            )
            first_station = c.execute(text("SELECT MIN(id) FROM stations")).scalar()
            c.execute(
                text(
                    "INSERT INTO users (openid, age_band, created_at) SELECT"
                    f" CONCAT('bench_', seq), 'unknown', UTC_TIMESTAMP() FROM seq_1_to_{users}"
                )
            )
            first = c.execute(text("SELECT MIN(id) FROM users")).scalar()
            c.execute(
                text(
                    "INSERT INTO service_hour_records (user_id, station_id, source, started_at,"
                    " ended_at, minutes, description, status, created_by_id, created_at,"
                    " reviewed_by_id, reviewed_at) SELECT u, st, 'manual', t,"
                    " t + INTERVAL m MINUTE, m, '值班', 'verified', v, t, v,"
                    " t + INTERVAL 1 DAY FROM (SELECT"
                    f" {first} + (seq * 7919) % {users} AS u, {first} + seq % 1000 AS v,"
                    f" {first_station} + seq % {stations} AS st, 30 * (1 + seq % 8) AS m,"
                    " UTC_TIMESTAMP() - INTERVAL 30 DAY + INTERVAL seq SECOND AS t"
                    f" FROM seq_1_to_{credits}) AS s"
                )
            )


def reset_books(app) -> None:
    from app.extensions import db

    with app.app_context(), db.engine.begin() as c:
        c.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        for table in (
            "point_entries",
            "point_transfers",
            "point_accounts",
            "settlement_items",
            "settlement_chunks",
            "settlement_alerts",
            "settlement_runs",
        ):
            c.execute(text(f"TRUNCATE TABLE {table}"))
        c.execute(text("SET FOREIGN_KEY_CHECKS=1"))
        c.execute(
            text("UPDATE service_hour_records SET credited_at = NULL, credited_points = NULL")
        )


def settle(app, workers: int, chunk_size: int) -> dict:
    from app.extensions import db
    from app.points.reconcile import reconcile
    from app.settlements import service

    sh("redis-cli", "-p", str(PORT), "flushall", stdout=subprocess.DEVNULL)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "flask", "rq", "worker", "settlements"],
            cwd=ROOT,
            env=env(SETTLEMENT_CHUNK_SIZE=chunk_size),
            stdout=open(f"/tmp/bench-settle-worker-{n}.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for n in range(workers)
    ]
    time.sleep(4)  # let the workers import the app before the clock starts
    load_start = [round(v, 2) for v in os.getloadavg()]
    with app.app_context():
        started = time.monotonic()
        run = service.start_run(kind="service_hours", scope={"date": str(time.time())})
        while True:
            db.session.expire_all()
            run = service.get_run(run.id)
            if run.status in ("done", "failed"):
                break
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        materialise = (run.materialised_at - run.created_at).total_seconds()
        totals = db.session.execute(
            text("SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM point_transfers")
        ).one()
        marked = db.session.execute(
            text(
                "SELECT COUNT(*), COALESCE(SUM(credited_points), 0) FROM service_hour_records"
                " WHERE credited_at IS NOT NULL"
            )
        ).one()
        check_started = time.monotonic()
        problems = reconcile()
        check_seconds = time.monotonic() - check_started
    for p in procs:
        os.killpg(p.pid, 15)
    for p in procs:
        p.wait(timeout=30)
    return {
        "workers": workers,
        "load_average_start": load_start,
        "chunk_size": chunk_size,
        "status": run.status,
        "credits": run.items_total,
        "transfers": totals[0],
        "points": int(totals[1]),
        "records_credited": marked[0],
        "records_credited_points": int(marked[1]),
        "load_average_end": [round(v, 2) for v in os.getloadavg()],
        "seconds_total": round(elapsed, 1),
        "seconds_materialise": round(materialise, 1),
        "seconds_posting": round(elapsed - materialise, 1),
        "credits_per_second": round(run.items_total / elapsed),
        "reconciliation_problems": len(problems),
        "reconciliation_seconds": round(check_seconds, 1),
    }


def machine(app) -> dict:
    from app.extensions import db

    with app.app_context():
        variables = dict(
            db.session.execute(
                text(
                    "SHOW VARIABLES WHERE Variable_name IN ('innodb_flush_log_at_trx_commit',"
                    " 'innodb_buffer_pool_size', 'version', 'innodb_autoinc_lock_mode',"
                    " 'sync_binlog', 'log_bin')"
                )
            ).all()
        )
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory = next(line.split()[1] for line in meminfo if line.startswith("MemTotal"))
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": round(int(memory) / 1024**2, 1),
        "mariadb": variables,
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--credits", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=200_000)
    parser.add_argument("--stations", type=int, default=50)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--chunk-size", type=int, default=5000)
    args = parser.parse_args()

    name = DB_URL.rsplit("/", 1)[1].split("?")[0]
    create_engine(DB_URL.rsplit("/", 1)[0]).connect().execute(
        text(f"CREATE DATABASE IF NOT EXISTS {name} CHARACTER SET utf8mb4")
    )
    subprocess.run(["redis-cli", "-p", str(PORT), "shutdown", "nosave"], capture_output=True)
    sh(
        "redis-server",
        "--port",
        str(PORT),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "yes",
        "--dir",
        "/tmp",
    )
    app = make_app()
    try:
        info = machine(app)
        assert info["mariadb"]["innodb_flush_log_at_trx_commit"] == "1", info["mariadb"]
        started = time.monotonic()
        seed(app, args.credits, args.users, args.stations)
        print(
            f"seeded {args.credits} verified records for {args.users} users in "
            f"{time.monotonic() - started:.1f}s",
            flush=True,
        )
        results = []
        for workers in [int(n) for n in args.workers.split(",")]:
            reset_books(app)
            result = settle(app, workers, args.chunk_size)
            print(json.dumps(result), flush=True)
            results.append(result)
        out = Path(__file__).with_name("results.json")
        out.write_text(json.dumps({"machine": info, "results": results}, indent=2) + "\n")
        print(json.dumps(info, indent=2))
    finally:
        subprocess.run(["redis-cli", "-p", str(PORT), "shutdown", "nosave"], capture_output=True)


if __name__ == "__main__":
    main()
