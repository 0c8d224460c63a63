"""Inspection jobs: plain functions, run by RQ."""

from app.inspections import service


def remind_rectification_deadlines_job() -> int:
    """Subscribe messages to station admins two days before a rectification deadline; each
    inspection is reminded once (reminded_at), so a rerun or a second scheduler sends nothing."""
    return service.send_deadline_reminders()
