"""Jobs the ops tests enqueue and run with a real worker."""

import logging

log = logging.getLogger("tests.ops.jobs")


def succeed() -> str:
    log.info("the job ran")
    return "done"


def fail() -> None:
    log.info("the job is about to fail")
    raise RuntimeError("this job fails on purpose")
