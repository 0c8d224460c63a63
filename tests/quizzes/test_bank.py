"""The question bank: admins add, change and retire questions; imports report rejected rows."""

import csv
import io

from openpyxl import Workbook
from sqlalchemy import func, select

from app.extensions import db
from app.quizzes.models import QuizQuestion
from app.users.models import Role

QUESTION = {
    "kind": "single",
    "stem": "网络安全法自哪一天起施行？",
    "options": [{"key": "A", "text": "2017年6月1日"}, {"key": "B", "text": "2021年9月1日"}],
    "answer": ["A"],
    "explanation": "2017年6月1日起施行。",
    "category": "网络安全法",
    "difficulty": 1,
}


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(QuizQuestion))


def test_an_association_admin_adds_a_question_to_its_bank(factory):
    association = factory.association()
    admin = factory.association_admin(association)
    response = admin.post(
        "/api/v1/quiz-questions",
        json={**QUESTION, "scope": "association", "association_id": association.id},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["answer"] == ["A"] and body["scope"] == "association"
    listed = admin.get(
        f"/api/v1/quiz-questions?scope=association&association_id={association.id}"
    ).get_json()
    assert [q["id"] for q in listed["items"]] == [body["id"]]


def test_a_duplicate_stem_is_refused(factory):
    admin = factory.union_admin()
    assert (
        admin.post("/api/v1/quiz-questions", json={**QUESTION, "scope": "national"}).status_code
        == 201
    )
    again = admin.post(
        "/api/v1/quiz-questions",
        json={**QUESTION, "scope": "national", "stem": " 网络安全法自哪一天起施行? "},
    )
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "question_duplicate"
    assert count() == 1


def test_bad_questions_get_per_field_messages(factory):
    admin = factory.union_admin()
    bad = {
        **QUESTION,
        "scope": "national",
        "kind": "multiple",
        "options": [{"key": "A", "text": "x"}, {"key": "C", "text": "y"}],
    }
    response = admin.post("/api/v1/quiz-questions", json=bad)
    assert response.status_code == 422
    assert "options" in response.get_json()["error"]["details"]["fields"]
    wrong_answer = {**QUESTION, "scope": "national", "answer": ["C"]}
    response = admin.post("/api/v1/quiz-questions", json=wrong_answer)
    assert response.get_json()["error"]["details"]["fields"]["answer"]
    assert count() == 0


def test_residents_and_foreign_admins_cannot_touch_a_bank(factory):
    association = factory.association()
    other_admin = factory.association_admin(factory.association())
    body = {**QUESTION, "scope": "association", "association_id": association.id}
    assert factory.resident().post("/api/v1/quiz-questions", json=body).status_code == 403
    assert other_admin.post("/api/v1/quiz-questions", json=body).status_code == 403
    national = {**QUESTION, "scope": "national"}
    assert (
        factory.association_admin(association)
        .post("/api/v1/quiz-questions", json=national)
        .status_code
        == 403
    )
    assert count() == 0


def test_a_station_admin_manages_station_questions(factory):
    station = factory.station()
    admin = factory.station_admin(station)
    created = admin.post(
        "/api/v1/quiz-questions", json={**QUESTION, "scope": "station", "station_id": station.id}
    ).get_json()
    changed = admin.patch(f"/api/v1/quiz-questions/{created['id']}", json={"answer": ["B"]})
    assert changed.status_code == 200 and changed.get_json()["answer"] == ["B"]
    retired = admin.delete(f"/api/v1/quiz-questions/{created['id']}")
    assert retired.get_json()["active"] is False
    other = factory.station_admin(factory.station())
    assert (
        other.patch(f"/api/v1/quiz-questions/{created['id']}", json={"answer": ["A"]}).status_code
        == 403
    )


HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "分类", "难度"]
ROWS = [
    [
        "单选",
        "反电信网络诈骗法何时施行？",
        "2022年12月1日",
        "2021年1月1日",
        "",
        "",
        "A",
        "2022年12月1日。",
        "反电信网络诈骗法",
        "易",
    ],
    [
        "多选",
        "哪些卡不能出租出借？",
        "电话卡",
        "银行卡",
        "公交卡",
        "",
        "AB",
        "两卡。",
        "帮信罪",
        "2",
    ],
    ["判断", "验证码可以告诉客服。", "", "", "", "", "错", "不能告诉任何人。", "反诈防骗", "1"],
    ["单选", "", "a", "b", "", "", "A", "", "反诈防骗", "1"],  # no stem
    ["填空", "未知题型", "a", "b", "", "", "A", "", "反诈防骗", "1"],  # unknown kind
    ["单选", "答案不在选项里？", "a", "b", "", "", "E", "", "反诈防骗", "1"],  # answer E
    ["多选", "多选只有一个答案？", "a", "b", "c", "", "A", "", "反诈防骗", "1"],
    ["单选", "反电信网络诈骗法何时施行?", "x", "y", "", "", "A", "", "反诈防骗", "1"],  # duplicate
    ["单选", "难度写错了", "x", "y", "", "", "A", "", "反诈防骗", "很难"],
]


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([cell or None for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(api, content: bytes, filename: str, **form):
    return api.raw.post(
        "/api/v1/quiz-questions/import",
        data={**form, "file": (io.BytesIO(content), filename)},
        headers={"Authorization": f"Bearer {api.token}"},
        content_type="multipart/form-data",
    )


def check_report(report: dict) -> None:
    assert report["imported"] == 3
    rejected = {item["row"]: item["reason"] for item in report["rejected"]}
    assert set(rejected) == {5, 6, 7, 8, 9, 10}
    assert "stem" in rejected[5]
    assert "kind" in rejected[6]
    assert "answer" in rejected[7] and "answer" in rejected[8]
    assert "duplicate" in rejected[9]
    assert "difficulty" in rejected[10]


def test_import_over_the_api_takes_valid_rows_and_reports_the_rest(factory):
    """A CSV with six bad rows: three imported, six rejected with row number and reason."""
    association = factory.association()
    admin = factory.association_admin(association)
    response = upload(
        admin, csv_bytes(ROWS), "bank.csv", scope="association", association_id=association.id
    )
    assert response.status_code == 200, response.get_json()
    check_report(response.get_json())
    true_false = db.session.scalar(select(QuizQuestion).where(QuizQuestion.kind == "true_false"))
    assert true_false.answer == ["B"] and true_false.options[0]["text"] == "正确"
    assert count() == 3


def test_import_xlsx_over_the_api(factory):
    admin = factory.union_admin()
    response = upload(admin, xlsx_bytes(ROWS), "bank.xlsx", scope="national")
    assert response.status_code == 200, response.get_json()
    check_report(response.get_json())
    again = upload(admin, xlsx_bytes(ROWS[:1]), "bank.xlsx", scope="national").get_json()
    assert again["imported"] == 0 and "duplicate" in again["rejected"][0]["reason"]


def test_import_refuses_unreadable_files_and_strangers(factory):
    admin = factory.union_admin()
    bad = upload(admin, b"not a workbook", "bank.xlsx", scope="national")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "import_file_unreadable"
    no_header = upload(admin, b"a,b\n1,2\n", "bank.csv", scope="national")
    assert no_header.get_json()["error"]["code"] == "import_header_missing"
    assert upload(admin, b"x", "bank.txt", scope="national").status_code == 400
    resident = factory.resident()
    assert upload(resident, csv_bytes(ROWS), "bank.csv", scope="national").status_code == 403
    assert count() == 0


def test_the_cli_imports_with_a_progress_bar_and_lists_rejected_rows(app, factory, tmp_path):
    path = tmp_path / "bank.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    result = app.test_cli_runner().invoke(args=["quiz", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Importing questions" in result.output
    assert "Imported 3 questions into the national bank." in result.output
    assert "row 5:" in result.output and "row 9: duplicate" in result.output
    assert count() == 3
    station = factory.station()
    csv_path = tmp_path / "bank.csv"
    csv_path.write_bytes(csv_bytes(ROWS))
    result = app.test_cli_runner().invoke(
        args=["quiz", "import", str(csv_path), "--station-id", str(station.id)]
    )
    assert f"into the station:{station.id} bank" in result.output


def test_list_questions_needs_an_admin(factory):
    assert factory.resident().get("/api/v1/quiz-questions").status_code == 403
    assert factory.logged_in(Role.VOLUNTEER).get("/api/v1/quiz-questions").status_code == 403
