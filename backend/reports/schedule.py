"""Registration of periodic jobs in django-celery-beat's database schedule, where an admin can
change their times. The jobs themselves are the project's (config.celery.PERIODIC_JOBS): this
module knows no app's tasks."""

import logging

from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

logger = logging.getLogger(__name__)

CRONTAB_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")


def _schedule(job: dict) -> dict:
    if "every_minutes" in job:
        interval, _ = IntervalSchedule.objects.get_or_create(every=job["every_minutes"], period=IntervalSchedule.MINUTES)
        return {"interval": interval}
    fields = {field: job["crontab"].get(field, "*") for field in CRONTAB_FIELDS}
    unknown = set(job["crontab"]) - set(CRONTAB_FIELDS)
    if unknown:
        raise ValueError(f"{job['name']}: unknown crontab field(s) {sorted(unknown)}")
    crontab, _ = CrontabSchedule.objects.get_or_create(**fields, timezone="UTC")
    return {"crontab": crontab}


@transaction.atomic
def schedule_register(jobs: list[dict]) -> list[str]:
    """Create the jobs that are missing (each a dict with `name`, `task` and either `crontab`
    or `every_minutes`). Idempotent: an entry that exists keeps the time and the enabled flag
    an admin gave it. Returns the names it created."""
    created = []
    for job in jobs:
        if PeriodicTask.objects.filter(name=job["name"]).exists():
            continue
        PeriodicTask.objects.create(name=job["name"], task=job["task"], **_schedule(job))
        created.append(job["name"])
    if created:
        logger.info("scheduled jobs registered: %s", ", ".join(created))
    return created
