"""`Idempotency-Key` support for write endpoints.

A client that retries a write (flaky mobile network, a double tap) sends the same key again and
gets the original answer; nothing runs twice. The first request *claims* the key by inserting its
row at the start of the use case's transaction and stores its response in that same transaction,
so the claim, the work and the stored answer commit together or not at all:

- a replay with the same key and body returns the stored status and body;
- the same key with a different request is 409 `idempotency_key_reused`;
- a concurrent duplicate blocks on the unique (user_id, key) index until the first commits (then
  it replays the stored answer) or rolls back (then it runs the use case itself); if the first
  holds the key longer than the lock wait, the duplicate is 409 `request_in_progress`.

Only successes are stored: a failed request leaves nothing behind (its transaction rolled back),
so retrying it runs it again, which is what a client retrying after e.g. a top-up expects.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from flask import jsonify, request
from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from app.core.auth import current_user
from app.core.time import utcnow
from app.core.transactions import use_case
from app.errors import BadRequest, Conflict
from app.extensions import db

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 128
LOCK_WAIT_TIMEOUT = 1205


def key_header(*, required: bool) -> dict:
    """The header as an OpenAPI parameter, for `@blp.doc(parameters=[...])`."""
    return {
        "in": "header",
        "name": HEADER,
        "required": required,
        "description": "A fresh random string per intended action; a retry sends it again.",
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
    }


class IdempotencyRecord(db.Model):
    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    endpoint: Mapped[str] = mapped_column(String(191))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[dict | list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"
    message = "This Idempotency-Key was already used for a different request."


class RequestInProgress(Conflict):
    code = "request_in_progress"
    message = "A request with this Idempotency-Key is still being handled; retry shortly."


def hash_request(method: str, path: str, body) -> str:
    canonical = json.dumps([method, path, body], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def claim(*, user_id: int, key: str, endpoint: str, digest: str) -> IdempotencyRecord | None:
    """Claim the key inside the current transaction. Returns None when this request owns it (run
    the use case, then store()), or the committed record of the earlier request (replay it).
    Flushes only."""
    record = IdempotencyRecord(user_id=user_id, key=key, endpoint=endpoint, request_hash=digest)
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:
        earlier = db.session.scalar(
            select(IdempotencyRecord).where(
                IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key
            )
        )
        if earlier is None:  # the holder rolled back between our insert and our read
            raise RequestInProgress() from None
        if earlier.request_hash != digest:
            raise IdempotencyKeyReused(details={"endpoint": earlier.endpoint}) from None
        if earlier.status_code is None:
            raise RequestInProgress() from None
        return earlier
    except DBAPIError as error:
        orig = getattr(error, "orig", None)
        if orig is not None and orig.args and orig.args[0] == LOCK_WAIT_TIMEOUT:
            raise RequestInProgress() from None
        raise
    return None


def store(record_key: tuple[int, str], status_code: int, body) -> None:
    """Keep the answer next to the claim, in the same transaction. Flushes only."""
    user_id, key = record_key
    record = db.session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key
        )
    )
    record.status_code = status_code
    record.response_body = body
    db.session.flush()


@use_case
def run_idempotent(
    *, user_id: int, key: str, endpoint: str, digest: str, work: Callable[[], object], status: int
) -> tuple[int, object, bool]:
    """Run work() (flush-only, returns a JSON-able body) once per (user, key) and commit it with
    its stored answer. Returns (status, body, replayed)."""
    earlier = claim(user_id=user_id, key=key, endpoint=endpoint, digest=digest)
    if earlier is not None:
        return earlier.status_code, earlier.response_body, True
    body = work()
    store((user_id, key), status, body)
    return status, body, False


def idempotent(schema_class, *, status: int = 200, required: bool = True):
    """Route decorator for a write endpoint whose view calls flush-only service steps and returns
    the object to dump with schema_class. Owns the transaction: claim, work and stored answer
    commit once. Without the header the view still runs in one transaction when not required."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = current_user()
            key = request.headers.get(HEADER, "").strip()
            schema = schema_class()

            def work():
                return schema.dump(view(*args, **kwargs))

            if not key:
                if required:
                    raise BadRequest(
                        f"Send an {HEADER} header (a fresh random string per intended action).",
                        code="idempotency_key_required",
                    )
                response = jsonify(use_case(work)())
                response.status_code = status
                return response
            if len(key) > MAX_KEY_LENGTH:
                raise BadRequest(
                    f"The {HEADER} header is longer than {MAX_KEY_LENGTH} characters.",
                    code="idempotency_key_invalid",
                )
            digest = hash_request(request.method, request.path, request.get_json(silent=True))
            code, body, replayed = run_idempotent(
                user_id=user.id,
                key=key,
                endpoint=f"{request.method} {request.url_rule.rule}",
                digest=digest,
                work=work,
                status=status,
            )
            response = jsonify(body)
            response.status_code = code
            if replayed:
                response.headers["Idempotent-Replayed"] = "true"
            return response

        return wrapper

    return decorate
