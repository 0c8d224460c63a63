"""Test helpers: a JSON API client with bearer tokens, factories, and the service preflight."""

import itertools
import re
import socket
from urllib.parse import urlparse

from app.extensions import db
from app.stations.models import Association, Station
from app.stations.service import ensure_station_entrance
from app.users import service as users
from app.users.models import Role

_counter = itertools.count(1)


def check_services(database_url: str, redis_url: str) -> str | None:
    """A message naming the unreachable service and how to start it, or None when both answer."""
    for name, url, default_port, start in (
        (
            "MariaDB",
            database_url,
            3306,
            "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd",
        ),
        (
            "Redis",
            redis_url,
            6379,
            'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" '
            "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log",
        ),
    ):
        parsed = urlparse(url)
        if parsed.scheme.startswith("sqlite"):
            continue
        try:
            socket.create_connection(
                (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2
            ).close()
        except OSError as error:
            return (
                f"{name} is unreachable at {parsed.hostname}:{parsed.port or default_port} "
                f"({error}). Start it with: {start}"
            )
    return None


class ApiClient:
    """Flask's test client speaking JSON, optionally as a logged-in user."""

    def __init__(self, test_client, token: str | None = None, user_id: int | None = None):
        self.raw = test_client
        self.token = token
        self.user_id = user_id

    def _headers(self, headers):
        merged = dict(headers or {})
        if self.token:
            merged.setdefault("Authorization", f"Bearer {self.token}")
        return merged

    def request(self, method, path, json=None, headers=None, **kwargs):
        return self.raw.open(
            path, method=method, json=json, headers=self._headers(headers), **kwargs
        )

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.request("POST", path, json=json, **kwargs)

    def patch(self, path, json=None, **kwargs):
        return self.request("PATCH", path, json=json, **kwargs)

    def put(self, path, json=None, **kwargs):
        return self.request("PUT", path, json=json, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    def login(self, openid: str, scene: str | None = None) -> "ApiClient":
        """A client logged in through the real WeChat flow (the stand-in)."""
        body = {"code": f"test-{openid}"}
        if scene:
            body["scene"] = scene
        response = self.raw.post("/api/v1/auth/wechat/login", json=body)
        assert response.status_code == 200, response.get_json()
        data = response.get_json()
        return ApiClient(self.raw, token=data["token"], user_id=data["user"]["id"])


class Factory:
    """Makes rows for tests; each call commits so that API calls see them."""

    def __init__(self, app, client: ApiClient):
        self.app = app
        self.client = client

    def association(self, name: str | None = None, region: str = "北京市") -> Association:
        row = Association(name=name or f"测试协会{next(_counter)}", region=region)
        db.session.add(row)
        db.session.commit()
        return row

    def station(
        self,
        association: Association | None = None,
        parent: Station | None = None,
        name: str | None = None,
        **values,
    ) -> Station:
        association = association or (
            db.session.get(Association, parent.association_id) if parent else self.association()
        )
        row = Station(
            association_id=association.id,
            parent_id=parent.id if parent else None,
            name=name or f"测试服务站{next(_counter)}",
            kind=values.pop("kind", "sub_station" if parent else "service_station"),
            **values,
        )
        db.session.add(row)
        db.session.commit()
        return row

    def user(self, openid: str | None = None, role: str | None = None, **scope):
        user = users.get_or_create_by_openid(openid=openid or f"user_{next(_counter):06d}")
        if role:
            users.grant_role(user=user, role=role, **scope)
        db.session.commit()
        return user

    def logged_in(self, role: str | None = None, openid: str | None = None, **scope) -> ApiClient:
        """A client logged in as a new user holding `role` (scoped by station_id/association_id)."""
        user = self.user(openid=openid, role=role, **scope)
        return self.client.login(user.openid)

    def resident(self) -> ApiClient:
        return self.logged_in()

    def member(self, station: Station, openid: str | None = None) -> ApiClient:
        """A new resident who logged in through the station's own entrance (its scene), so the
        station is their first station."""
        scene = ensure_station_entrance(station=station).scene
        db.session.commit()
        return self.client.login(openid or f"user_{next(_counter):06d}", scene=scene)

    def station_admin(self, station: Station) -> ApiClient:
        return self.logged_in(Role.STATION_ADMIN, station_id=station.id)

    def association_admin(self, association: Association) -> ApiClient:
        return self.logged_in(Role.ASSOCIATION_ADMIN, association_id=association.id)

    def union_admin(self) -> ApiClient:
        return self.logged_in(Role.UNION_ADMIN)


def assert_documented(app, response, method: str, path: str) -> None:
    """The response's status, content type and body are what the served OpenAPI document
    declares for the operation (`path` as in the document: /api/v1/surveys/{survey_id}), judged
    by the checks `make fuzz` runs."""
    import schemathesis
    from schemathesis.core.failures import FailureGroup
    from schemathesis.specs.openapi import checks

    document = app.test_client().get("/api/v1/openapi.json").get_json()
    operation = schemathesis.openapi.from_dict(document)[path][method.upper()]
    pattern = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(path))
    sent = re.fullmatch(pattern, response.request.path)
    assert sent, f"{response.request.path} is not {path}"
    try:
        operation.Case(path_parameters=sent.groupdict()).validate_response(
            response,
            checks=[
                checks.status_code_conformance,
                checks.content_type_conformance,
                checks.response_schema_conformance,
            ],
        )
    except FailureGroup as failures:
        raise AssertionError("\n".join(str(failure) for failure in failures.exceptions)) from None
