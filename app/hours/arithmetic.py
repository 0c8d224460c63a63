"""Hour arithmetic on aware UTC instants, so a shift across midnight (or a date line) is just a
later instant and never a negative total."""

from datetime import datetime

from app.core.time import as_utc


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes from start to end; 0 when end is not after start."""
    seconds = (as_utc(end) - as_utc(start)).total_seconds()
    return max(0, int(seconds // 60))


def presence_in_window(
    *,
    window_start: datetime,
    window_end: datetime,
    checked_in_at: datetime,
    checked_out_at: datetime,
    min_presence_percent: int,
) -> tuple[int, datetime, datetime]:
    """(minutes, counted start, counted end) of presence clipped to the window. Presence that
    covers less than min_presence_percent of the window counts 0 minutes."""
    start = max(as_utc(window_start), as_utc(checked_in_at))
    end = min(as_utc(window_end), as_utc(checked_out_at))
    if end <= start:
        return 0, start, start
    present = (end - start).total_seconds()
    window = (as_utc(window_end) - as_utc(window_start)).total_seconds()
    # Integer comparison: present/window < percent/100, without float rounding at the border.
    if present * 100 < min_presence_percent * window:
        return 0, start, end
    return minutes_between(start, end), start, end


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals [a_start, a_end) and [b_start, b_end) share some time."""
    return as_utc(a_start) < as_utc(b_end) and as_utc(b_start) < as_utc(a_end)
