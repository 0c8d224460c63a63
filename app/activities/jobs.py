"""Jobs of the activities domain; plain functions taking plain arguments (run by RQ)."""

from datetime import datetime

from app.activities import service


def close_forgotten_checkouts_job(now_iso: str | None = None) -> int:
    """Cap every forgotten check-out at its activity's end. Idempotent; returns how many."""
    now = datetime.fromisoformat(now_iso) if now_iso else None
    return service.close_forgotten_checkouts(now)
