"""Thin scheduled tasks: each calls one service, which runs at most once per period."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="reports.spending_report_daily")
def spending_report_daily_task() -> dict | None:
    report = services.spending_report_generate(report_date=timezone.localdate())
    return {"report_id": report.pk} if report else None


@shared_task(
    name="reports.spending_report_email", autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5
)
def spending_report_email_task(report_id: int) -> bool:
    return services.spending_report_email(report_id=report_id)
