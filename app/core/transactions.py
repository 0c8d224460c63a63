"""One transaction per use case, retried whole on a deadlock or lock wait timeout."""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError

from app.extensions import db

log = logging.getLogger(__name__)
T = TypeVar("T")

# MySQL/MariaDB: 1213 deadlock, 1205 lock wait timeout. SQLite: "database is locked".
RETRYABLE_MYSQL_CODES = {1213, 1205}


def is_retryable(error: DBAPIError) -> bool:
    orig = getattr(error, "orig", None)
    code = orig.args[0] if orig is not None and getattr(orig, "args", None) else None
    if code in RETRYABLE_MYSQL_CODES:
        return True
    return isinstance(error, OperationalError) and "database is locked" in str(orig)


def run_in_transaction(work: Callable[[], T], *, attempts: int = 5) -> T:
    """Run work() and commit once; on any error roll back (nothing half-written); retry the whole
    use case on a deadlock or lock timeout. work() must be safe to repeat: it re-reads its state
    and its credits carry idempotency keys."""
    for attempt in range(1, attempts + 1):
        try:
            result = work()
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
