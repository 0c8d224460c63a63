"""Recruitment targets are data per association; the figures count what was recruited."""

from datetime import timedelta

from sqlalchemy import func, select, update

from app.core.time import shanghai_date, utcnow
from app.extensions import db
from app.qualifications.models import QualificationApplication
from app.stations.models import Station
from app.targets.models import RecruitmentMilestone
from app.users import service as users
from app.users.models import Role, RoleGrant

SEED_TABLE = {
    "counting_from": None,
    "milestones": [
        {
            "due_on": "2023-07-01",
            "label": "7月1日前",
            "publicists": 30,
            "lecturers": 20,
            "stations": 18,
            "education_bases": 3,
            "volunteers": 200,
        },
        {
            "due_on": "2099-12-31",
            "label": None,
            "publicists": 2,
            "lecturers": 1,
            "stations": 2,
            "education_bases": 1,
            "volunteers": 1,
        },
    ],
}


def approved_application(user, association, kind):
    row = QualificationApplication(
        user_id=user.id,
        association_id=association.id,
        kind=kind,
        status="approved",
        real_name="x",
        phone="13900000000",
        decided_at=utcnow(),
    )
    db.session.add(row)
    db.session.commit()
    return row


def test_targets_are_stored_per_association_and_only_its_admins_see_them(
    admin, association, factory
):
    path = f"/api/v1/associations/{association.id}/recruitment-targets"
    assert admin.get(path).get_json()["milestones"] == []
    saved = admin.put(path, json=SEED_TABLE)
    assert saved.status_code == 200, saved.get_json()
    assert admin.get(path).get_json() == {"association_id": association.id, **SEED_TABLE}
    other_admin = factory.association_admin(factory.association())
    assert other_admin.get(path).status_code == 403
    assert other_admin.put(path, json=SEED_TABLE).status_code == 403
    assert factory.resident().get(path.replace("targets", "figures")).status_code == 403
    shorter = {"milestones": SEED_TABLE["milestones"][:1]}
    assert len(admin.put(path, json=shorter).get_json()["milestones"]) == 1


def test_bad_targets_are_refused_and_the_old_ones_stay(admin, association):
    path = f"/api/v1/associations/{association.id}/recruitment-targets"
    admin.put(path, json=SEED_TABLE)
    twice = {"milestones": [SEED_TABLE["milestones"][0]] * 2}
    response = admin.put(path, json=twice)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "milestone_duplicate"
    negative = {"milestones": [{**SEED_TABLE["milestones"][0], "lecturers": -1}]}
    response = admin.put(path, json=negative)
    assert response.status_code == 422
    assert "milestones" in response.get_json()["error"]["details"]["fields"]
    rows = db.session.scalar(select(func.count()).select_from(RecruitmentMilestone))
    assert rows == 2


def test_figures_count_each_kind_of_the_association_only(admin, association, factory):
    admin.put(f"/api/v1/associations/{association.id}/recruitment-targets", json=SEED_TABLE)
    other = factory.association()
    home = factory.station(association=association)
    factory.station(parent=home)  # a sub-station counts as a station
    factory.station(association=association, kind="education_base")
    factory.station(association=association, status="suspended")
    factory.station(association=other)
    for _index in range(2):
        approved_application(factory.user(), association, "publicist")
    approved_application(factory.user(), other, "publicist")
    approved_application(factory.user(), association, "lecturer")
    rejected = approved_application(factory.user(), association, "lecturer")
    rejected.status = "rejected"
    volunteer = factory.user(role=Role.VOLUNTEER)
    volunteer.first_station_id = home.id
    quitter = factory.user(role=Role.VOLUNTEER)
    quitter.first_station_id = home.id
    users.revoke_role(grant=quitter.roles[0], by=None, reason="left")
    factory.user(role=Role.VOLUNTEER)  # no station of this association
    resident = factory.user()
    resident.first_station_id = home.id
    db.session.commit()

    figures = admin.get(f"/api/v1/associations/{association.id}/recruitment-figures").get_json()
    assert figures["current"] == {
        "publicists": 2,
        "lecturers": 1,
        "stations": 2,
        "education_bases": 1,
        "volunteers": 1,
    }
    past, future = figures["milestones"]
    assert past["overdue"] is True and past["met"] is False
    assert past["progress"]["lecturers"] == {
        "target": 20,
        "current": 1,
        "remaining": 19,
        "percent": 5,
        "met": False,
    }
    assert future["met"] is True and future["overdue"] is False
    assert figures["next_milestone"] == "2099-12-31"
    assert "first station" in figures["volunteers_counted_by"]


def test_counting_from_leaves_out_what_existed_before_the_plan(admin, association, factory):
    old = factory.station(association=association)
    db.session.execute(
        update(Station).where(Station.id == old.id).values(created_at=utcnow() - timedelta(days=30))
    )
    volunteer = factory.user(role=Role.VOLUNTEER)
    volunteer.first_station_id = old.id
    db.session.execute(update(RoleGrant).values(granted_at=utcnow() - timedelta(days=30)))
    factory.station(association=association)
    db.session.commit()
    body = {
        **SEED_TABLE,
        "counting_from": (shanghai_date(utcnow()) - timedelta(days=1)).isoformat(),
    }
    admin.put(f"/api/v1/associations/{association.id}/recruitment-targets", json=body)
    figures = admin.get(f"/api/v1/associations/{association.id}/recruitment-figures").get_json()
    assert (figures["current"]["stations"], figures["current"]["volunteers"]) == (1, 0)
