"""An inspection from finding to close, through the API, with the append-only history."""

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.inspections import service
from app.inspections.models import ChecklistItem, Inspection
from app.notifications.models import Notification
from tests.inspections.factories import body, record, today


def test_an_inspection_goes_from_finding_to_close(world):
    """Does a finding answered, returned, answered again and accepted let the inspection close,
    keeping the returned answer in the record?"""
    inspector = world["clients"]["inspector_own"]
    station_admin = world["clients"]["station_own"]
    station = world["station"]

    created = inspector.post(
        f"/api/v1/stations/{station.id}/inspections",
        json=body(station.association_id, findings=1),
    )
    assert created.status_code == 201, created.get_json()
    inspection = created.get_json()
    assert inspection["status"] == "open"
    assert [f["item_title"] for f in inspection["findings"]] == [
        "牌匾标识",
        "台账",
        "活动开展",
        "志愿者管理",
        "宣传物料",
        "安全",
    ]
    finding = inspection["findings"][0]
    assert finding["status"] == "open" and finding["note"] == "问题0"
    assert inspection["open_findings"] == 1

    # The station admin heard of it (a subscribe message, queued after the commit).
    messages = db.session.scalars(
        select(Notification).where(Notification.user_id == station_admin.user_id)
    ).all()
    assert [m.event for m in messages] == ["inspection_recorded"]

    blocked = inspector.post(f"/api/v1/inspections/{inspection['id']}/close")
    assert blocked.status_code == 409
    assert blocked.get_json()["error"]["code"] == "findings_unaccepted"
    assert blocked.get_json()["error"]["details"]["finding_ids"] == [finding["id"]]

    first = station_admin.post(
        f"/api/v1/inspection-findings/{finding['id']}/responses", json={"text": "已挂牌"}
    )
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["status"] == "answered"

    again = station_admin.post(
        f"/api/v1/inspection-findings/{finding['id']}/responses", json={"text": "再答一次"}
    )
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "finding_not_open"

    no_reason = inspector.post(f"/api/v1/inspection-findings/{finding['id']}/return", json={})
    assert no_reason.status_code == 422
    assert no_reason.get_json()["error"]["code"] == "reason_required"

    returned = inspector.post(
        f"/api/v1/inspection-findings/{finding['id']}/return", json={"reason": "缺少照片"}
    )
    assert returned.status_code == 200
    assert returned.get_json()["status"] == "returned"

    second = station_admin.post(
        f"/api/v1/inspection-findings/{finding['id']}/responses", json={"text": "补拍照片"}
    )
    assert second.status_code == 201
    accepted = inspector.post(f"/api/v1/inspection-findings/{finding['id']}/accept", json={})
    assert accepted.status_code == 200
    history = accepted.get_json()["responses"]
    assert [(r["text"], r["decision"]) for r in history] == [
        ("已挂牌", "returned"),
        ("补拍照片", "accepted"),
    ]
    assert history[0]["decision_reason"] == "缺少照片"

    closed = inspector.post(f"/api/v1/inspections/{inspection['id']}/close")
    assert closed.status_code == 200
    assert closed.get_json()["status"] == "closed"
    twice = inspector.post(f"/api/v1/inspections/{inspection['id']}/close")
    assert twice.status_code == 409
    assert twice.get_json()["error"]["code"] == "inspection_closed"

    seen = station_admin.get(f"/api/v1/inspections/{inspection['id']}").get_json()
    assert seen["status"] == "closed"
    assert len(seen["findings"][0]["responses"]) == 2


def test_an_inspection_with_no_findings_is_closed_at_once(world):
    """All ok: nothing to rectify, no deadline, closed on recording."""
    inspector = world["clients"]["inspector_own"]
    station = world["station"]
    response = inspector.post(
        f"/api/v1/stations/{station.id}/inspections",
        json=body(station.association_id, findings=0),
    )
    assert response.status_code == 201
    assert response.get_json()["status"] == "closed"
    assert response.get_json()["rectify_by"] is None


