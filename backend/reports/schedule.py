"""The scheduled jobs, registered in django-celery-beat's database schedule where an admin can
change their times."""

import logging

from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

logger = logging.getLogger(__name__)

JOBS = [
    # name, task, crontab (minute, hour, day_of_week, day_of_month), in UTC
    ("Daily spending report", "reports.spending_report_daily", ("15", "1", "*", "*")),
    ("Weekly cleanup of temporary files", "core.storage_cleanup_weekly", ("30", "2", "0", "*")),
    ("Monthly archive of old purchase orders", "purchases.purchase_orders_archive_monthly", ("45", "3", "*", "1")),
]
# name, task, every N minutes
INTERVAL_JOBS = [
    ("Re-queue stale documents", "documents.requeue_stale", 5),
]


@transaction.atomic
def schedule_register() -> list[str]:
    """Create the jobs that are missing. Idempotent: an entry that exists keeps the time and
    the enabled flag an admin gave it. Returns the names it created."""
    created = []
    for name, task, (minute, hour, day_of_week, day_of_month) in JOBS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=day_of_week,
            day_of_month=day_of_month,
            month_of_year="*",
            timezone="UTC",
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab)
        created.append(name)
    for name, task, minutes in INTERVAL_JOBS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        interval, _ = IntervalSchedule.objects.get_or_create(every=minutes, period=IntervalSchedule.MINUTES)
        PeriodicTask.objects.create(name=name, task=task, interval=interval)
        created.append(name)
    if created:
        logger.info("scheduled jobs registered: %s", ", ".join(created))
    return created
