"""Scheduled jobs that run at most once per period, however many beat instances or workers
fire them."""

import logging
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import JobRun

logger = logging.getLogger(__name__)


def job_run_once(*, job: str, period: str, work: Callable[[], dict]) -> dict | None:
    """Run `work` for (job, period) unless it already ran. The JobRun row is inserted first, in
    the same transaction as the work: a concurrent run blocks on the unique key and then finds
    the row; a failed run rolls its row back, so the next try runs again. Returns the work's
    result, or None when the period was already done."""
    try:
        with transaction.atomic():
            run = JobRun.objects.create(job=job, period=period)
            result = work()
            run.result, run.finished_at = result, timezone.now()
            run.save(update_fields=["result", "finished_at"])
    except IntegrityError:
        if JobRun.objects.filter(job=job, period=period).exists():
            logger.info("job %s for %s already ran; nothing to do", job, period)
            return None
        raise
    logger.info("job %s for %s done: %s", job, period, result)
    return result