def test_accepting_without_a_pending_answer_is_a_conflict(world):
    inspection = record(world, findings=1)
    finding_id = inspection.findings[0].id
    response = world["clients"]["inspector_own"].post(
        f"/api/v1/inspection-findings/{finding_id}/accept", json={}
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "no_pending_answer"


def test_overdue_inspections_are_flagged_and_filtered(world):
    """An open inspection past its deadline is overdue in its view and in ?overdue=true."""
    late = record(world, findings=1, rectify_in_days=1)
    on_time = record(world, findings=1, rectify_in_days=5)
    late.rectify_by = today() - timedelta(days=1)
    late.inspected_on = today() - timedelta(days=10)
    db.session.commit()

    inspector = world["clients"]["inspector_own"]
    overdue = inspector.get("/api/v1/inspections?overdue=true").get_json()
    assert [i["id"] for i in overdue["items"]] == [late.id]
    assert overdue["items"][0]["overdue"] is True
    not_overdue = inspector.get("/api/v1/inspections?overdue=false").get_json()
    assert [i["id"] for i in not_overdue["items"]] == [on_time.id]
    assert service.overdue_count(station_ids=[world["station"].id]) == 1
    assert service.overdue_count(association_id=world["other_association"].id) == 0


def test_list_filters_by_station_and_status(world):
    at_station = record(world, findings=1)
    at_sibling = record(world, findings=0, station=world["sibling"])
    inspector = world["clients"]["inspector_own"]
    by_station = inspector.get(f"/api/v1/inspections?station_id={world['sibling'].id}")
    assert [i["id"] for i in by_station.get_json()["items"]] == [at_sibling.id]
    open_only = inspector.get("/api/v1/inspections?status=open").get_json()
    assert [i["id"] for i in open_only["items"]] == [at_station.id]


def test_deadline_reminder_goes_two_days_ahead_once(world):
    """The periodic job tells the station's admins two days before the deadline, once."""
    due = record(world, findings=1, rectify_in_days=2)
    record(world, findings=1, rectify_in_days=3)
    assert service.send_deadline_reminders() == 1
    assert service.send_deadline_reminders() == 0
    events = db.session.scalars(
        select(Notification.event).where(
            Notification.user_id == world["clients"]["station_own"].user_id
        )
    ).all()
    assert events.count("rectification_due") == 1
    assert db.session.get(Inspection, due.id).reminded_at is not None


def test_the_periodic_job_is_declared():
    from workers.schedule import PERIODIC_JOBS

    assert "inspections.deadline-reminders" in {job.id for job in PERIODIC_JOBS}


def test_the_association_edits_its_checklist(world):
    """A replaced checklist drives the next inspection; retired lines are kept for the record."""
    admin = world["clients"]["association_own"]
    association_id = world["association"].id
    path = f"/api/v1/associations/{association_id}/inspection-checklist"
    assert len(admin.get(path).get_json()["items"]) == 6
    updated = admin.put(path, json={"items": ["台账", "消防安全"]})
    assert updated.status_code == 200
    assert [i["title"] for i in updated.get_json()["items"]] == ["台账", "消防安全"]
    assert db.session.query(ChecklistItem).filter_by(association_id=association_id).count() == 7

    inspection = world["clients"]["inspector_own"].post(
        f"/api/v1/stations/{world['station'].id}/inspections",
        json=body(association_id, findings=1),
    )
    assert [f["item_title"] for f in inspection.get_json()["findings"]] == ["台账", "消防安全"]

    duplicate = admin.put(path, json={"items": ["台账", "台账"]})
    assert duplicate.status_code == 422
    assert duplicate.get_json()["error"]["code"] == "checklist_duplicate"
    assert world["clients"]["inspector_own"].put(path, json={"items": ["x"]}).status_code == 403


def test_an_association_admin_appoints_an_inspector(world, factory):
    """A user appointed by the association admin may then inspect its stations."""
    newcomer = factory.resident()
    station = world["station"]
    refused = newcomer.post(
        f"/api/v1/stations/{station.id}/inspections", json=body(station.association_id)
    )
    assert refused.status_code == 403
    path = f"/api/v1/associations/{world['association'].id}/inspectors"
    appointed = world["clients"]["association_own"].post(path, json={"user_id": newcomer.user_id})
    assert appointed.status_code == 201
    allowed = newcomer.post(
        f"/api/v1/stations/{station.id}/inspections", json=body(station.association_id)
    )
    assert allowed.status_code == 201
    assert (
        world["clients"]["association_foreign"]
        .post(path, json={"user_id": newcomer.user_id})
        .status_code
        == 403
    )
    assert (
        world["clients"]["association_own"].post(path, json={"user_id": 999999}).status_code == 404
    )


def test_figures_count_overdue_for_the_station_and_the_association(world):
    """The station's and the association's figures count open, overdue and closed ones, and
    only those in scope may read them."""
    late = record(world, findings=1, rectify_in_days=1)
    record(world, findings=1)
    record(world, findings=0, station=world["sibling"])
    late.rectify_by = today() - timedelta(days=1)
    late.inspected_on = today() - timedelta(days=5)
    db.session.commit()
    clients = world["clients"]
    station_path = f"/api/v1/stations/{world['station'].id}/inspection-figures"
    mine = clients["station_own"].get(station_path).get_json()
    assert (mine["open"], mine["overdue"], mine["closed"]) == (2, 1, 0)
    association_path = f"/api/v1/associations/{world['association'].id}/inspection-figures"
    whole = clients["inspector_own"].get(association_path).get_json()
    assert (whole["open"], whole["overdue"], whole["closed"]) == (2, 1, 1)
    assert clients["station_foreign"].get(station_path).status_code == 403
    assert clients["inspector_foreign"].get(station_path).status_code == 403
    assert clients["station_own"].get(association_path).status_code == 403
    assert clients["resident"].get(association_path).status_code == 403
    assert clients["anonymous"].get(station_path).status_code == 401
