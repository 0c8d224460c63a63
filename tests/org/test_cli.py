"""Operator commands and the demo seed."""

import re

from sqlalchemy import func, select

from app.entrances.models import Entrance
from app.extensions import db
from app.stations.models import Association, Station

INVITE = re.compile(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")


def test_stations_invite_prints_a_claimable_code(app, world, factory):
    """`flask stations invite ID` prints a code that makes its claimer that station's admin."""
    result = app.test_cli_runner().invoke(args=["stations", "invite", str(world.ss.id)])
    assert result.exit_code == 0, result.output
    code = INVITE.search(result.output).group(0)
    claimer = factory.resident()
    claimed = claimer.post("/api/v1/admin-invites/claim", json={"invite_code": code})
    assert claimed.status_code == 200 and claimed.get_json()["id"] == world.ss.id


def test_stations_code_prints_the_scene_and_writes_the_png(app, world, factory, tmp_path):
    """`flask stations code ID --out FILE` prints the live scene and writes the PNG."""
    out = tmp_path / "station.png"
    result = app.test_cli_runner().invoke(
        args=["stations", "code", str(world.s.id), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    scene = factory.union_admin().get(f"/api/v1/stations/{world.s.id}").get_json()["scene"]
    assert f"scene {scene}" in result.output
    assert out.read_bytes().startswith(b"\x89PNG")


def test_cli_refuses_an_unknown_station(app, world):
    """An operator typo is a clear error, not a traceback."""
    result = app.test_cli_runner().invoke(args=["stations", "invite", "999999"])
    assert result.exit_code != 0 and "no station 999999" in result.output


def test_seed_demo_makes_the_beijing_tree_with_entrances_and_an_invite(app, client, factory):
    """seed-demo (run twice) creates the association, the 右安门 station and one sub-station,
    each with one live entrance, and prints an invite code that works."""
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Association)) == 1
    stations = db.session.scalars(select(Station).order_by(Station.id)).all()
    assert [s.name for s in stations] == ["右安门街道网络安全志愿服务站", "右安门翠林社区分站"]
    assert stations[1].parent_id == stations[0].id and stations[1].kind == "sub_station"
    live = db.session.scalars(
        select(Entrance).where(Entrance.rotated_at.is_(None), Entrance.kind == "station")
    ).all()
    assert sorted(e.station_id for e in live) == [stations[0].id, stations[1].id]
    scene = next(e.scene for e in live if e.station_id == stations[0].id)
    assert scene in second.output
    assert client.get(f"/api/v1/entrances/{scene}").get_json()["station"]["id"] == stations[0].id
    code = INVITE.search(second.output).group(0)
    claimed = factory.resident().post("/api/v1/admin-invites/claim", json={"invite_code": code})
    assert claimed.status_code == 200 and claimed.get_json()["id"] == stations[0].id
