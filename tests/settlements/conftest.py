import pytest

from app.extensions import db as _db
from tests.settlements import ledger_kind


@pytest.fixture(autouse=True)
def source_table(app):
    with app.app_context(), _db.engine.begin() as connection:
        ledger_kind.SOURCE.create(connection, checkfirst=True)
    ledger_kind.FAULTS.clear()
    yield
    ledger_kind.FAULTS.clear()
    with app.app_context(), _db.engine.begin() as connection:
        connection.execute(ledger_kind.SOURCE.delete())


@pytest.fixture
def small_chunks(app):
    old = app.config["SETTLEMENT_CHUNK_SIZE"]
    app.config["SETTLEMENT_CHUNK_SIZE"] = 100
    yield 100
    app.config["SETTLEMENT_CHUNK_SIZE"] = old


@pytest.fixture
def seed():
    """seed(batch, users=N, per_user=K) -> {user_id: expected total}: source credits to settle."""
    from tests.settlements.support import seed_credits

    return seed_credits
