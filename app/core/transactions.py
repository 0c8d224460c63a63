"""One transaction per use case, retried whole on a deadlock or lock wait timeout."""

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from app.core import sqlite
from app.extensions import db

log = logging.getLogger(__name__)
T = TypeVar("T")

# MySQL/MariaDB: 1213 deadlock, 1205 lock wait timeout. SQLite: "database is locked".
RETRYABLE_MYSQL_CODES = {1213, 1205}
# 1305 "SAVEPOINT does not exist": MariaDB rolled the whole transaction back (a deadlock inside
# a begin_nested() block) and the block's ROLLBACK TO SAVEPOINT then fails, hiding the 1213.
SAVEPOINT_LOST = 1305
# Set in the session's info while a unit of work runs, so a nested one joins it.
IN_UNIT_OF_WORK = "in_unit_of_work"


def _mysql_code(error: BaseException) -> int | None:
    orig = getattr(error, "orig", error)
    args = getattr(orig, "args", None)
    return args[0] if args and isinstance(args[0], int) else None


def is_retryable(error: DBAPIError) -> bool:
    """A deadlock, a lock wait timeout or SQLite's busy writer lock, seen anywhere in the chain
    of exceptions: the server undid the whole transaction, so the whole use case may run again."""
    seen: BaseException | None = error
    while seen is not None:
        code = _mysql_code(seen)
        if code in RETRYABLE_MYSQL_CODES or code == SAVEPOINT_LOST:
            return True
        if "database is locked" in str(getattr(seen, "args", "")):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def run_in_transaction(work: Callable[[], T], *, attempts: int = 5) -> T:
    """Run work() and commit once; on any error roll back (nothing half-written); retry the whole
    use case on a deadlock or lock timeout. work() must be safe to repeat: it re-reads its state
    and its credits carry idempotency keys.

    Called inside another unit of work (a use case calling a use case, or a route under
    @idempotent), work() joins the outer one: it only flushes, and the outer unit commits, rolls
    back or retries it with everything else."""
    if db.session.info.get(IN_UNIT_OF_WORK):
        return work()
    for attempt in range(1, attempts + 1):
        try:
            db.session.info[IN_UNIT_OF_WORK] = True
            try:
                if attempt == 1:
                    result = work()
                else:
                    with sqlite.writer_first():
                        result = work()
            finally:
                db.session.info.pop(IN_UNIT_OF_WORK, None)
            db.session.commit()
            return result
        except DBAPIError as error:
            db.session.rollback()
            if attempt == attempts or not is_retryable(error):
                raise
            log.info("retrying use case after %s (attempt %d)", type(error.orig).__name__, attempt)
            time.sleep(0.005 * attempt)
        except BaseException:
            db.session.rollback()
            raise
    raise AssertionError("unreachable")


def use_case(fn: Callable[..., T]) -> Callable[..., T]:
    """Mark a service entry point that owns its unit of work: it runs in one transaction,
    committed once, rolled back whole on any error and retried whole on a deadlock (see
    run_in_transaction). The function itself only flushes; helpers it calls are `*_step`s that
    flush too. Effects that must follow the commit (leaderboards, notifications) belong to the
    caller, after the use case has returned."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        return run_in_transaction(lambda: fn(*args, **kwargs))

    return wrapper
