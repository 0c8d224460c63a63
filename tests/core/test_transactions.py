"""One use case, one transaction: retried whole when the server undid it, and no SQL parameter in
an error that reaches a log."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError

from app.core.transactions import is_retryable, run_in_transaction
from app.extensions import db


def mysql_error(code: int, message: str) -> OperationalError:
    return OperationalError("SAVEPOINT sa_savepoint_1", {}, Exception(code, message))


def savepoint_lost_after_deadlock() -> OperationalError:
    """What MariaDB gives inside begin_nested(): the 1213 rolled the whole transaction back, then
    ROLLBACK TO SAVEPOINT fails with 1305 and the 1213 is only the context."""
    try:
        try:
            raise mysql_error(1213, "Deadlock found when trying to get lock")
        except OperationalError:
            raise mysql_error(1305, "SAVEPOINT sa_savepoint_1 does not exist") from None
    except OperationalError as error:
        error.__context__ = mysql_error(1213, "Deadlock found when trying to get lock")
        return error


def test_a_deadlock_hidden_behind_a_lost_savepoint_is_retried_whole():
    calls = []

    def work():
        calls.append(1)
        if len(calls) == 1:
            raise savepoint_lost_after_deadlock()
        return "done"

    assert run_in_transaction(work) == "done"
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("error", "retryable"),
    [
        (mysql_error(1213, "Deadlock"), True),
        (mysql_error(1205, "Lock wait timeout"), True),
        (OperationalError("BEGIN", {}, Exception("database is locked")), True),
        (mysql_error(1062, "Duplicate entry"), False),
        (mysql_error(1064, "syntax error"), False),
    ],
)
def test_which_errors_are_retried(error, retryable):
    assert is_retryable(error) is retryable


def test_a_use_case_that_keeps_failing_is_not_retried_forever():
    calls = []

    def work():
        calls.append(1)
        raise mysql_error(1213, "Deadlock")

    with pytest.raises(DBAPIError):
        run_in_transaction(work, attempts=3)
    assert len(calls) == 3


def test_a_failed_statement_does_not_carry_its_parameters(app):
    secret = "11010519491231002X"
    with pytest.raises(DBAPIError) as caught:
        db.session.execute(
            text("SELECT no_such_column FROM users WHERE openid = :p"), {"p": secret}
        )
    db.session.rollback()
    assert secret not in str(caught.value)
    assert "hidden" in str(caught.value)
