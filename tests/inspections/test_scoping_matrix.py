"""Every inspection path × every role, own and foreign scope. Each case gets a fresh
inspection in the state its path needs, so "ok" means the call really went through."""

import pytest

from tests.inspections.factories import answer, body, record

OK, DENIED = "ok", 403
ROLES = [
    "anonymous",
    "resident",
    "inspector_own",
    "inspector_foreign",
    "association_own",
    "association_foreign",
    "station_own",
    "station_foreign",
]
DECIDERS = {
    "anonymous": 401,
    "resident": DENIED,
    "inspector_own": OK,
    "inspector_foreign": DENIED,
    "association_own": OK,
    "association_foreign": DENIED,
    "station_own": DENIED,
    "station_foreign": DENIED,
}
VIEWERS = {**DECIDERS, "station_own": OK}
ANSWERERS = {**{role: DENIED for role in ROLES}, "anonymous": 401, "station_own": OK}


def _create(world):
    station = world["station"]
    return "POST", f"/api/v1/stations/{station.id}/inspections", body(station.association_id), 201


def _get(world):
    return "GET", f"/api/v1/inspections/{record(world).id}", None, 200


def _answer(world):
    finding = record(world).findings[0]
    return "POST", f"/api/v1/inspection-findings/{finding.id}/responses", {"text": "已整改"}, 201


def _accept(world):
    finding = record(world).findings[0]
    answer(world, finding.id)
    return "POST", f"/api/v1/inspection-findings/{finding.id}/accept", {}, 200


def _return(world):
    finding = record(world).findings[0]
    answer(world, finding.id)
    return "POST", f"/api/v1/inspection-findings/{finding.id}/return", {"reason": "不清楚"}, 200


def _close(world):
    inspection = record(world, findings=1)
    finding = inspection.findings[0]
    answer(world, finding.id)
    from app.extensions import db
    from app.inspections import service
    from app.users.models import User

    inspector = db.session.get(User, world["clients"]["inspector_own"].user_id)
    service.decide_response(user=inspector, finding_id=finding.id, accept=True, reason=None)
    return "POST", f"/api/v1/inspections/{inspection.id}/close", None, 200


def _checklist(world):
    return "GET", f"/api/v1/associations/{world['association'].id}/inspection-checklist", None, 200


PATHS = {
    "create": (_create, DECIDERS),
    "get": (_get, VIEWERS),
    "answer": (_answer, ANSWERERS),
    "accept": (_accept, DECIDERS),
    "return": (_return, DECIDERS),
    "close": (_close, DECIDERS),
    "checklist": (_checklist, DECIDERS),
}


@pytest.mark.parametrize("path_name", list(PATHS))
def test_each_role_is_answered_as_its_scope_allows(world, path_name):
    """For one path, every role: allowed ones succeed, others get 401/403 and change nothing."""
    setup, expected = PATHS[path_name]
    for role in ROLES:
        method, path, payload, success = setup(world)
        response = world["clients"][role].request(method, path, json=payload)
        want = success if expected[role] == OK else expected[role]
        assert response.status_code == want, (role, response.get_json())


def test_the_list_shows_each_role_only_its_scope(world):
    """GET /inspections: association people see the association's, a station admin only its
    station's, foreign roles none of them, a resident 403, anonymous 401."""
    own = record(world)
    sibling = record(world, station=world["sibling"])
    clients = world["clients"]
    seen = {
        role: clients[role].get("/api/v1/inspections")
        for role in ROLES
        if role not in ("anonymous", "resident")
    }
    ids = {role: {i["id"] for i in r.get_json()["items"]} for role, r in seen.items()}
    assert ids["inspector_own"] == {own.id, sibling.id}
    assert ids["association_own"] == {own.id, sibling.id}
    assert ids["station_own"] == {own.id}
    assert ids["station_foreign"] == {sibling.id}
    assert ids["inspector_foreign"] == set()
    assert ids["association_foreign"] == set()
    assert clients["resident"].get("/api/v1/inspections").status_code == 403
    assert clients["anonymous"].get("/api/v1/inspections").status_code == 401


def test_a_station_admin_of_the_parent_answers_for_its_sub_station(world, factory):
    sub = factory.station(parent=world["station"], name="右安门分站")
    finding = record(world, station=sub).findings[0]
    response = world["clients"]["station_own"].post(
        f"/api/v1/inspection-findings/{finding.id}/responses", json={"text": "分站已整改"}
    )
    assert response.status_code == 201


def test_an_inspector_cannot_inspect_a_foreign_association_station(world):
    foreign = world["foreign_station"]
    response = world["clients"]["inspector_own"].post(
        f"/api/v1/stations/{foreign.id}/inspections", json=body(foreign.association_id)
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/api/v1/inspections/999999"),
        ("POST", "/api/v1/inspections/999999/close"),
        ("POST", "/api/v1/inspection-findings/999999/accept"),
        ("POST", "/api/v1/inspection-findings/999999/return"),
        ("POST", "/api/v1/inspection-findings/999999/responses"),
        ("POST", "/api/v1/stations/999999/inspections"),
        ("GET", "/api/v1/inspection-photos/999999"),
        ("GET", "/api/v1/associations/999999/inspection-checklist"),
    ],
)
def test_unknown_ids_are_404(world, method, path):
    payloads = {"responses": {"text": "x"}, "return": {"reason": "x"}}
    payload = next((v for k, v in payloads.items() if path.endswith(k)), None)
    if path.endswith("/inspections") and method == "POST":
        payload = body(world["association"].id)
    elif path.endswith("/accept"):
        payload = {}
    response = world["clients"]["association_own"].request(method, path, json=payload)
    assert response.status_code == 404, response.get_json()
