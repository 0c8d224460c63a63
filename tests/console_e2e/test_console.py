"""The web console in a real browser: scan login, the stand-in login, a drawn chart, a station
form with the API's per-field message, a station admin kept to their station, an XLSX export,
and a screenshot of every page (docs/console/)."""

import os
import tempfile
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from app.extensions import db
from app.stations.models import Station

pytestmark = pytest.mark.mariadb

# The README's screenshots are refreshed on request (CONSOLE_SCREENSHOTS=docs/console), so that a
# plain `make test` leaves the tracked PNGs alone; otherwise they go to a temporary folder.
SHOTS = Path(
    os.environ.get("CONSOLE_SCREENSHOTS")
    or Path(tempfile.gettempdir()) / "wanganlian-console-shots"
).resolve()


def wait(driver, css, timeout=20):
    return WebDriverWait(driver, timeout).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, css))
    )


def wait_text(driver, text, timeout=20):
    WebDriverWait(driver, timeout).until(lambda d: text in d.find_element(By.TAG_NAME, "body").text)


def shot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    time.sleep(0.8)  # let charts finish their entry animation
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def standin_login(driver, openid):
    driver.get(driver.base + "/console/login")
    tab = WebDriverWait(driver, 20).until(
        EC.element_to_be_clickable(
            (By.XPATH, "//*[contains(@class,'t-tabs__nav-item')][contains(.,'测试登录')]")
        )
    )
    tab.click()
    field = wait(driver, "[data-test=standin-openid] input")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.BACKSPACE)
    field.send_keys(openid)
    driver.find_element(By.CSS_SELECTOR, "[data-test=standin-login]").click()
    wait(driver, "[data-test=user-name]")


