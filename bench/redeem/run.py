"""Redemptions per second on one hot gift and on gifts spread out, with p50/p99 latency.

Drives app.gifts.service.redeem_step (in run_in_transaction, as a request does) directly
from threads, each with its own app context and database connection, against MariaDB. Why not
HTTP: the cost under study is the transaction that takes points and stock together (row locks
on the gift and the ledger accounts, the commit's log flush); gunicorn, JSON and token checks
add a constant per-request cost that is measured by the API load benchmark, not here, and
would hide the lock contention on 2 cores.

    python -m bench.redeem.run [--seconds 20] [--threads 32] [--write-readme]

Uses BENCH_DATABASE_URL (default mysql+pymysql://root@127.0.0.1:3306/bench_redeem), which it
drops and recreates."""

import argparse
import os
import platform
import statistics
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

DEFAULT_URL = "mysql+pymysql://root@127.0.0.1:3306/bench_redeem?charset=utf8mb4"
README = Path(__file__).resolve().parents[1] / "README.md"
BEGIN, END = "<!-- redeem:begin -->", "<!-- redeem:end -->"


def make_app(url: str, pool: int):
    from app import create_app
    from config import Config

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = url
        SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "pool_size": pool, "max_overflow": 4}
        REDIS_URL = None
        RATELIMIT_ENABLED = False

    return create_app(BenchConfig)


def recreate_database(url: str) -> None:
    server, name = url.rsplit("/", 1)
    name = name.split("?")[0]
    with create_engine(server + "/").begin() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))


def seed(users: int, gifts: int) -> tuple[list[int], list[int]]:
    from app.extensions import db
    from app.gifts import catalog
    from app.points import service as points
    from app.stations.models import Association, Station
    from app.users import service as users_service
    from app.users.models import Role

    db.create_all()
    association = Association(name="基准协会", region="北京市")
    db.session.add(association)
    db.session.flush()
    station = Station(association_id=association.id, name="基准服务站")
    db.session.add(station)
    admin = users_service.get_or_create_by_openid(openid="bench_union_admin")
    users_service.grant_role(user=admin, role=Role.UNION_ADMIN)
    db.session.commit()
    user_ids = []
    for n in range(users):
        user = users_service.get_or_create_by_openid(openid=f"bench_user_{n:05d}")
        db.session.flush()
        user_ids.append(user.id)
        points.credit_user(
            user_id=user.id,
            amount=10**9,
            source="adjustments",
            idempotency_key=f"bench:fund:{user.id}",
            reason="bench",
        )
    gift_ids = []
    for n in range(gifts):
        gift = catalog.create_gift_step(
            actor=admin,
            data={
                "name": f"基准礼品{n}",
                "price_points": 10,
                "stock": 10**8,
                "per_user_limit": 1000,
                "scope": "national",
                "pickup_station_ids": [station.id],
            },
        )
        gift_ids.append(gift.id)
    db.session.commit()
    return user_ids, gift_ids


def run(app, *, threads: int, seconds: float, user_ids, gift_ids) -> dict:
    from app.core.transactions import run_in_transaction
    from app.extensions import db
    from app.gifts import service

    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: list[str] = []
    barrier = threading.Barrier(threads + 1)
    stop = threading.Event()

    def worker(n: int):
        with app.app_context():
            mine = user_ids[n::threads]
            barrier.wait()
            i = 0
            while not stop.is_set():
                user_id = mine[i % len(mine)]
                gift_id = gift_ids[(n + i) % len(gift_ids)]
                started = time.perf_counter()
                try:
                    key = f"b{n}:{i}:{time.time_ns()}"  # the same key on a deadlock retry
                    run_in_transaction(
                        lambda user_id=user_id, gift_id=gift_id, key=key: service.redeem_step(
                            user_id=user_id, gift_id=gift_id, idempotency_key=key
                        )
                    )
                except Exception as error:  # counted and shown, never hidden
                    errors.append(type(error).__name__)
                latencies[n].append(time.perf_counter() - started)
                db.session.remove()
                i += 1

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - began
    flat = sorted(x for per in latencies for x in per)
    return {
        "threads": threads,
        "redemptions": len(flat) - len(errors),
        "errors": len(errors),
        "per_second": (len(flat) - len(errors)) / elapsed,
        "p50_ms": statistics.median(flat) * 1000,
        "p99_ms": flat[int(len(flat) * 0.99) - 1] * 1000,
    }


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        version = subprocess.run(
            ["mysql", "-uroot", "-h127.0.0.1", "-N", "-e", "select version()"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        version = "MariaDB (version unknown)"
    return (
        f"{os.cpu_count()} × {cpu}, Python {platform.python_version()}, MariaDB {version}, "
        f"{platform.system()} {platform.release()}, load average "
        f"{os.getloadavg()[0]:.1f} at the end (other work on the machine lowers every figure)"
    )


def write_readme(section: str) -> None:
    text_now = README.read_text() if README.exists() else ""
    block = f"{BEGIN}\n{section}\n{END}"
    if BEGIN in text_now:
        head, rest = text_now.split(BEGIN, 1)
        text_now = head + block + rest.split(END, 1)[1]
    else:
        text_now = text_now.rstrip() + "\n\n" + block + "\n"
    README.write_text(text_now)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--users", type=int, default=256)
    parser.add_argument("--spread-gifts", type=int, default=64)
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    app = make_app(url, pool=args.threads + 2)
    with app.app_context():
        user_ids, gift_ids = seed(args.users, args.spread_gifts)
    results = {}
    for name, gifts in (("one hot gift", gift_ids[:1]), ("spread gifts", gift_ids)):
        results[name] = run(
            app, threads=args.threads, seconds=args.seconds, user_ids=user_ids, gift_ids=gifts
        )
        print(
            name, {k: round(v, 1) if isinstance(v, float) else v for k, v in results[name].items()}
        )
    with app.app_context():
        from app.points.reconcile import reconcile

        problems = reconcile()
    print("reconcile:", "clean" if not problems else problems[:5])
    rows = "\n".join(
        f"| {name} | {r['threads']} | {r['redemptions']} | {r['per_second']:.0f} | "
        f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |"
        for name, r in results.items()
    )
    section = (
        "## Redemptions (`bench/redeem`)\n\n"
        "`python -m bench.redeem.run --write-readme` (or `make -C bench redeem`): threads call "
        "`app.gifts.service.redeem_step` in `run_in_transaction` directly (each its own app "
        "context and connection) for "
        f"{args.seconds:.0f} s per case; one hot gift, then {args.spread_gifts} gifts. Each "
        "redemption takes the gift's row lock, debits the wallet and credits the shared "
        "`redemptions` system account in one transaction, so the hot gift and that account "
        "serialise commits. Reconciliation after the run: "
        f"{'clean' if not problems else 'PROBLEMS'}.\n\n"
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}.\n\n"
        "| case | threads | redemptions | per second | p50 ms | p99 ms | errors |\n"
        "|---|---|---|---|---|---|---|\n" + rows
    )
    if args.write_readme:
        write_readme(section)
        print(f"wrote {README}")


if __name__ == "__main__":
    main()
