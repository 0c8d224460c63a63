"""Ops test data: a scheduler heartbeat of a given age."""

import json
import time

from app.ops.health import SCHEDULER_BEAT_KEY


def beat(redis, seconds_ago: float) -> None:
    redis.set(SCHEDULER_BEAT_KEY, json.dumps({"name": "test", "at": time.time() - seconds_ago}))
