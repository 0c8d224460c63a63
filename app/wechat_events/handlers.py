"""What each pushed event does."""

import logging

from app.activities.highlights import record_media_verdict

log = logging.getLogger(__name__)


def media_check(event: dict) -> None:
    """wxa_media_check: the asynchronous verdict on an uploaded image."""
    trace_id = event.get("trace_id")
    suggest = (event.get("result") or {}).get("suggest")
    if not trace_id or not suggest:
        log.warning("wxa_media_check push without trace_id or suggest; ignored")
        return
    if record_media_verdict(trace_id=trace_id, suggest=suggest) is None:
        log.info("wxa_media_check for an unknown trace id; ignored")


HANDLERS = {"wxa_media_check": media_check}


def dispatch(event: dict) -> None:
    handler = HANDLERS.get(event.get("Event") or event.get("event"))
    if handler is not None:
        handler(event)
