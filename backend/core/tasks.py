import os
import time

from celery import shared_task


@shared_task(bind=True, name="core.diagnostic_progress")
def diagnostic_progress_task(self, steps: int = 3, delay: float = 0.05) -> dict:
    """A trivial owned task: reports progress step by step and returns which process ran it.
    Used to prove the worker, the broker and the result backend work end to end."""
    for step in range(1, steps + 1):
        time.sleep(delay)
        self.update_state(state="PROGRESS", meta={"progress": int(step * 100 / steps)})
    return {"steps": steps, "worker_pid": os.getpid()}
