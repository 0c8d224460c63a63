"""The driver of `make fuzz` (scripts/fuzz.sh starts the server; this runs the fuzzer).

    python scripts/fuzz.py http://127.0.0.1:<port>

Logs in as demo_resident and demo_union_admin through the WeChat stand-in and runs schemathesis
over every operation of the served OpenAPI document once per role, with a fixed seed and a bounded
number of examples per operation. Logging out and deleting the account end the session the rest
of the pass runs on, so those two operations run last, each role with a fresh token. Exits
non-zero when any check fails or the pass overruns its time budget.

    FUZZ_MAX_EXAMPLES   examples per operation in the fuzzing phase   default: 15
    FUZZ_SEED           hypothesis seed                               default: 1313
    FUZZ_WORKERS        concurrent schemathesis workers              default: 2
    FUZZ_BUDGET         seconds the whole pass may take              default: 480
    FUZZ_REPORT_DIR     where the JUnit reports go                    default: instance/fuzz
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROLES = ("demo_resident", "demo_union_admin")
CHECKS = ",".join(
    (
        "not_a_server_error",
        "response_schema_conformance",
        "status_code_conformance",
        "content_type_conformance",
    )
)
# Operations that end the session every other operation runs on.
SESSION_ENDERS = (
    "POST /api/v1/auth/logout",
    "DELETE /api/v1/me",
    "DELETE /api/v1/me/sessions/{session_id}",
)


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


def wait_for(url: str, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise SystemExit(f"fuzz: {url} did not answer within {seconds:.0f} s") from None
            time.sleep(0.5)


def login(base: str, openid: str) -> str:
    request = urllib.request.Request(
        f"{base}/api/v1/auth/wechat/login",
        data=json.dumps({"code": f"test-{openid}"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["token"]


def schemathesis(base: str, token: str, *, label: str, filters: list[str], deadline: float) -> int:
    """One schemathesis run; its exit status (1 on any failure)."""
    report_dir = setting("FUZZ_REPORT_DIR", "instance/fuzz")
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{base}/api/v1/openapi.json",
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        setting("FUZZ_MAX_EXAMPLES", "15"),
        "--seed",
        setting("FUZZ_SEED", "1313"),
        "--workers",
        setting("FUZZ_WORKERS", "2"),
        # Examples from an earlier run would make this run depend on what ran before.
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--header",
        f"Authorization: Bearer {token}",
        "--report",
        "junit",
        "--report-junit-path",
        os.path.join(report_dir, f"{label}.xml"),
        "--no-color",
        *filters,
    ]
    print(f"\n=== fuzz: {label} ===", flush=True)
    try:
        return subprocess.run(command, timeout=max(deadline - time.monotonic(), 1)).returncode
    except subprocess.TimeoutExpired:
        print(f"fuzz: {label} overran the time budget", flush=True)
        return 1


def main() -> int:
    base = sys.argv[1].rstrip("/")
    wait_for(f"{base}/api/v1/openapi.json")
    started = time.monotonic()
    deadline = started + float(setting("FUZZ_BUDGET", "480"))
    skip_enders = [arg for name in SESSION_ENDERS for arg in ("--exclude-name", name)]
    only_enders = [arg for name in SESSION_ENDERS for arg in ("--include-name", name)]
    failed = []
    for openid in ROLES:
        if schemathesis(
            base, login(base, openid), label=openid, filters=skip_enders, deadline=deadline
        ):
            failed.append(openid)
    for openid in ROLES:
        label = f"{openid}-session-end"
        if schemathesis(
            base, login(base, openid), label=label, filters=only_enders, deadline=deadline
        ):
            failed.append(label)
    elapsed = time.monotonic() - started
    verdict = "FAILED: " + ", ".join(failed) if failed else "passed"
    print(f"\nfuzz: {verdict} in {elapsed:.0f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
