"""One WeChat client for the whole backend, built on wechatpy 1.8.18.

wechatpy 1.8.18 predates several calls a current mini-program backend needs, so they are added
by subclassing its client and its ``WeChatWxa`` API class. Its request pipeline is replaced
(``_request``) because it hard-codes the real host, fetches a token for ``code2Session``,
retries expired tokens without bound and keeps URLs (with the token) in its exceptions.

Secrets (AppSecret, access token, session_key, login/phone codes) never reach a log line or
an exception: logs name the path and at most the openid.
"""

import json
import logging
import re
import time

import redis as redis_lib
import requests
from optionaldict import optionaldict
from wechatpy.client import WeChatClient as _WechatpyClient
from wechatpy.client.api import WeChatWxa
from wechatpy.session.redisstorage import RedisStorage

from app.metrics import record_wechat_error

logger = logging.getLogger(__name__)

REAL_BASE_URL = "https://api.weixin.qq.com"
# 40001 invalid credential, 40014 invalid access_token, 42001 access_token expired.
TOKEN_ERRORS = frozenset({40001, 40014, 42001})
BUSY = -1
# Keep the cached token this long before WeChat's expiry, so no call carries a token that
# dies in flight (stable_token also starts handing out a new one in its last minutes).
TOKEN_SAFETY_MARGIN = 300

_SECRET_QUERY = re.compile(r"((?:access_token|secret|js_code|code)=)[^&\s\"']+")


class _RedactQueryFilter(logging.Filter):
    """urllib3 logs every request line (query included) at DEBUG; mask the secrets in it."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record is not ours to fix
            return True
        if _SECRET_QUERY.search(message):
            record.msg, record.args = _SECRET_QUERY.sub(r"\1***", message), None
        return True


# Logger filters only see records created by that exact logger, hence the explicit name.
logging.getLogger("urllib3.connectionpool").addFilter(_RedactQueryFilter())


class WeChatError(Exception):
    """A WeChat call failed. ``errcode`` is WeChat's code (-1 also for 'could not reach')."""

    def __init__(self, errcode: int, errmsg: str):
        super().__init__(errcode, errmsg)
        self.errcode = int(errcode)
        self.errmsg = str(errmsg)

    def __str__(self):
        return f"WeChat error {self.errcode}: {self.errmsg}"


class WeChatUnavailable(WeChatError):
    """WeChat could not be reached or answered garbage; nothing is known about the outcome."""

    def __init__(self, errmsg: str):
        super().__init__(BUSY, errmsg)


class WxaAPI(WeChatWxa):
    """wechatpy's mini-program API plus the calls it lacks (v2 checks, phone, stable codes)."""

    def code_to_session(self, js_code):
        # Authenticated by appid+secret: no access token. A code is single use, so a busy
        # answer is reported instead of retried (the retry would get 40029 anyway).
        return self._get(
            "sns/jscode2session",
            params={
                "appid": self.appid,
                "secret": self.secret,
                "js_code": js_code,
                "grant_type": "authorization_code",
            },
            with_token=False,
            idempotent=False,
        )

    def get_user_phone_number(self, code):
        # The phone code is single use as well.
        return self._post("wxa/business/getuserphonenumber", data={"code": code}, idempotent=False)

    def msg_sec_check_v2(self, openid, content, scene=2, title=None, nickname=None, signature=None):
        data = optionaldict(
            content=content,
            version=2,
            scene=scene,
            openid=openid,
            title=title,
            nickname=nickname,
            signature=signature,
        )
        return self._post("wxa/msg_sec_check", data=dict(data), idempotent=True)

    def media_check_async_v2(self, openid, media_url, media_type=2, scene=2):
        # Not retried: a repeat would queue a second check and a second callback.
        data = {
            "media_url": media_url,
            "media_type": media_type,
            "version": 2,
            "scene": scene,
            "openid": openid,
        }
        return self._post("wxa/media_check_async", data=data, idempotent=False)

    def get_wxa_code_unlimited(
        self, scene, page=None, env_version="release", check_path=True, width=430
    ):
        data = optionaldict(
            scene=scene,
            page=page,
            env_version=env_version,
            check_path=check_path,
            width=width,
        )
        return self._post("wxa/getwxacodeunlimit", data=dict(data), idempotent=True)

    def send_subscribe_message(self, user_id, template_id, data, page=None, miniprogram_state=None):
        # Not retried: a repeat could deliver twice, and 43101 (no subscription left) must
        # surface untouched to the job that sends it.
        body = optionaldict(
            touser=user_id,
            template_id=template_id,
            page=page,
            data=data,
            miniprogram_state=miniprogram_state,
        )
        return self._post("cgi-bin/message/subscribe/send", data=dict(body), idempotent=False)


