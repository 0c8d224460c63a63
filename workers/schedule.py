"""Periodic jobs, declared as data with fixed ids, run by RQ's cron scheduler (`flask rq
scheduler`). Cron expressions are in the scheduler host's local time: deploy with
TZ=Asia/Shanghai. Several schedulers may run; only the one holding the leader lock enqueues, and
every periodic job is idempotent anyway (a settlement run is keyed by its kind and scope)."""

from dataclasses import dataclass, field

from rq.cron import CronScheduler
from rq.utils import now

from app.activities.jobs import close_forgotten_checkouts_job
from app.core.queues import DEFAULT, SCHEDULER_LEADER_KEY, SETTLEMENTS
from app.inspections.jobs import remind_rectification_deadlines_job
from app.ops.health import record_scheduler_beat
from app.settlements import jobs as settlement_jobs
from app.settlements.periodic import start_periodic
from app.surveys.jobs import start_closed_survey_subsidies

LEADER_KEY = SCHEDULER_LEADER_KEY
LEADER_TTL = 90  # seconds; the scheduler wakes at least every 60


@dataclass(frozen=True)
class PeriodicJob:
    id: str  # fixed: the cron job's name in RQ's registry and in the logs
    func: object
    kwargs: dict = field(default_factory=dict)
    interval: int | None = None  # seconds
    cron: str | None = None
    queue: str = SETTLEMENTS


PERIODIC_JOBS = [
    # Chunks of a dead worker are handed out again within lease (60 s) + this interval.
    PeriodicJob("settlements.reclaim-stale", settlement_jobs.reclaim_stale, interval=60),
    PeriodicJob(
        "settlements.nightly-ledger-reconcile",
        start_periodic,
        {"kind": "reconcile", "scope_builder": "yesterday"},
        cron="30 2 * * *",
    ),
    PeriodicJob(
        "settlements.service-hours",
        start_periodic,
        {"kind": "service_hours", "scope_builder": "yesterday"},
        cron="0 3 * * *",
    ),
    PeriodicJob(
        "settlements.redemption-expiry",
        start_periodic,
        {"kind": "redemption_expiry", "scope_builder": "this_hour"},
        cron="5 * * * *",
    ),
    # A forgotten check-out is capped at its activity's end soon after the activity ends.
    PeriodicJob(
        "activities.close-forgotten-checkouts",
        close_forgotten_checkouts_job,
        interval=600,
        queue=DEFAULT,
    ),
    # When a survey's collection window closes, its subsidy statement is settled.
    PeriodicJob(
        "settlements.survey-subsidy",
        start_closed_survey_subsidies,
        cron="20 0 * * *",
    ),
    # Station admins hear of a rectification deadline two days ahead (Shanghai morning).
    PeriodicJob(
        "inspections.deadline-reminders",
        remind_rectification_deadlines_job,
        cron="0 9 * * *",
        queue=DEFAULT,
    ),
]


class LeaderCronScheduler(CronScheduler):
    """RQ's cron scheduler, enqueuing only while it holds the leader lock in Redis."""

    def is_leader(self) -> bool:
        name = self.name.encode()
        if self.connection.set(LEADER_KEY, name, nx=True, ex=LEADER_TTL):
            return True
        if self.connection.get(LEADER_KEY) == name:
            self.connection.expire(LEADER_KEY, LEADER_TTL)
            return True
        return False

    def enqueue_jobs(self):
        if self.is_leader():
            record_scheduler_beat(self.connection, self.name)  # /readyz reads it
            return super().enqueue_jobs()
        # A follower moves its clock on without enqueuing, so it does not spin on due jobs.
        moment = now()
        for job in self.get_jobs():
            if job.should_run():
                job.set_enqueue_time(moment)
        return []


def build_scheduler(connection, jobs=PERIODIC_JOBS) -> LeaderCronScheduler:
    scheduler = LeaderCronScheduler(connection=connection)
    for job in jobs:
        scheduler.register(
            job.func,
            job.queue,
            kwargs=job.kwargs,
            interval=job.interval,
            cron=job.cron,
            name=job.id,
        )
    return scheduler
