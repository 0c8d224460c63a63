"""Who may adjust whose 宝盾: an association admin only the users who belong to a station of
their association (first station or volunteer home station, sub-stations included); the union
admin anyone. A refused adjustment moves nothing and never shows the user's balance."""

from sqlalchemy import func, select

from app.points.models import PointTransfer
from app.stations.models import Association
from tests.points.factories import fund, new_key
from tests.points.test_ledger_api import adjust


def transfers(db) -> int:
    return db.session.scalar(select(func.count(PointTransfer.id)))


def volunteer_of(factory, station, *, first_station=None):
    """A client whose volunteer application to `station` was approved by its admin; logged in
    first through `first_station`'s entrance when given."""
    person = factory.member(first_station) if first_station else factory.resident()
    applied = person.post(
        "/api/v1/volunteer-applications",
        json={"station_id": station.id, "real_name": "张三", "phone": "13812345678"},
    )
    assert applied.status_code == 201, applied.get_json()
    admin = factory.station_admin(station)
    approved = admin.post(f"/api/v1/volunteer-applications/{applied.get_json()['id']}/approve")
    assert approved.status_code == 200, approved.get_json()
    return person


def test_association_admin_adjusts_members_of_its_stations_and_sub_stations(
    factory, association, association_admin
):
    """First station at a station or at a sub-station of the association: 201 with the balance."""
    station = factory.station(association=association)
    sub_station = factory.station(parent=station)
    for person in (factory.member(station), factory.member(sub_station)):
        response = adjust(association_admin, person.user_id, 20, new_key())
        assert response.status_code == 201, response.get_json()
        assert response.get_json()["balance"] == 20


def test_a_volunteer_belongs_to_their_home_station_and_their_first_station(
    factory, association, association_admin, db
):
    """Someone who first came in through another association's station and volunteers at a
    station of this one belongs to both: either association's admin may adjust them."""
    elsewhere = factory.station()
    home = factory.station(association=association)
    volunteer = volunteer_of(factory, home, first_station=elsewhere)
    response = adjust(association_admin, volunteer.user_id, 15, new_key())
    assert response.status_code == 201, response.get_json()
    first_admin = factory.association_admin(db.session.get(Association, elsewhere.association_id))
    assert adjust(first_admin, volunteer.user_id, 5, new_key()).status_code == 201


def test_foreign_users_are_refused_without_their_balance_and_nothing_moves(
    factory, association_admin, db
):
    """A member of another association, a resident tied to no station, and an unknown id all
    answer 403 user_outside_association; the body carries no balance; no transfer is written."""
    foreign = factory.member(factory.station())
    fund(foreign.user_id, 40)
    unattached = factory.resident()
    before = transfers(db)
    for user_id in (foreign.user_id, unattached.user_id, 987654):
        for amount in (10, -10):
            response = adjust(association_admin, user_id, amount, new_key())
            assert response.status_code == 403, response.get_json()
            body = response.get_json()
            assert body["error"]["code"] == "user_outside_association"
            assert "balance" not in str(body)
    assert transfers(db) == before
    assert foreign.get("/api/v1/me/points").get_json()["balance"] == 40


def test_a_volunteer_who_moved_away_is_no_longer_the_old_associations(
    factory, association, association_admin
):
    """A volunteer approved at a station of the association who then moved to another
    association's station (and first came in there) is refused: past memberships do not count."""
    elsewhere = factory.station()
    volunteer = volunteer_of(
        factory, factory.station(association=association), first_station=elsewhere
    )
    assert adjust(association_admin, volunteer.user_id, 10, new_key()).status_code == 201
    moved = volunteer.post(
        "/api/v1/volunteer-applications",
        json={"station_id": elsewhere.id, "real_name": "张三", "phone": "13812345678"},
    )
    approved = factory.station_admin(elsewhere).post(
        f"/api/v1/volunteer-applications/{moved.get_json()['id']}/approve"
    )
    assert approved.status_code == 200, approved.get_json()
    response = adjust(association_admin, volunteer.user_id, 10, new_key())
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "user_outside_association"


def test_the_union_admin_adjusts_anyone_and_unknown_users_are_404(factory):
    """Union admins are not scoped; for them an unknown user is 404 user_not_found."""
    union = factory.union_admin()
    for person in (factory.member(factory.station()), factory.resident()):
        response = adjust(union, person.user_id, 10, new_key())
        assert response.status_code == 201, response.get_json()
    unknown = adjust(union, 987654, 10, new_key())
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["code"] == "user_not_found"


def test_station_admins_and_residents_may_not_adjust_even_their_own_members(factory, db):
    """The role comes first: a station admin of the member's own station, and residents, 403."""
    station = factory.station()
    person = factory.member(station)
    for caller in (factory.station_admin(station), factory.member(station)):
        response = adjust(caller, person.user_id, 10, new_key())
        assert response.status_code == 403
    assert transfers(db) == 0
