"""The fixed RQ job ids of settlement work. A run's start and each chunk get one id per
generation, so a hand-out after a dead worker is a new job while a duplicate enqueue is not."""


def start_job_id(run_id: int, generation: int) -> str:
    return f"settle-run-{run_id}-g{generation}"


def chunk_job_id(run_id: int, chunk_no: int, generation: int) -> str:
    return f"settle-chunk-{run_id}-{chunk_no}-g{generation}"
