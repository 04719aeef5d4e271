from django.core.management.base import BaseCommand

from reports.schedule import INTERVAL_JOBS, JOBS, schedule_register


class Command(BaseCommand):
    help = "Register the scheduled jobs in the database schedule (idempotent)."

    def handle(self, *args, **options):
        created = schedule_register()
        for name, task, _ in [*JOBS, *INTERVAL_JOBS]:
            self.stdout.write(f"{'created' if name in created else 'present'}  {name} ({task})")
