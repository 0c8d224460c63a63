from flask import current_app
from flask_smorest import Blueprint
from marshmallow import fields

from app.core.api import responds
from app.core.auth import current_user, is_union_admin, login_required
from app.core.schemas import Integer, LocalDateTime, StrictSchema, Text
from app.errors import Forbidden
from app.settlements import health

blp = Blueprint(
    "queues",
    __name__,
    url_prefix="/api/v1/admin",
    description="Background job health: queues, workers, the scheduler leader",
)


class QueueSchema(StrictSchema):
    name = Text()
    queued = Integer()
    started = Integer()
    failed = Integer()
    scheduled = Integer()
    deferred = Integer()
    oldest_queued_seconds = Integer(allow_none=True)


class WorkerSchema(StrictSchema):
    name = Text()
    state = Text(allow_none=True)
    queues = fields.List(Text())
    last_heartbeat = LocalDateTime(allow_none=True)
    heartbeat_age_seconds = Integer(allow_none=True)
    current_job_id = Text(allow_none=True)


class SchedulerSchema(StrictSchema):
    leader = Text(allow_none=True, metadata={"description": "name of the leading scheduler"})
    lock_ttl_seconds = Integer(allow_none=True)


class QueueHealthSchema(StrictSchema):
    inline = fields.Boolean(metadata={"description": "embedded default: jobs run in requests"})
    queues = fields.List(fields.Nested(QueueSchema))
    workers = fields.List(fields.Nested(WorkerSchema))
    scheduler = fields.Nested(SchedulerSchema)


@blp.route("/queues")
@responds(403)
@blp.response(200, QueueHealthSchema)
@login_required
def queue_health():
    """Per queue: queued, started, failed, scheduled and deferred jobs and the oldest queued
    job's age; every worker's heartbeat; the scheduler holding the leader lock (union admins)."""
    if not is_union_admin(current_user()):
        raise Forbidden("Queue health is for the union's admins.")
    return health.queue_health(inline=bool(current_app.config.get("RQ_INLINE")))
