"""A refused request writes nothing, on MariaDB and on the embedded default's SQLite alike.

On pysqlite's own transaction handling, a SAVEPOINT opened before any other write became the
outer transaction and its RELEASE committed: refused redemptions kept their pickup codes, a
refused claw-back left a transfer with no entries, the Idempotency-Key of a refused request
answered `request_in_progress` forever, and a refused qualification application kept its draft.
`make test` runs this module on both engines."""

import threading

import pytest
from sqlalchemy import func, select

from app.core.idempotency import IdempotencyRecord
from app.extensions import db
from app.gifts.models import Redemption
from app.points.models import PointTransfer
from app.points.reconcile import reconcile
from app.qualifications.models import QualificationApplication
from tests.gifts.factories import fund, key, make_gift
from tests.qualifications.factories import application_body


@pytest.fixture
def org(factory):
    station = factory.station(association=factory.association())
    return {"station": station.id, "union": factory.union_admin()}


@pytest.fixture
def gift_at_station(org):
    """A national gift of 10 宝盾, stock 5, five per user, picked up at org's station."""
    return make_gift(org["union"].user_id, per_user_limit=5, pickup_station_ids=[org["station"]])


def count(model) -> int:
    db.session.rollback()  # a fresh snapshot: SQLite reads stay at the transaction's start
    return db.session.scalar(select(func.count()).select_from(model))


def redeem(client, gift_id: int, station_id: int, idempotency_key: str):
    return client.post(
        f"/api/v1/gifts/{gift_id}/redemptions",
        json={"quantity": 1, "pickup_station_id": station_id},
        headers={"Idempotency-Key": idempotency_key},
    )


def test_a_refused_redemption_leaves_no_pickup_code_and_its_key_can_be_used_again(
    factory, org, gift_at_station
):
    resident = factory.resident()
    refused_key = key()
    refused = redeem(resident, gift_at_station, org["station"], refused_key)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "insufficient_points"
    assert count(Redemption) == 0
    assert count(IdempotencyRecord) == 0

    fund(resident.user_id, 10)
    again = redeem(resident, gift_at_station, org["station"], refused_key)
    assert again.status_code == 201, again.get_json()
    assert count(Redemption) == 1
    assert reconcile() == []


def test_parallel_redemptions_beyond_the_balance_give_one_gift(app, factory, org, gift_at_station):
    """The probe's case: 10 宝盾, five redemptions of a 10-point gift at once → one 201, four 409
    insufficient_points, one pickup code, the books balanced."""
    resident = factory.resident()
    fund(resident.user_id, 10)
    barrier, results = threading.Barrier(5), []

    def send():
        with app.app_context():
            http = app.test_client()
            barrier.wait()
            response = http.post(
                f"/api/v1/gifts/{gift_at_station}/redemptions",
                json={"quantity": 1, "pickup_station_id": org["station"]},
                headers={"Idempotency-Key": key(), "Authorization": f"Bearer {resident.token}"},
            )
            results.append((response.status_code, response.get_json()))
            db.session.remove()

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _ in results) == [201, 409, 409, 409, 409], results
    assert {body["error"]["code"] for status, body in results if status == 409} == {
        "insufficient_points"
    }
    assert count(Redemption) == 1
    assert reconcile() == []


def test_a_refused_claw_back_leaves_no_transfer(factory):
    union = factory.union_admin()
    resident = factory.resident()
    response = union.post(
        "/api/v1/admin/points/adjustments",
        json={"user_id": resident.user_id, "amount": -999999, "reason": "追回误发的宝盾"},
        headers={"Idempotency-Key": key()},
    )
    assert response.status_code == 409, response.get_json()
    assert count(PointTransfer) == 0
    assert reconcile() == []


def test_a_refused_qualification_application_saves_no_draft(factory):
    association = factory.association()
    applicant = factory.resident()
    response = applicant.post(
        "/api/v1/qualification-applications", json=application_body(association, topics=[])
    )
    assert response.status_code == 422, response.get_json()
    assert count(QualificationApplication) == 0
