"""The survey operations answer what the OpenAPI document declares (the fuzzer found
undocumented 200s and files declared as JSON; the statements' test is in test_subsidy)."""

from tests.support import assert_documented

SURVEY = "/api/v1/surveys/{survey_id}"


def test_figures_and_their_xlsx_are_documented(app, world):
    figures = world.figures(world.union_admin)
    assert figures.status_code == 200
    assert_documented(app, figures, "GET", SURVEY + "/figures")
    refused = world.figures(world.station_admin, station_id=world.other_station.id)
    assert refused.status_code == 403
    assert_documented(app, refused, "GET", SURVEY + "/figures")
    sheet = world.union_admin.get(f"/api/v1/surveys/{world.survey['id']}/figures.xlsx")
    assert sheet.status_code == 200
    assert_documented(app, sheet, "GET", SURVEY + "/figures.xlsx")


def test_asking_again_for_an_existing_link_is_a_documented_200(app, world):
    again = world.association_admin.post(
        f"/api/v1/surveys/{world.survey['id']}/links", json={"station_id": world.station.id}
    )
    assert again.status_code == 200
    assert again.get_json()["id"] == world.station_link["id"]
    assert_documented(app, again, "POST", SURVEY + "/links")


def test_the_link_qrcode_is_documented_as_a_png(app, world):
    code = world.station_admin.get(f"/api/v1/survey-links/{world.station_link['id']}/qrcode")
    assert code.status_code == 200
    assert_documented(app, code, "GET", "/api/v1/survey-links/{link_id}/qrcode")


def test_setting_a_target_answers_the_documented_target(app, world):
    url = f"/api/v1/surveys/{world.survey['id']}/targets/{world.association.id}"
    set_ = world.association_admin.put(
        url, json={"region_netizens": 1400, "target_share_percent": 0.5}
    )
    assert set_.status_code == 200
    assert_documented(app, set_, "PUT", SURVEY + "/targets/{association_id}")
