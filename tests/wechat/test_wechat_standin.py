"""The stand-in itself: its HTTP controls, token checks, redaction and command line."""

import os
import re
import subprocess
import sys

import requests

PHONE = "/wxa/business/getuserphonenumber"


def test_unissued_token_is_refused(standin):
    res = requests.post(
        f"{standin.url}{PHONE}",
        params={"access_token": "made-up"},
        json={"code": "phone-13800138000"},
        timeout=5,
    )
    assert res.json()["errcode"] == 40001


def test_normal_mode_repeats_token_and_force_mode_replaces_it(standin):
    body = {"grant_type": "client_credential", "appid": "a", "secret": "s"}
    url = f"{standin.url}/cgi-bin/stable_token"
    first = requests.post(url, json=body, timeout=5).json()
    again = requests.post(url, json={**body, "force_refresh": False}, timeout=5).json()
    forced = requests.post(url, json={**body, "force_refresh": True}, timeout=5).json()
    assert first["expires_in"] == 7200
    assert first["access_token"] == again["access_token"] != forced["access_token"]
    assert standin.issued_tokens == 2
    res = requests.post(
        f"{standin.url}{PHONE}",
        params={"access_token": first["access_token"]},
        json={"code": "phone-13800138000"},
        timeout=5,
    )
    assert res.json()["errcode"] == 40001  # the forced refresh revoked it


def test_http_controls(standin):
    base = f"{standin.url}/__standin__"
    requests.post(
        f"{base}/fail",
        json={"path": "/sns/jscode2session", "errcode": 45011, "times": 2},
        timeout=5,
    )
    login = {"appid": "a", "secret": "very-secret", "js_code": "test-abcdef"}
    answers = [
        requests.get(f"{standin.url}/sns/jscode2session", params=login, timeout=5).json()
        for _ in range(3)
    ]
    assert [a.get("errcode") for a in answers] == [45011, 45011, None]
    assert answers[2]["openid"] == "abcdef"
    received = requests.get(f"{base}/received", timeout=5).json()["received"]
    assert len(received) == 3
    assert received[0]["body"]["secret"] == "***"
    assert received[0]["body"]["js_code"] == "***"
    assert "very-secret" not in str(received)
    requests.post(f"{base}/reset", timeout=5)
    assert standin.received == []


def test_command_line_serves_until_stopped(tmp_path):
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.wechat.standin", "--port", "0"],
        cwd=repo,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://\S+", line).group(0)
        res = requests.get(f"{url}/sns/jscode2session", params={"js_code": "x"}, timeout=5)
        assert res.json()["errcode"] == 40029
    finally:
        proc.terminate()
        proc.wait(5)
