"""Who sees a bank's answers: listing a bank (`GET /quiz-questions?scope=…`) follows exactly the
rule of a single question (`GET /quiz-questions/{id}`): the national bank for union admins, an
association's bank for its admins, a station's bank for the admins of it, its parent station or
its association. Nobody else sees answers or explanations, whatever the scope or filter."""

import pytest

from app.users.models import Role
from tests.quizzes.factories import make_questions


@pytest.fixture
def org(factory):
    """Two associations; A has a station S with a sub-station SS, B a station T; a bank each."""
    a, b = factory.association(), factory.association()
    s = factory.station(association=a)
    ss = factory.station(parent=s)
    t = factory.station(association=b)
    banks = {
        "national": make_questions(2, bank_key="national"),
        "association_a": make_questions(2, bank_key=f"association:{a.id}"),
        "association_b": make_questions(1, bank_key=f"association:{b.id}"),
        "station_s": make_questions(1, bank_key=f"station:{s.id}"),
        "station_ss": make_questions(1, bank_key=f"station:{ss.id}"),
        "station_t": make_questions(1, bank_key=f"station:{t.id}"),
    }
    queries = {
        "national": "scope=national",
        "association_a": f"scope=association&association_id={a.id}",
        "association_b": f"scope=association&association_id={b.id}",
        "station_s": f"scope=station&station_id={s.id}",
        "station_ss": f"scope=station&station_id={ss.id}",
        "station_t": f"scope=station&station_id={t.id}",
    }
    callers = {
        "resident": factory.resident(),
        "volunteer": factory.logged_in(Role.VOLUNTEER),
        "lecturer": factory.logged_in(Role.LECTURER),
        "union": factory.union_admin(),
        "admin_a": factory.association_admin(a),
        "admin_b": factory.association_admin(b),
        "station_admin_s": factory.station_admin(s),
        "station_admin_ss": factory.station_admin(ss),
        "station_admin_t": factory.station_admin(t),
    }
    ids = {name: [q.id for q in rows] for name, rows in banks.items()}
    return {"banks": ids, "queries": queries, "callers": callers}


# Which banks each caller manages; everything else must be 403.
MANAGES = {
    "resident": set(),
    "volunteer": set(),
    "lecturer": set(),
    "union": {"national", "association_a", "association_b", "station_s", "station_ss", "station_t"},
    "admin_a": {"association_a", "station_s", "station_ss"},
    "admin_b": {"association_b", "station_t"},
    "station_admin_s": {"station_s", "station_ss"},
    "station_admin_ss": {"station_ss"},
    "station_admin_t": {"station_t"},
}


@pytest.mark.parametrize("caller", sorted(MANAGES))
def test_each_role_lists_exactly_the_banks_it_manages(org, caller):
    """Own scope: 200 with the bank's questions, answers and explanations. Foreign scope
    (including the national bank for every association and station admin): 403, no answers."""
    client = org["callers"][caller]
    for bank, query in org["queries"].items():
        response = client.get(f"/api/v1/quiz-questions?{query}")
        if bank in MANAGES[caller]:
            assert response.status_code == 200, (caller, bank, response.get_json())
            items = response.get_json()["items"]
            assert [q["id"] for q in items] == org["banks"][bank]
            assert all(q["answer"] and q["explanation"] for q in items)
        else:
            assert response.status_code == 403, (caller, bank, response.get_json())
            assert "items" not in response.get_json()


@pytest.mark.parametrize("caller", sorted(MANAGES))
def test_listing_agrees_with_the_single_question_check(org, caller):
    """For every caller and bank, the list answers 200 exactly when each of its questions can be
    read one by one, and 403 exactly when each single read is 403."""
    client = org["callers"][caller]
    for bank, query in org["queries"].items():
        listed = client.get(f"/api/v1/quiz-questions?{query}").status_code
        singles = {
            client.get(f"/api/v1/quiz-questions/{qid}").status_code for qid in org["banks"][bank]
        }
        assert singles == {listed}, (caller, bank, listed, singles)


def test_filters_and_extra_parameters_do_not_open_the_national_bank(org):
    """The default scope, a category filter, paging, or an association/station id of one's own
    sent along with scope=national change nothing: still 403 for non-union admins."""
    admin_a = org["callers"]["admin_a"]
    station_admin = org["callers"]["station_admin_s"]
    own = org["queries"]["association_a"].split("&")[1]
    for client in (admin_a, station_admin):
        for query in (
            "",
            "?category=网络安全法",
            "?scope=national&page=1&per_page=100",
            f"?scope=national&{own}",
            f"?scope=national&station_id={org['queries']['station_s'].split('=')[-1]}",
        ):
            response = client.get(f"/api/v1/quiz-questions{query}")
            assert response.status_code == 403, (query, response.get_json())
    union = org["callers"]["union"]
    filtered = union.get("/api/v1/quiz-questions?category=网络安全法").get_json()["items"]
    assert [q["id"] for q in filtered] == org["banks"]["national"]


def test_bad_scopes_get_clear_errors(org, factory):
    """A missing id is 422 with the field named; an unknown association or station is 404."""
    admin_a = org["callers"]["admin_a"]
    missing = admin_a.get("/api/v1/quiz-questions?scope=association")
    assert missing.status_code == 422
    assert "association_id" in missing.get_json()["error"]["details"]["fields"]
    unknown = admin_a.get("/api/v1/quiz-questions?scope=station&station_id=987654")
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["code"] == "station_not_found"
    wrong = admin_a.get("/api/v1/quiz-questions?scope=galaxy")
    assert wrong.status_code == 422
