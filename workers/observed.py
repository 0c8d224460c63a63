"""The worker class `flask rq worker` runs: RQ's SimpleWorker that times each job for Prometheus
and runs it under the request id of the request that enqueued it (its log lines carry it)."""

import time

from rq import SimpleWorker

from app.core.logs import job_id_var, request_id_var
from app.metrics import observe_job


class ObservedWorker(SimpleWorker):
    def perform_job(self, job, queue, execution) -> bool:
        request_token = request_id_var.set((job.meta or {}).get("request_id"))
        job_token = job_id_var.set(job.id)
        started = time.perf_counter()
        succeeded = False
        try:
            succeeded = super().perform_job(job, queue, execution)
            return succeeded
        finally:
            observe_job(
                queue.name,
                job.func_name.rsplit(".", 1)[-1],
                time.perf_counter() - started,
                failed=not succeeded,
            )
            job_id_var.reset(job_token)
            request_id_var.reset(request_token)
