"""A WeChat stand-in: a real HTTP server on loopback speaking the endpoints the backend uses.

Local runs and tests point the client's base_url here, so no test ever reaches WeChat.
Login codes ``test-<openid>`` succeed; phone codes ``phone-<11 digits>`` succeed; tests can
make the next calls to a path fail with any errcode (``fail_next``), read what it received
(with secrets masked) and slow a path down to provoke races (``set_delay``).

    python -m app.wechat.standin --port 5055
"""

import argparse
import base64
import io
import re
import secrets
import threading
import time

import qrcode
from flask import Flask, Response, jsonify, request
from werkzeug.serving import WSGIRequestHandler, make_server

LOGIN_CODE = re.compile(r"^test-([A-Za-z0-9_-]{6,64})$")
PHONE_CODE = re.compile(r"^phone-(\d{11})$")
REDACTED = "***"
# Values recorded in `received` under these names are masked: they are secrets or one-time
# codes, and the record is printed by failing tests and served over HTTP.
SECRET_FIELDS = frozenset({"secret", "access_token", "js_code", "code", "session_key"})


def _redact(values):
    return {k: (REDACTED if k in SECRET_FIELDS else v) for k, v in values.items()}


def _png(text):
    buf = io.BytesIO()
    qrcode.make(text).save(buf, format="PNG")
    return buf.getvalue()


class _QuietHandler(WSGIRequestHandler):
    # werkzeug logs each request line, query (secret, token, code) included: stay silent.
    def log_request(self, *args, **kwargs):
        pass


class StandinServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.host, self.port = host, port
        self._lock = threading.Lock()
        self._server = self._thread = None
        self.app = self._build_app()
        self.reset()

    # ----- controls -----

    def reset(self) -> None:
        with self._lock:
            self.received = []
            self._failures = {}  # path -> [errcode, errmsg, times left]
            self._delays = {}  # path -> seconds
            self._tokens = set()  # every token still valid
            self._current = None  # what normal-mode stable_token hands out
            self.issued_tokens = 0

    def fail_next(self, path: str, errcode: int, times: int = 1, errmsg: str = "injected"):
        with self._lock:
            self._failures[self._norm(path)] = [int(errcode), errmsg, int(times)]

    def set_delay(self, path: str, seconds: float):
        with self._lock:
            self._delays[self._norm(path)] = float(seconds)

    def calls(self, path: str) -> list:
        """The recorded (method, path, body) entries for one path."""
        path = self._norm(path)
        with self._lock:
            return [entry for entry in self.received if entry[1] == path]

    @staticmethod
    def _norm(path):
        return "/" + path.strip().lstrip("/")

    # ----- lifecycle -----

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "StandinServer":
        self._server = make_server(
            self.host, self.port, self.app, threaded=True, request_handler=_QuietHandler
        )
        self.port = self._server.server_port
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="wechat-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # ----- HTTP -----

    def _build_app(self):
        app = Flask("wechat_standin")
        # Injected faults and recording apply before any endpoint logic, like a real outage.
        app.before_request(self._before)
        routes = {
            "/sns/jscode2session": (["GET"], self._jscode2session),
            "/cgi-bin/stable_token": (["POST"], self._stable_token),
            "/wxa/business/getuserphonenumber": (["POST"], self._phone),
            "/wxa/msg_sec_check": (["POST"], self._msg_sec_check),
            "/wxa/media_check_async": (["POST"], self._media_check_async),
            "/wxa/getwxacodeunlimit": (["POST"], self._wxacode),
            "/cgi-bin/message/subscribe/send": (["POST"], self._subscribe_send),
            "/__standin__/fail": (["POST"], self._ctl_fail),
            "/__standin__/received": (["GET"], self._ctl_received),
            "/__standin__/reset": (["POST"], self._ctl_reset),
        }
        for path, (methods, view) in routes.items():
            app.add_url_rule(path, view.__name__, view, methods=methods)
        return app

    def _before(self):
        path = request.path
        if path.startswith("/__standin__/"):
            return None
        body = request.get_json(silent=True, force=True) or {}
        record = _redact({**request.args.to_dict(), **body}) if isinstance(body, dict) else {}
        with self._lock:
            self.received.append((request.method, path, record))
            delay = self._delays.get(path, 0)
            failure = self._failures.get(path)
            if failure:
                failure[2] -= 1
                if failure[2] <= 0:
                    del self._failures[path]
        if delay:
            time.sleep(delay)
        if failure:
            return jsonify(errcode=failure[0], errmsg=failure[1])
        return None

    def _body(self):
        body = request.get_json(silent=True, force=True)
        return body if isinstance(body, dict) else {}

    def _token_error(self):
        """Endpoints behind an access token refuse one this stand-in did not issue."""
        with self._lock:
            ok = request.args.get("access_token") in self._tokens
        if not ok:
            return jsonify(errcode=40001, errmsg="invalid credential, access_token is invalid")
        return None

    def _jscode2session(self):
        match = LOGIN_CODE.match(request.args.get("js_code", ""))
        if not match:
            return jsonify(errcode=40029, errmsg="invalid code")
        session_key = base64.b64encode(secrets.token_bytes(16)).decode()
        return jsonify(openid=match.group(1), session_key=session_key)

    def _stable_token(self):
        body = self._body()
        if body.get("grant_type") != "client_credential" or not body.get("appid"):
            return jsonify(errcode=40002, errmsg="invalid grant_type")
        if not body.get("secret"):
            return jsonify(errcode=40125, errmsg="invalid appsecret")
        with self._lock:
            # Like WeChat: normal mode repeats the live token, force mode revokes it.
            if body.get("force_refresh") or self._current is None:
                self._tokens.discard(self._current)
                self._current = "standin-" + secrets.token_urlsafe(24)
                self._tokens.add(self._current)
                self.issued_tokens += 1
            token = self._current
        return jsonify(access_token=token, expires_in=7200)

    def _phone(self):
        if err := self._token_error():
            return err
        match = PHONE_CODE.match(str(self._body().get("code", "")))
        if not match:
            return jsonify(errcode=40029, errmsg="invalid code")
        phone = match.group(1)
        info = {
            "phoneNumber": phone,
            "purePhoneNumber": phone,
            "countryCode": "86",
            "watermark": {"timestamp": int(time.time()), "appid": "standin"},
        }
        return jsonify(errcode=0, errmsg="ok", phone_info=info)

    def _msg_sec_check(self):
        if err := self._token_error():
            return err
        body = self._body()
        if body.get("version") != 2 or not body.get("openid"):
            return jsonify(errcode=47001, errmsg="data format error")
        text = " ".join(
            str(body.get(k) or "") for k in ("content", "title", "nickname", "signature")
        )
        suggest, label = (
            ("risky", 20001)
            if "RISKY" in text
            else (("review", 20002) if "REVIEW" in text else ("pass", 100))
        )
        detail = [
            {
                "strategy": "content_model",
                "errcode": 0,
                "suggest": suggest,
                "label": label,
                "prob": 90 if label != 100 else 0,
            }
        ]
        return jsonify(
            errcode=0,
            errmsg="ok",
            result={"suggest": suggest, "label": label},
            detail=detail,
            trace_id=secrets.token_hex(12),
        )

    def _media_check_async(self):
        if err := self._token_error():
            return err
        body = self._body()
        if body.get("version") != 2 or not body.get("media_url"):
            return jsonify(errcode=47001, errmsg="data format error")
        return jsonify(errcode=0, errmsg="ok", trace_id=secrets.token_hex(12))

    def _wxacode(self):
        if err := self._token_error():
            return err
        body = self._body()
        scene, page = str(body.get("scene", "")), body.get("page")
        if not scene or len(scene) > 32:
            return jsonify(errcode=40169, errmsg="invalid length for scene")
        if body.get("check_path", True) and page and not str(page).startswith("pages/"):
            return jsonify(errcode=41030, errmsg="invalid page")
        return Response(_png(f"{page or ''}?scene={scene}"), mimetype="image/png")

    def _subscribe_send(self):
        if err := self._token_error():
            return err
        body = self._body()
        if not body.get("touser") or not body.get("template_id"):
            return jsonify(errcode=47003, errmsg="argument invalid")
        return jsonify(errcode=0, errmsg="ok", msgid=secrets.randbelow(10**12))

    def _ctl_fail(self):
        body = self._body()
        self.fail_next(
            body["path"], body["errcode"], body.get("times", 1), body.get("errmsg", "injected")
        )
        return jsonify(ok=True)

    def _ctl_received(self):
        with self._lock:
            entries = [{"method": m, "path": p, "body": b} for m, p, b in self.received]
        return jsonify(received=entries, issued_tokens=self.issued_tokens)

    def _ctl_reset(self):
        self.reset()
        return jsonify(ok=True)


def serve_standin(host: str = "127.0.0.1", port: int = 0) -> StandinServer:
    """Start a stand-in in a daemon thread and return it (port 0 picks a free one)."""
    return StandinServer(host, port).start()


def main(argv=None):
    parser = argparse.ArgumentParser(description="WeChat stand-in on loopback")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args(argv)
    server = serve_standin(args.host, args.port)
    print(f"WeChat stand-in listening on {server.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
