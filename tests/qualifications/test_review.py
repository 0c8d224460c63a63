"""The association's review: assessment required, approve once, only the right association,
every step logged, revocation takes the role away."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.core.time import utcnow
from app.extensions import db
from app.notifications.models import Notification
from app.qualifications.models import ApplicationStep
from app.quizzes.models import QuizAttempt
from app.users.models import RoleGrant
from tests.qualifications.factories import apply, take_assessment


def roles_of(api) -> set[str]:
    return {grant["role"] for grant in api.get("/api/v1/me").get_json()["roles"]}


def test_no_approval_without_a_passed_assessment(admin, applicant, association):
    application = apply(applicant, association)
    response = admin.post(f"/api/v1/qualification-applications/{application['id']}/approve")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "assessment_not_passed"
    again = admin.get(f"/api/v1/qualification-applications/{application['id']}").get_json()
    assert again["status"] == "pending" and again["assessment"]["passed"] is False
    assert "lecturer" not in roles_of(applicant)


def test_a_failed_assessment_does_not_allow_approval(admin, applicant, association, assessment):
    result = take_assessment(applicant, assessment, right=False)
    assert result["passed"] is False
    application = apply(applicant, association)
    response = admin.post(f"/api/v1/qualification-applications/{application['id']}/approve")
    assert response.get_json()["error"]["code"] == "assessment_not_passed"


def test_an_assessment_older_than_a_year_does_not_count(admin, applicant, association, assessment):
    passed = take_assessment(applicant, assessment)
    db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == passed["attempt_id"])
        .values(submitted_at=utcnow() - timedelta(days=366))
    )
    db.session.commit()
    application = apply(applicant, association)
    response = admin.post(f"/api/v1/qualification-applications/{application['id']}/approve")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "assessment_not_passed"


def test_approval_after_a_passed_assessment_grants_the_role_and_logs_each_step(
    admin, applicant, association, assessment
):
    passed = take_assessment(applicant, assessment)
    assert passed["passed"] is True
    application = apply(applicant, association)
    assert application["assessment"]["passed"] is True
    assert application["assessment"]["score"] == passed["score"]

    response = admin.post(f"/api/v1/qualification-applications/{application['id']}/approve")
    assert response.status_code == 200, response.get_json()
    approved = response.get_json()
    assert approved["status"] == "approved"
    assert approved["assessment"]["attempt_id"] == passed["attempt_id"]
    assert "lecturer" in roles_of(applicant)
    steps = [(s["from_status"], s["to_status"], s["actor_id"]) for s in approved["steps"]]
    assert steps == [
        (None, "draft", applicant.user_id),
        ("draft", "pending", applicant.user_id),
        ("pending", "approved", admin.user_id),
    ]
    note = db.session.scalar(select(Notification))
    assert (note.user_id, note.event, note.status) == (
        applicant.user_id,
        "application_reviewed",
        "no_subscription",  # the applicant never accepted a subscription
    )
    assert "王老师" not in str(note.data) and "13912345678" not in str(note.data)


def test_a_second_approval_is_refused(admin, applicant, association, assessment):
    take_assessment(applicant, assessment)
    application = apply(applicant, association)
    path = f"/api/v1/qualification-applications/{application['id']}/approve"
    assert admin.post(path).status_code == 200
    second = admin.post(path)
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "application_not_pending"


@pytest.mark.mariadb
def test_two_admins_approving_at_once_approve_once(
    app, factory, admin, applicant, association, assessment
):
    take_assessment(applicant, assessment)
    application = apply(applicant, association)
    other_admin = factory.association_admin(association)
    barrier = threading.Barrier(2)
    statuses = []

    def approve(api):
        with app.app_context():
            barrier.wait()
            response = api.post(f"/api/v1/qualification-applications/{application['id']}/approve")
            statuses.append(response.status_code)
            db.session.remove()

    threads = [threading.Thread(target=approve, args=(a,)) for a in (admin, other_admin)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 409]
    approvals = db.session.scalar(
        select(func.count()).where(ApplicationStep.to_status == "approved")
    )
    grants = db.session.scalar(
        select(func.count()).where(RoleGrant.role == "lecturer", RoleGrant.revoked_at.is_(None))
    )
    assert (approvals, grants) == (1, 1)


def test_only_admins_of_that_association_may_review(factory, applicant, association, assessment):
    take_assessment(applicant, assessment)
    application = apply(applicant, association)
    base = f"/api/v1/qualification-applications/{application['id']}"
    foreign_admin = factory.association_admin(factory.association())
    station_admin = factory.station_admin(factory.station(association=association))
    for api in (foreign_admin, station_admin, factory.resident()):
        response = api.post(base + "/approve")
        assert response.status_code == 403, response.get_json()
        assert api.post(base + "/reject", json={"reason": "x"}).status_code == 403
        assert api.get(base).status_code == 403
    assert foreign_admin.get("/api/v1/qualification-applications").get_json()["items"] == []
    assert station_admin.get("/api/v1/qualification-applications").status_code == 403
    assert factory.union_admin().post(base + "/approve").status_code == 200


def test_nobody_approves_their_own_application(factory, association, assessment):
    admin = factory.association_admin(association)
    take_assessment(admin, assessment)
    application = apply(admin, association)
    response = admin.post(f"/api/v1/qualification-applications/{application['id']}/approve")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "own_application"


def test_rejection_needs_a_reason_and_is_final(admin, applicant, association):
    application = apply(applicant, association)
    base = f"/api/v1/qualification-applications/{application['id']}"
    missing = admin.post(base + "/reject", json={})
    assert missing.status_code == 422
    assert "reason" in missing.get_json()["error"]["details"]["fields"]
    rejected = admin.post(base + "/reject", json={"reason": "经历不足"}).get_json()
    assert (rejected["status"], rejected["decision_reason"]) == ("rejected", "经历不足")
    assert rejected["steps"][-1]["reason"] == "经历不足"
    assert admin.post(base + "/return", json={"reason": "x"}).status_code == 409
    # The closed application no longer blocks a new one.
    assert apply(applicant, association)["status"] == "pending"


def test_returned_application_is_edited_and_resubmitted(admin, applicant, association):
    application = apply(applicant, association)
    base = f"/api/v1/qualification-applications/{application['id']}"
    assert applicant.patch(base, json={"experience": "更多"}).status_code == 409
    returned = admin.post(base + "/return", json={"reason": "请补充讲座经历"}).get_json()
    assert returned["status"] == "returned"
    mine = applicant.get("/api/v1/me/qualification-applications").get_json()["items"]
    assert mine[0]["decision_reason"] == "请补充讲座经历"
    edited = applicant.patch(base, json={"experience": "社区反诈讲座 30 场"})
    assert edited.status_code == 200 and edited.get_json()["experience"] == "社区反诈讲座 30 场"
    resubmitted = applicant.post(base + "/submit").get_json()
    assert resubmitted["status"] == "pending"
    assert [s["to_status"] for s in resubmitted["steps"]] == [
        "draft",
        "pending",
        "returned",
        "pending",
    ]


def test_revocation_takes_the_role_and_needs_a_reason(admin, applicant, association, assessment):
    take_assessment(applicant, assessment)
    application = apply(applicant, association)
    assert (
        admin.post(f"/api/v1/qualification-applications/{application['id']}/approve").status_code
        == 200
    )
    assert "lecturer" in roles_of(applicant)
    path = f"/api/v1/qualifications/{application['id']}/revoke"
    assert admin.post(path, json={}).status_code == 422
    revoked = admin.post(path, json={"reason": "长期未开展活动"})
    assert revoked.status_code == 200
    assert revoked.get_json()["status"] == "revoked"
    assert "lecturer" not in roles_of(applicant)
    assert admin.post(path, json={"reason": "again"}).status_code == 409
    grant = db.session.scalar(select(RoleGrant).where(RoleGrant.role == "lecturer"))
    assert grant.revoke_reason == "长期未开展活动"
