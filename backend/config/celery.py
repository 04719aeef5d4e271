import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("p2p")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The current and default app in every thread: apps reach it as `celery.current_app` (core
# and the services, which send tasks by name) without importing the project package.
app.set_default()
