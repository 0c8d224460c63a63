"""POST /api/v1/admin/settlements and GET /api/v1/admin/settlements/{id}."""

import pytest
from sqlalchemy import text

from app.extensions import db
from tests.settlements.support import balances

URL = "/api/v1/admin/settlements"


def test_an_association_admin_settles_and_follows_a_run(factory, seed, small_chunks):
    """The run is recorded with who started it, posts every credit, and GET shows the totals."""
    association = factory.association()
    admin = factory.association_admin(association)
    expected = seed("r", users=20, per_user=10)

    response = admin.post(
        URL, json={"kind": "test_credit", "association_id": association.id, "scope": {"batch": "r"}}
    )
    assert response.status_code == 202, response.get_json()
    run = response.get_json()
    assert run["status"] == "done"
    assert run["created_by_id"] == admin.user_id
    assert run["scope"] == {"batch": "r", "association_id": association.id}
    assert run["totals"] == {"items": 200, "amount": sum(expected.values())}

    shown = admin.get(f"{URL}/{run['id']}").get_json()
    assert shown["progress"]["items_done"] == 200
    assert shown["progress"]["chunks_done"] == 2 and shown["failures"] == []
    assert shown["created_at"].endswith("+08:00")
    assert balances(expected) == expected

    again = admin.post(
        URL, json={"kind": "test_credit", "association_id": association.id, "scope": {"batch": "r"}}
    )
    assert again.get_json()["id"] == run["id"]
    assert db.session.scalar(text("SELECT COUNT(*) FROM point_transfers")) == 200

    listed = admin.get(URL).get_json()
    assert [item["id"] for item in listed["items"]] == [run["id"]]


def test_who_may_start_and_see_a_run(factory, client, seed):
    seed("w", users=2, per_user=1)
    association, other = factory.association(), factory.association()
    admin = factory.association_admin(association)
    body = {"kind": "test_credit", "association_id": association.id, "scope": {"batch": "w"}}

    assert client.post(URL, json=body).status_code == 401
    assert factory.resident().post(URL, json=body).status_code == 403
    assert factory.association_admin(other).post(URL, json=body).status_code == 403
    run_id = admin.post(URL, json=body).get_json()["id"]
    assert factory.association_admin(other).get(f"{URL}/{run_id}").status_code == 403
    assert factory.union_admin().get(f"{URL}/{run_id}").status_code == 200
    assert factory.association_admin(other).get(URL).get_json()["items"] == []
    missing = admin.get(f"{URL}/999999")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "settlement_not_found"


def test_bad_requests_get_field_errors_and_write_nothing(factory):
    association = factory.association()
    admin = factory.association_admin(association)
    cases = [
        ({"kind": "nope", "association_id": association.id}, "kind"),
        ({"association_id": association.id}, "kind"),
        ({"kind": "test_credit", "association_id": association.id, "scope": "x"}, "scope"),
        ({"kind": "test_credit", "association_id": association.id, "extra": 1}, "extra"),
        ({"kind": "test_credit", "association_id": association.id, "scope": {}}, "scope.batch"),
        ({"kind": "test_credit"}, "association_id"),
    ]
    for body, field in cases:
        response = admin.post(URL, json=body)
        assert response.status_code == 422, (body, response.get_json())
        error = response.get_json()["error"]
        assert error["code"] == "validation_error"
        assert field in str(error["details"]), (body, error)
    assert db.session.scalar(text("SELECT COUNT(*) FROM settlement_runs")) == 0


@pytest.mark.ledger_broken
def test_the_reconcile_kind_alerts_when_the_books_do_not_add_up(factory, seed):
    """A union admin runs the ledger reconciliation: clean books give no alert; a drifted
    balance gives an alert row naming the account."""
    union = factory.union_admin()
    expected = seed("c", users=3, per_user=1)
    union.post(URL, json={"kind": "test_credit", "scope": {"batch": "c"}})
    clean = union.post(URL, json={"kind": "reconcile", "scope": {"date": "2026-09-12"}})
    assert clean.status_code == 202
    assert clean.get_json()["status"] == "done" and clean.get_json()["alerts"] == []

    user_id = next(iter(expected))
    db.session.execute(
        text("UPDATE point_accounts SET balance = balance + 1 WHERE user_id = :u"), {"u": user_id}
    )
    db.session.commit()
    drifted = union.post(URL, json={"kind": "reconcile", "scope": {"date": "2026-09-13"}})
    alerts = drifted.get_json()["alerts"]
    assert len(alerts) == 1
    assert alerts[0]["check"] == "balance_matches_entries"

    bad = union.post(URL, json={"kind": "reconcile", "scope": {"date": "yesterday"}})
    assert bad.status_code == 422