def browser_fetch(driver, path):
    """GET path from inside the page with the console's token: the API's answer status."""
    return driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        const token = localStorage.getItem('wal.console.token');
        fetch(arguments[0], {headers: {Authorization: 'Bearer ' + token}})
          .then(r => done(r.status), () => done(-1));""",
        path,
    )


def drawn_pixels(driver, chart):
    return driver.execute_script(
        """const c = document.querySelector(`[data-chart="${arguments[0]}"] canvas`);
        if (!c || !c.width) return 0;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n;""",
        chart,
    )


def volunteer(factory, station, admin, name, phone):
    person = factory.resident()
    body = {"station_id": station.id, "real_name": name, "phone": phone}
    applied = person.post("/api/v1/volunteer-applications", json=body)
    assert applied.status_code == 201, applied.get_json()
    approved = admin.post(f"/api/v1/volunteer-applications/{applied.get_json()['id']}/approve")
    assert approved.status_code == 200, approved.get_json()
    return person


def test_scan_login_the_scanning_admin_confirms_and_the_console_opens(browser, factory):
    browser.get(browser.base + "/console/login")
    code = wait(browser, "img[data-test=login-qrcode][data-scene]")
    scene = code.get_attribute("data-scene")
    assert scene
    assert browser.execute_script("return arguments[0].naturalWidth", code) > 0  # the PNG loaded
    shot(browser, "login")
    admin = factory.union_admin()
    confirmed = admin.post(f"/api/v1/console/login-tickets/{scene}/confirm")
    assert confirmed.status_code == 200, confirmed.get_json()
    wait(browser, "[data-test=user-name]", timeout=30)
    assert browser.current_url.endswith("/console/dashboard")
    assert "联盟管理员" in browser.find_element(By.TAG_NAME, "body").text


def test_a_resident_confirm_is_refused_and_the_page_keeps_waiting(browser, factory):
    browser.get(browser.base + "/console/login")
    scene = wait(browser, "img[data-test=login-qrcode][data-scene]").get_attribute("data-scene")
    refused = factory.resident().post(f"/api/v1/console/login-tickets/{scene}/confirm")
    assert refused.status_code == 403
    time.sleep(3)
    assert "/console/login" in browser.current_url
    assert "等待扫码确认" in browser.find_element(By.CSS_SELECTOR, "[data-test=scan-status]").text


def test_the_monthly_dashboard_draws_its_charts(browser, factory):
    association = factory.association(name="北京市网络安全协会")
    factory.user(openid="e2e-union", role="union_admin")
    factory.station(association=association, name="右安门服务站")
    standin_login(browser, "e2e-union")
    wait(browser, "[data-test=monthly-dashboard]")
    WebDriverWait(browser, 20).until(lambda d: drawn_pixels(d, "volunteers") > 500)
    assert drawn_pixels(browser, "points") > 500
    shot(browser, "dashboard")


def test_a_station_form_shows_the_api_message_beside_the_field_then_creates(browser, factory):
    association = factory.association(name="上海市网络安全协会")
    factory.user(openid="e2e-assoc", role="association_admin", association_id=association.id)
    standin_login(browser, "e2e-assoc")
    browser.get(browser.base + "/console/stations")
    wait(browser, "[data-test=new-station]").click()
    wait(browser, "[data-test=station-name] input").send_keys("徐汇反诈服务站")
    browser.find_element(By.CSS_SELECTOR, "[data-test=station-phone] input").send_keys("电话号码")
    browser.find_element(By.CSS_SELECTOR, "[data-test=save-station]").click()
    # The API's message for contact_phone, under that field.
    tip = WebDriverWait(browser, 20).until(
        lambda d: d.find_element(
            By.XPATH,
            "//*[contains(@class,'t-form-item__contact_phone')]//*[contains(@class,'-tips')][contains(.,'digits')]",
        )
    )
    assert tip.is_displayed()
    assert db.session.query(Station).filter_by(name="徐汇反诈服务站").count() == 0
    phone = browser.find_element(By.CSS_SELECTOR, "[data-test=station-phone] input")
    phone.send_keys(Keys.CONTROL, "a")
    phone.send_keys(Keys.BACKSPACE)
    phone.send_keys("021-12345678")
    browser.find_element(By.CSS_SELECTOR, "[data-test=save-station]").click()
    wait_text(browser, "徐汇反诈服务站（服务站）")
    db.session.expire_all()
    assert db.session.query(Station).filter_by(name="徐汇反诈服务站").count() == 1
    shot(browser, "stations")


def test_a_station_admin_sees_only_their_station_and_exports_the_roster(
    browser, factory, downloads
):
    association = factory.association(name="广州市网络安全协会")
    mine = factory.station(association=association, name="天河服务站")
    other = factory.station(association=association, name="越秀服务站")
    factory.user(openid="e2e-station", role="station_admin", station_id=mine.id)
    admin = factory.client.login("e2e-station")
    volunteer(factory, mine, admin, "王小红", "13800001234")

    standin_login(browser, "e2e-station")
    browser.get(browser.base + "/console/stations")
    wait_text(browser, "天河服务站（服务站）")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "越秀服务站" not in body
    assert "结算与任务" not in body  # the menu follows the role
    assert browser_fetch(browser, f"/api/v1/stations/{other.id}/roster") == 403
    assert browser_fetch(browser, f"/api/v1/stations/{mine.id}/roster") == 200

    # The entrance code as a printable poster: an A4 PNG, not the bare code.
    browser.find_element(
        By.XPATH, "//*[contains(@class,'t-tree__label')][contains(.,'天河服务站')]"
    ).click()
    wait(browser, "[data-test=entrance-code]").click()
    poster = downloads / "天河服务站-入口码海报.png"
    WebDriverWait(browser, 20).until(lambda d: poster.is_file() and poster.stat().st_size > 0)
    time.sleep(0.5)
    with Image.open(poster) as image:
        assert image.size == (1240, 1754)
        assert image.convert("RGB").getpixel((620, 40)) == (0, 82, 217)  # the title band

    browser.get(browser.base + "/console/volunteers")
    wait_text(browser, "王小红")
    shot(browser, "volunteers")
    browser.find_element(By.CSS_SELECTOR, "[data-test=roster-xlsx]").click()
    target = downloads / "志愿者花名册.xlsx"
    WebDriverWait(browser, 20).until(lambda d: target.is_file() and target.stat().st_size > 0)
    time.sleep(0.5)
    sheet = load_workbook(target).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "王小红" in cells


def test_every_page_opens_for_the_union_with_a_screenshot(browser, factory):
    association = factory.association(name="深圳市网络安全协会")
    factory.station(association=association, name="南山服务站")
    factory.user(openid="e2e-union-pages", role="union_admin")
    standin_login(browser, "e2e-union-pages")
    for page, marker in [
        ("reviews", "讲师/宣讲员申请"),
        ("surveys", "问卷列表"),
        ("quizzes", "竞答活动"),
        ("gifts", "礼品目录"),
        ("settlements", "队列健康"),
    ]:
        browser.get(browser.base + f"/console/{page}")
        wait_text(browser, marker)
        shot(browser, page)


def test_an_expired_token_returns_to_the_login_keeping_the_draft(browser, factory):
    association = factory.association(name="杭州市网络安全协会")
    factory.user(openid="e2e-expiry", role="association_admin", association_id=association.id)
    standin_login(browser, "e2e-expiry")
    browser.get(browser.base + "/console/stations")
    wait(browser, "[data-test=new-station]").click()
    wait(browser, "[data-test=station-name] input").send_keys("西湖服务站")
    browser.execute_script("localStorage.setItem('wal.console.token', 'revoked-token')")
    browser.find_element(By.CSS_SELECTOR, "[data-test=save-station]").click()
    WebDriverWait(browser, 20).until(lambda d: "/console/login" in d.current_url)
    draft = browser.execute_script(
        "return sessionStorage.getItem('wal.console.draft.station-form')"
    )
    assert "西湖服务站" in draft


def test_a_reviewer_returns_an_application_and_an_empty_reason_is_shown_at_the_field(
    browser, factory
):
    association = factory.association(name="成都市网络安全协会")
    applicant = factory.resident()
    body = {
        "association_id": association.id,
        "kind": "lecturer",
        "real_name": "赵讲师",
        "phone": "13800005678",
        "organisation": "锦江社区学校",
        "topics": ["反电信网络诈骗法"],
        "experience": "社区讲座三年",
        "submit": True,
    }
    applied = applicant.post("/api/v1/qualification-applications", json=body)
    assert applied.status_code == 201, applied.get_json()
    application_id = applied.get_json()["id"]
    factory.user(openid="e2e-reviewer", role="association_admin", association_id=association.id)
    standin_login(browser, "e2e-reviewer")
    browser.get(browser.base + "/console/reviews")
    wait_text(browser, "赵讲师")
    wait(browser, "[data-test=open-application]").click()
    wait(browser, "[data-test=return]").click()
    WebDriverWait(browser, 20).until(
        lambda d: d.find_element(By.XPATH, "//*[contains(@class,'-tips')][normalize-space()]")
    )
    state = applicant.get(f"/api/v1/qualification-applications/{application_id}").get_json()
    assert state["status"] == "pending"  # nothing half done
    wait(browser, "[data-test=decision-reason] textarea").send_keys("请补充授课经历")
    browser.find_element(By.CSS_SELECTOR, "[data-test=return]").click()
    WebDriverWait(browser, 20).until(
        lambda d: (
            applicant.get(f"/api/v1/qualification-applications/{application_id}").get_json()[
                "status"
            ]
            == "returned"
        )
    )


def test_a_gift_manager_restocks_in_the_console(browser, factory):
    association = factory.association(name="武汉市网络安全协会")
    station = factory.station(association=association, name="江汉服务站")
    manager = factory.association_admin(association)
    created = manager.post(
        "/api/v1/gifts",
        json={
            "name": "反诈帆布袋",
            "price_points": 50,
            "stock": 5,
            "scope": "association",
            "association_id": association.id,
            "pickup_station_ids": [station.id],
        },
    )
    assert created.status_code == 201, created.get_json()
    gift_id = created.get_json()["id"]
    factory.user(openid="e2e-gifts", role="association_admin", association_id=association.id)
    standin_login(browser, "e2e-gifts")
    browser.get(browser.base + "/console/gifts")
    wait_text(browser, "反诈帆布袋")
    wait(browser, "[data-test=adjust-stock]").click()
    delta = wait(browser, "[data-test=stock-delta] input")
    delta.send_keys(Keys.CONTROL, "a")
    delta.send_keys(Keys.BACKSPACE)
    delta.send_keys("3")
    browser.find_element(By.CSS_SELECTOR, "[data-test=stock-note] input").send_keys("新到一批")
    browser.find_element(By.CSS_SELECTOR, "[data-test=save-stock]").click()
    WebDriverWait(browser, 20).until(
        lambda d: manager.get(f"/api/v1/gifts/{gift_id}").get_json()["stock"] == 8
    )


def test_during_a_survey_season_the_dashboard_draws_its_four_charts(browser, factory):
    from datetime import timedelta

    from app.core.time import utcnow
    from app.surveys.demo import QUESTIONNAIRE

    association = factory.association(name="南京市网络安全协会")
    station = factory.station(association=association, name="鼓楼服务站")
    admin = factory.association_admin(association)
    now = utcnow()
    made = admin.post(
        "/api/v1/surveys",
        json={
            "title": "网民网络安全感满意度调查",
            "association_id": association.id,
            "questionnaire": QUESTIONNAIRE,
            "collection_starts_at": (now - timedelta(days=1)).isoformat(),
            "collection_ends_at": (now + timedelta(days=5)).isoformat(),
            "min_seconds": 60,
        },
    )
    assert made.status_code == 201, made.get_json()
    survey = made.get_json()
    link = admin.post(f"/api/v1/surveys/{survey['id']}/links", json={"station_id": station.id})
    assert link.status_code in (200, 201), link.get_json()
    answers = {
        "age_band": "25_34",
        "occupation": "employee",
        "region": "urban",
        "satisfaction": {
            "fraud": "5",
            "privacy": "4",
            "minors": "4",
            "rumours": "3",
            "platform": "4",
        },
        "concerns": ["fraud", "leak"],
        "advice": "多开展进社区宣传",
    }
    for n, minutes in enumerate([5, 6, 7, 0]):  # the last one answers too fast: flagged
        sent = factory.resident().post(
            f"/api/v1/surveys/{survey['id']}/responses",
            json={
                "link_scene": link.get_json()["scene"],
                "client_id": f"e2e-client-{n:04d}",
                "started_at": (now - timedelta(minutes=minutes, seconds=5)).isoformat(),
                "answers": answers,
            },
        )
        assert sent.status_code in (200, 201), sent.get_json()

    factory.user(openid="e2e-season", role="association_admin", association_id=association.id)
    standin_login(browser, "e2e-season")
    wait(browser, "[data-test=season-dashboard]")
    for chart in ("daily", "ranking", "flags", "gauge"):
        WebDriverWait(browser, 20).until(lambda d, c=chart: drawn_pixels(d, c) > 500)
    shot(browser, "dashboard-season")
