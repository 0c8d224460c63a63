"""Closed-loop load generator: C virtual users over raw HTTP/1.1 (asyncio, no dependencies).

  python -m bench.quiz.load TOKENS_FILE --mode flow|ping --seconds 30 --concurrency 64

flow: each virtual user starts an attempt, answers it, submits, and loops (tokens rotate so the
per-account limits of a real user are respected). ping: the bare authenticated endpoint."""

import argparse
import asyncio
import json
import random
import time


class Connection:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def request(self, method: str, path: str, token: str, body=None):
        data = json.dumps(body).encode() if body is not None else b""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        )
        for retry in (True, False):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                self.writer.write(head.encode() + data)
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionError("closed")
                break
            except (ConnectionError, OSError):
                self.close()
                if not retry:
                    raise
        status = int(status_line.split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        payload = await self.reader.readexactly(length) if length else b""
        if close:
            self.close()
        return status, payload

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def virtual_user(index, args, campaign_id, tokens, stats, stop_at):
    connection = Connection(args.host, args.port)
    turn = index
    while time.monotonic() < stop_at:
        token = tokens[turn % len(tokens)]
        turn += args.concurrency
        if args.mode == "ping":
            began = time.perf_counter()
            status, _ = await connection.request("GET", "/api/v1/bench/ping", token)
            stats["ping"].append((time.perf_counter() - began, status))
            continue
        began = time.perf_counter()
        status, payload = await connection.request(
            "POST", f"/api/v1/quiz-campaigns/{campaign_id}/attempts", token
        )
        stats["start"].append((time.perf_counter() - began, status))
        if status != 201:
            continue
        started = json.loads(payload)
        answers = {
            str(q["id"]): [random.choice([o["key"] for o in q["options"]])]
            for q in started["questions"]
        }
        began = time.perf_counter()
        status, _ = await connection.request(
            "POST",
            f"/api/v1/quiz-attempts/{started['attempt_id']}/submit",
            token,
            {"answers": answers},
        )
        stats["submit"].append((time.perf_counter() - began, status))
    connection.close()


def summary(samples, seconds):
    if not samples:
        return {"count": 0}
    times = sorted(t for t, _ in samples)
    ok = sum(1 for _, s in samples if s < 400)

    def pct(p):
        return round(times[min(len(times) - 1, int(len(times) * p))] * 1000, 1)

    statuses = {}
    for _, s in samples:
        statuses[s] = statuses.get(s, 0) + 1
    return {
        "count": len(samples),
        "ok": ok,
        "per_second": round(len(samples) / seconds, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "statuses": statuses,
    }


async def main_async(args):
    with open(args.tokens) as handle:
        lines = handle.read().split()
    campaign_id, tokens = int(lines[0]), lines[1:]
    stats = {"start": [], "submit": [], "ping": []}
    # Warm-up: connections and worker caches, not measured.
    warm_until = time.monotonic() + args.warmup
    await asyncio.gather(
        *(
            virtual_user(
                i, args, campaign_id, tokens, {"start": [], "submit": [], "ping": []}, warm_until
            )
            for i in range(args.concurrency)
        )
    )
    began = time.monotonic()
    await asyncio.gather(
        *(
            virtual_user(i, args, campaign_id, tokens, stats, began + args.seconds)
            for i in range(args.concurrency)
        )
    )
    elapsed = time.monotonic() - began
    result = {"mode": args.mode, "seconds": round(elapsed, 1), "concurrency": args.concurrency}
    for name, samples in stats.items():
        if samples:
            result[name] = summary(samples, elapsed)
    print(json.dumps(result, ensure_ascii=False))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tokens")
    parser.add_argument("--mode", choices=["flow", "ping"], default="flow")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
