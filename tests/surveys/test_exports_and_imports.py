"""XLSX exports (figures at once; responses as a job with progress) and questionnaire import."""

import io
import json

from openpyxl import Workbook, load_workbook

from app.extensions import db
from app.surveys import export
from app.surveys.models import SurveyExport


def test_figures_download_as_xlsx_in_scope(world):
    world.submit(world.factory.resident(), link=world.station_link)
    world.submit(world.factory.resident(), link=world.other_station_link)
    got = world.station_admin.get(f"/api/v1/surveys/{world.survey['id']}/figures.xlsx")
    assert got.status_code == 200
    book = load_workbook(io.BytesIO(got.data))
    assert list(book["totals"].iter_rows(values_only=True))[1][:2] == (1, 0)
    stations = list(book["by_station"].iter_rows(values_only=True))
    assert stations[1] == (world.station.id, "右安门服务站", 1, 0) and len(stations) == 2
    assert (
        world.factory.resident()
        .get(f"/api/v1/surveys/{world.survey['id']}/figures.xlsx")
        .status_code
        == 403
    )


def test_a_responses_export_reports_progress_and_downloads(world, monkeypatch, tmp_path):
    monkeypatch.setattr(export, "CHUNK", 2)
    monkeypatch.setitem(world.factory.app.config, "SURVEY_EXPORT_DIR", str(tmp_path))
    for _ in range(5):
        world.submit(world.factory.resident(), link=world.station_link)
    world.submit(world.factory.resident(), link=world.other_station_link)
    started = world.station_admin.post(f"/api/v1/surveys/{world.survey['id']}/exports", json={})
    assert started.status_code == 202
    job = started.get_json()
    # Jobs run inline in tests: by now it is finished, with every chunk counted.
    assert job["status"] == "done" and job["rows_total"] == 5 and job["rows_done"] == 5
    assert job["progress_percent"] == 100.0
    watched = world.station_admin.get(f"/api/v1/survey-exports/{job['id']}").get_json()
    assert watched["download_url"] == f"/api/v1/survey-exports/{job['id']}/download"
    got = world.station_admin.get(watched["download_url"])
    rows = list(load_workbook(io.BytesIO(got.data))["responses"].iter_rows(values_only=True))
    assert len(rows) == 6 and rows[0][:3] == ("id", "submitted (Beijing)", "day")
    assert json.loads(rows[1][rows[0].index("satisfaction")])["fraud"] == "5"
    assert world.association_admin.get(f"/api/v1/survey-exports/{job['id']}").status_code == 403


def test_an_unfinished_export_cannot_be_downloaded(world):
    row = SurveyExport(
        survey_id=world.survey["id"],
        requested_by_id=world.station_admin.user_id,
        scope={"national": False, "station_ids": [world.station.id], "association_ids": []},
        status="running",
        rows_total=10,
        rows_done=4,
    )
    db.session.add(row)
    db.session.commit()
    watched = world.station_admin.get(f"/api/v1/survey-exports/{row.id}").get_json()
    assert watched["progress_percent"] == 40.0 and watched["download_url"] is None
    got = world.station_admin.get(f"/api/v1/survey-exports/{row.id}/download")
    assert got.status_code == 409 and got.get_json()["error"]["code"] == "export_not_ready"


def _upload(admin, name, content):
    return admin.raw.post(
        "/api/v1/surveys/questionnaire-imports",
        data={"file": (io.BytesIO(content), name)},
        headers={"Authorization": f"Bearer {admin.token}"},
        content_type="multipart/form-data",
    )


def test_a_questionnaire_is_imported_from_xlsx(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["id", "type", "title", "required", "profile", "options", "rows", "show_if"])
    sheet.append(["job", "single", "职业", "是", "1", "student:学生|other:其他", None, None])
    sheet.append(["school", "single", "学段", "1", "", "mid:中学|uni:大学", None, "job=student"])
    sheet.append(["sat", "matrix", "满意度", "1", "", "5:满意|1:不满意", "a:诈骗|b:隐私", None])
    sheet.append(["say", "text", "建议", "0", "", None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    got = _upload(world.association_admin, "问卷.xlsx", buffer.getvalue())
    assert got.status_code == 200, got.get_json()
    questions = got.get_json()["questionnaire"]["questions"]
    assert [q["id"] for q in questions] == ["job", "school", "sat", "say"]
    assert questions[0]["profile"] is True and questions[0]["required"] is True
    assert questions[1]["show_if"] == {"question": "job", "in": ["student"]}
    assert questions[2]["rows"] == [
        {"value": "a", "label": "诈骗"},
        {"value": "b", "label": "隐私"},
    ]
    assert questions[3]["required"] is False


def test_a_questionnaire_csv_with_a_bad_question_is_refused_with_its_place(world):
    csv = "id,type,title,options\nq1,single,年龄,a:一|b:二\nq2,dropdown,坏题,\n".encode()
    got = _upload(world.association_admin, "q.csv", csv)
    assert got.status_code == 422
    assert "questions[1]" in got.get_json()["error"]["details"]["fields"]
    assert _upload(world.association_admin, "q.xlsx", b"not a workbook").status_code == 422
    assert _upload(world.association_admin, "q.doc", b"x").status_code == 422
    assert _upload(world.factory.resident(), "q.csv", csv).status_code == 403
