"""The restore drill: demo activity, quiz attempts, a redemption, a settlement, a survey and
uploaded photos are backed up with scripts/backup.sh while the app runs, restored with
scripts/restore.sh into a fresh database and uploads folder, and the restored platform is the same:
the books reconcile, every table has the same rows, the leaderboards rebuild (Redis lost) to the
same order, and every uploaded file has the same checksum."""

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, make_url, select, text

from app import create_app
from app.extensions import db
from app.points.reconcile import reconcile
from app.quizzes.models import QuizQuestion
from app.settlements.models import SettlementRun
from app.surveys.models import Survey
from app.volunteers.uploads import store_image
from config import TestConfig

pytestmark = pytest.mark.mariadb
ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def play(api, campaign_id: int, right: int) -> None:
    """One attempt with `right` correct answers."""
    attempt = api.post(f"/api/v1/quiz-campaigns/{campaign_id}/attempts").get_json()
    ids = [q["id"] for q in attempt["questions"]]
    answers = {}
    for n, qid in enumerate(ids):
        correct = list(db.session.get(QuizQuestion, qid).answer)
        answers[str(qid)] = correct if n < right else ["Z"]
    response = api.post(
        f"/api/v1/quiz-attempts/{attempt['attempt_id']}/submit", json={"answers": answers}
    )
    assert response.status_code == 200, response.get_json()


def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table: connection.scalar(text(f"SELECT COUNT(*) FROM `{table}`"))
                for table in inspect(connection).get_table_names()
            }
    finally:
        engine.dispose()


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def restored_database():
    url = make_url(TestConfig.SQLALCHEMY_DATABASE_URI)
    name = f"{url.database}_restore"
    server = create_engine(url.set(database=""))
    with server.begin() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
    yield url.set(database=name).render_as_string(hide_password=False)
    with server.begin() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
    server.dispose()


def test_backup_then_restore_gives_back_the_same_platform(
    app, client, tmp_path, restored_database, redis, monkeypatch, wechat_standin
):
    uploads, restored_uploads = tmp_path / "uploads", tmp_path / "restored-uploads"
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(uploads))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0

    resident = client.login("demo_resident")
    campaigns = resident.get("/api/v1/quiz-campaigns").get_json()["items"]
    campaign_id = next(c["id"] for c in campaigns if not c["is_assessment"])
    for n, right in enumerate([3, 9, 6, 9]):
        play(client.login(f"drill_player_{n}"), campaign_id, right)
    play(resident, campaign_id, 5)
    gift = next(g for g in resident.get("/api/v1/gifts").get_json()["items"] if g["stock"] > 0)
    redeemed = resident.post(
        f"/api/v1/gifts/{gift['id']}/redemptions",
        json={"quantity": 1, "pickup_station_id": gift["pickup_station_ids"][0]},
        headers={"Idempotency-Key": "drill-redeem-1"},
    )
    assert redeemed.status_code == 201, redeemed.get_json()
    settled = runner.invoke(args=["settle", "reconcile"])
    assert settled.exit_code == 0, settled.output
    for kind in ("highlights", "evidence"):
        for n in range(3):
            store_image(kind, PNG + os.urandom(32) + bytes([n]))
    assert db.session.scalar(select(func.count()).select_from(SettlementRun)) >= 1
    assert db.session.scalar(select(func.count()).select_from(Survey)) >= 1
    board = f"/api/v1/quiz-campaigns/{campaign_id}/leaderboard?scope=users"
    before_board = resident.get(board).get_json()
    db.session.remove()

    source_url = TestConfig.SQLALCHEMY_DATABASE_URI
    backup = tmp_path / "backup"
    environment = {**os.environ, "DATABASE_URL": source_url, "UPLOAD_DIR": str(uploads)}
    subprocess.run(
        [ROOT / "scripts/backup.sh", str(backup)], env=environment, check=True, timeout=300
    )
    assert {p.name for p in backup.iterdir()} == {
        "database.sql.gz",
        "uploads.tar.gz",
        "uploads.sha256",
        "SHA256SUMS",
    }
    environment.update(DATABASE_URL=restored_database, UPLOAD_DIR=str(restored_uploads))
    subprocess.run(
        [ROOT / "scripts/restore.sh", str(backup)], env=environment, check=True, timeout=300
    )

    source_counts = row_counts(source_url)
    assert source_counts["point_transfers"] > 0 and source_counts["quiz_attempts"] == 5
    assert row_counts(restored_database) == source_counts
    assert len(checksums(uploads)) == 6
    assert checksums(restored_uploads) == checksums(uploads)

    class Restored(TestConfig):
        SQLALCHEMY_DATABASE_URI = restored_database
        WECHAT_API_BASE = wechat_standin.url
        UPLOAD_DIR = str(restored_uploads)

    restored_app = create_app(Restored)
    with restored_app.app_context():
        try:
            assert reconcile() == []
            redis.flushdb()  # Redis is not restored: the leaderboards rebuild from the database
            from tests.support import ApiClient

            again = ApiClient(restored_app.test_client()).login("demo_resident")
            after_board = again.get(board).get_json()
        finally:
            db.session.remove()
            db.engine.dispose()
    assert after_board == before_board
    ranked = [entry["user_id"] for entry in after_board["items"]]
    assert len(ranked) == 5


def test_restore_refuses_a_damaged_backup(tmp_path, restored_database):
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "database.sql.gz").write_bytes(b"not what was backed up")
    (backup / "uploads.tar.gz").write_bytes(b"")
    (backup / "uploads.sha256").write_text("")
    (backup / "SHA256SUMS").write_text(
        "0" * 64
        + "  database.sql.gz\n"
        + hashlib.sha256(b"").hexdigest()
        + "  uploads.tar.gz\n"
        + hashlib.sha256(b"").hexdigest()
        + "  uploads.sha256\n"
    )
    environment = {
        **os.environ,
        "DATABASE_URL": restored_database,
        "UPLOAD_DIR": str(tmp_path / "restored"),
    }
    result = subprocess.run(
        [ROOT / "scripts/restore.sh", str(backup)], env=environment, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "damaged" in result.stderr
    assert not (tmp_path / "restored").exists()
