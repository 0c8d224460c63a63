"""`python -m tests.settlements.race_start BATCH START_AT`: start (and enqueue) the test_credit
run for BATCH at the wall-clock moment START_AT, then print the run id. Two of these at once are
two processes enqueuing the same run."""

import sys
import time

from app import create_app
from app.extensions import db
from app.settlements import jobs as settlement_jobs


def main(batch: str, start_at: float) -> None:
    app = create_app()
    with app.app_context():
        from app.settlements import service

        db.session.execute(db.text("SELECT 1"))  # connect before the start line
        time.sleep(max(0.0, start_at - time.time()))
        run = service.start_run(kind="test_credit", scope={"batch": batch})
        settlement_jobs.enqueue_start(run.id, 1)  # the loser of the race enqueues too
        print(run.id)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