class WeChatClient(_WechatpyClient):
    """The backend's WeChat client; every request goes to ``base_url``."""

    wxa = WxaAPI()

    # Busy (-1) answers to idempotent calls are retried after these pauses (seconds).
    BUSY_BACKOFF = (0.2, 0.5)

    def __init__(self, appid: str, secret: str, *, base_url: str, redis, timeout: float = 5.0):
        # auto_retry=False: wechatpy's own token retry recurses without bound; ours is below.
        super().__init__(
            appid,
            secret,
            session=RedisStorage(redis, prefix="wechat"),
            timeout=timeout,
            auto_retry=False,
        )
        self.base_url = base_url.rstrip("/")
        self.redis = redis

    def __repr__(self):  # never show the secret
        return f"<WeChatClient appid={self.appid} base_url={self.base_url}>"

    # ----- access token: one for all processes, in Redis, fetched single-flight -----

    @property
    def access_token_key(self):
        # RedisStorage adds the "wechat:" prefix -> wechat:access_token:<appid>
        return f"access_token:{self.appid}"

    @property
    def _lock_name(self):
        return f"wechat:access_token_lock:{self.appid}"

    @property
    def access_token(self) -> str:
        token = self.session.get(self.access_token_key)
        return token or self._refresh_token(stale=None)

    def fetch_access_token(self):
        """wechatpy's hook (used by e.g. its jsapi module): refresh through the lock."""
        self._refresh_token(stale=self.session.get(self.access_token_key))

    def _refresh_token(self, stale):
        """Return a token other than ``stale``, fetching it if no other process has yet.

        The Redis lock makes the fetch single-flight across threads and processes; whoever
        waited re-reads the cache first, since the holder has usually just filled it.
        """
        wait = 2 * self.timeout + 5
        lock = self.redis.lock(self._lock_name, timeout=wait, blocking_timeout=wait)
        try:
            with lock:
                cached = self.session.get(self.access_token_key)
                if cached and cached != stale:
                    return cached
                if cached:
                    self.session.delete(self.access_token_key)
                # Normal mode first: it does not invalidate the token other processes hold.
                token = self._fetch_stable_token(force_refresh=False)
                if stale is not None and token == stale:
                    # WeChat still calls it valid but just refused it: force a new one.
                    token = self._fetch_stable_token(force_refresh=True)
                return token
        except redis_lib.exceptions.LockError:
            cached = self.session.get(self.access_token_key)
            if cached and cached != stale:
                return cached
            raise WeChatUnavailable("timed out waiting for the access token lock") from None

    def _fetch_stable_token(self, force_refresh):
        logger.info(
            "wechat: fetching access token appid=%s force_refresh=%s", self.appid, force_refresh
        )
        result = self._request(
            "post",
            "cgi-bin/stable_token",
            api_base_url=self.base_url + "/",
            data={
                "grant_type": "client_credential",
                "appid": self.appid,
                "secret": self.secret,
                "force_refresh": force_refresh,
            },
            with_token=False,
            idempotent=not force_refresh,
        )
        expires_in = int(result.get("expires_in", 7200))
        ttl = max(expires_in - TOKEN_SAFETY_MARGIN, 60)
        self.session.set(self.access_token_key, result["access_token"], ttl)
        self.expires_at = int(time.time()) + ttl
        return result["access_token"]

    # ----- the request pipeline every wechatpy API class uses -----

    def _url(self, url_or_endpoint, prefix):
        url = url_or_endpoint
        if not url.startswith(("http://", "https://")):
            url = f"{prefix or self.base_url + '/cgi-bin/'}{url}"
        if url.startswith(REAL_BASE_URL):
            url = self.base_url + url[len(REAL_BASE_URL) :]
        return url

    def _request(self, method, url_or_endpoint, **kwargs):
        url = self._url(url_or_endpoint, kwargs.pop("api_base_url", None))
        with_token = kwargs.pop("with_token", True)
        idempotent = kwargs.pop("idempotent", method.lower() == "get")
        processor = kwargs.pop("result_processor", None)
        params = dict(kwargs.pop("params", None) or {})
        path = url.split("?", 1)[0][len(self.base_url) :] or url
        busy_pauses = list(self.BUSY_BACKOFF) if idempotent else []
        token_retried = False
        token = self.access_token if with_token else None
        while True:
            if with_token:
                params["access_token"] = token
            result = self._send(method, url, path, params, kwargs)
            if not isinstance(result, dict):
                return result  # binary body, e.g. a PNG
            errcode = int(result.get("errcode", 0) or 0)
            if errcode == 0:
                return processor(result) if processor else result
            if with_token and errcode in TOKEN_ERRORS and not token_retried:
                logger.info("wechat %s: token refused (%s), refreshing once", path, errcode)
                token, token_retried = self._refresh_token(stale=token), True
                continue
            if errcode == BUSY and busy_pauses:
                logger.info("wechat %s: busy, retrying", path)
                time.sleep(busy_pauses.pop(0))
                continue
            errmsg = self._scrub(str(result.get("errmsg", "")), params, kwargs)
            logger.warning("wechat %s failed: errcode=%s errmsg=%s", path, errcode, errmsg)
            record_wechat_error(path, errcode)
            raise WeChatError(errcode, errmsg)

    def _send(self, method, url, path, params, kwargs):
        """One HTTP exchange -> decoded JSON dict, or raw bytes for a non-JSON body."""
        data, headers = kwargs.get("data"), {}
        if isinstance(data, dict):
            # Raw UTF-8 rather than \u escapes, as wechatpy does: some WeChat endpoints
            # mishandle escaped Chinese text.
            data = json.dumps(data, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        try:
            res = self._http.request(
                method=method,
                url=url,
                params=params,
                data=data,
                headers=headers,
                files=kwargs.get("files"),
                timeout=kwargs.get("timeout", self.timeout),
            )
        except requests.RequestException as exc:
            # str(exc) carries the URL and so the token: keep only the exception type.
            logger.warning("wechat %s unreachable: %s", path, type(exc).__name__)
            record_wechat_error(path, "unreachable")
            raise WeChatUnavailable(f"unreachable ({type(exc).__name__})") from None
        if res.status_code >= 400:
            logger.warning("wechat %s: HTTP %s", path, res.status_code)
            record_wechat_error(path, f"http_{res.status_code}")
            raise WeChatUnavailable(f"HTTP {res.status_code}")
        body = res.content
        if body[:1] != b"{" and "json" not in res.headers.get("Content-Type", ""):
            return body
        try:
            result = res.json()
        except ValueError:
            raise WeChatUnavailable("invalid JSON answer") from None
        if not isinstance(result, dict):
            raise WeChatUnavailable("unexpected JSON answer")
        return result

    def _scrub(self, text, params, kwargs):
        """WeChat error messages sometimes echo input; remove anything secret from them."""
        secrets = [self.secret, params.get("access_token"), params.get("js_code")]
        data = kwargs.get("data")
        if isinstance(data, dict):
            secrets += [data.get("code"), data.get("secret")]
        for secret in secrets:
            if secret:
                text = text.replace(str(secret), "***")
        return _SECRET_QUERY.sub(r"\1***", text)

    # ----- the calls the platform uses -----

    def code_to_session(self, code: str) -> dict:
        """Login: exchange a wx.login code -> {"openid", "session_key", "unionid"?}."""
        result = self.wxa.code_to_session(code)
        session = {"openid": result["openid"], "session_key": result["session_key"]}
        if result.get("unionid"):
            session["unionid"] = result["unionid"]
        logger.debug("wechat login ok openid=%s", session["openid"])
        return session

    def get_phone_number(self, code: str) -> dict:
        """Phone number from a getPhoneNumber button code -> WeChat's phone_info dict."""
        return self.wxa.get_user_phone_number(code)["phone_info"]

    def msg_sec_check(
        self,
        *,
        openid: str,
        content: str,
        scene: int = 2,
        title: str | None = None,
        nickname: str | None = None,
        signature: str | None = None,
    ) -> dict:
        """Text security check v2 -> {"suggest": pass|review|risky, "label", "trace_id"}."""
        result = self.wxa.msg_sec_check_v2(openid, content, scene, title, nickname, signature)
        verdict = result.get("result") or {}
        logger.debug("wechat msg_sec_check openid=%s suggest=%s", openid, verdict.get("suggest"))
        return {
            "suggest": verdict["suggest"],
            "label": int(verdict.get("label", 0)),
            "trace_id": result.get("trace_id", ""),
        }

    def media_check_async(
        self, *, openid: str, media_url: str, media_type: int = 2, scene: int = 2
    ) -> str:
        """Queue an image/audio check v2; the verdict arrives by event push. -> trace_id."""
        return self.wxa.media_check_async_v2(openid, media_url, media_type, scene)["trace_id"]

    def get_wxa_code_unlimited(
        self,
        *,
        scene: str,
        page: str | None = None,
        env_version: str = "release",
        check_path: bool = True,
        width: int = 430,
    ) -> bytes:
        """Mini-program code (unlimited kind) as PNG bytes."""
        result = self.wxa.get_wxa_code_unlimited(scene, page, env_version, check_path, width)
        if isinstance(result, dict):  # errcode 0 but no image: nothing usable came back
            raise WeChatUnavailable("no image in answer")
        return result

    def send_subscribe_message(
        self,
        *,
        openid: str,
        template_id: str,
        data: dict,
        page: str | None = None,
        miniprogram_state: str | None = None,
    ) -> None:
        """Send one subscribe message; 43101 (user has no subscription left) raises."""
        self.wxa.send_subscribe_message(openid, template_id, data, page, miniprogram_state)
        logger.debug("wechat subscribe message sent openid=%s template=%s", openid, template_id)
