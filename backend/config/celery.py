import os

from celery import Celery
from kombu.transport import TRANSPORT_ALIASES

# The embedded default's broker (atomicfs://): kombu's filesystem transport writing each message
# whole (core.broker). Registered before any connection is made, in every process of the app.
TRANSPORT_ALIASES.setdefault("atomicfs", "core.broker:Transport")

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("p2p")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The current and default app in every thread: apps reach it as `celery.current_app` (core
# and the services, which send tasks by name) without importing the project package.
app.set_default()

# The periodic jobs of every app, by task name. The project assembles them here as it lists
# the apps in INSTALLED_APPS; `manage.py register_schedule` creates the missing ones in
# django-celery-beat's database schedule, where an admin can change their times. Each job has
# either a crontab (in UTC; fields left out are "*") or `every_minutes`.
PERIODIC_JOBS = [
    {"name": "Daily spending report", "task": "reports.spending_report_daily", "crontab": {"minute": "15", "hour": "1"}},
    {
        "name": "Weekly cleanup of temporary files",
        "task": "core.storage_cleanup_weekly",
        "crontab": {"minute": "30", "hour": "2", "day_of_week": "0"},
    },
    {
        "name": "Monthly archive of old purchase orders",
        "task": "purchases.purchase_orders_archive_monthly",
        "crontab": {"minute": "45", "hour": "3", "day_of_month": "1"},
    },
    {
        "name": "Daily hand-over of approvals to delegates",
        "task": "purchases.delegations_follow_daily",
        "crontab": {"minute": "5", "hour": "0"},
    },
    {"name": "Re-queue stale documents", "task": "documents.requeue_stale", "every_minutes": 5},
]
