from django.core.management.base import BaseCommand

from config.celery import PERIODIC_JOBS
from reports.schedule import schedule_register


class Command(BaseCommand):
    help = "Register the periodic jobs of every app in the database schedule (idempotent)."

    def handle(self, *args, **options):
        created = schedule_register(PERIODIC_JOBS)
        for job in PERIODIC_JOBS:
            self.stdout.write(f"{'created' if job['name'] in created else 'present'}  {job['name']} ({job['task']})")
