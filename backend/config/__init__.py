# Load the Celery app with Django, so `celery.current_app` is the project's app everywhere.
from .celery import app as celery_app

__all__ = ("celery_app",)
