import os
import time
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .jobs import job_run_once
from .services import storage_cleanup


@shared_task(bind=True, name="core.diagnostic_progress")
def diagnostic_progress_task(self, steps: int = 3, delay: float = 0.05) -> dict:
    """A trivial owned task: reports progress step by step and returns which process ran it.
    Used to prove the worker, the broker and the result backend work end to end."""
    for step in range(1, steps + 1):
        time.sleep(delay)
        self.update_state(state="PROGRESS", meta={"progress": int(step * 100 / steps)})
    return {"steps": steps, "worker_pid": os.getpid()}


@shared_task(name="core.storage_cleanup_weekly")
def storage_cleanup_weekly_task() -> dict | None:
    week = timezone.localdate().strftime("%G-W%V")
    return job_run_once(
        job="storage_cleanup",
        period=week,
        work=lambda: storage_cleanup(older_than=timedelta(days=settings.TEMP_FILE_MAX_AGE_DAYS)),
    )
