import logging
from datetime import date, datetime, time, timedelta
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.csv import csv_text
from core.jobs import job_run_once
from purchases.selectors import committed_spend, fiscal_year_bounds, purchase_request_totals_by_status
from users.models import Role, User

from .models import SpendingReport
from .selectors import department_budgets, money_text, spending_rows

logger = logging.getLogger(__name__)

CSV_HEADER = [
    "section",
    "key",
    "name",
    "currency",
    "request_count",
    "approved_total",
    "pending_total",
    "total",
    "total_base",
    "annual_budget",
    "committed",
    "remaining",
]


def _report_totals(report_date: date) -> dict:
    """Fiscal-year-to-date figures as of the end of `report_date`, over all requests."""
    tz = timezone.get_current_timezone()
    end = datetime.combine(report_date + timedelta(days=1), time.min, tzinfo=tz)
    start, _ = fiscal_year_bounds(end - timedelta(microseconds=1))
    by_status = purchase_request_totals_by_status(start=start, end=end)
    return {
        "base_currency": settings.BASE_CURRENCY,
        "fiscal_year_start": start.date().isoformat(),
        "as_of": report_date.isoformat(),
        "by_department": spending_rows(committed_spend(user=None, start=start, end=end, group_by="department"), "department"),
        "by_vendor": spending_rows(committed_spend(user=None, start=start, end=end, group_by="vendor"), "vendor"),
        "by_status": [
            {
                "status": row["status"],
                "currency": row["currency"],
                "request_count": row["request_count"],
                "total": money_text(row["amount"]),
                "total_base": money_text(row["amount_base"]),
            }
            for row in by_status
        ],
        "budgets": department_budgets(user=None, moment=end - timedelta(microseconds=1)),
    }


def spending_report_csv(totals: dict) -> str:
    """One table a spreadsheet opens cleanly: a header row, ISO dates, decimal strings."""
    rows = [
        {"section": section.removeprefix("by_"), **row} for section in ("by_department", "by_vendor") for row in totals[section]
    ]
    rows += [{"section": "status", "key": row["status"], "name": row["status"], **row} for row in totals["by_status"]]
    rows += [{"section": "budget", "key": row["code"], **row} for row in totals["budgets"]]
    return csv_text(CSV_HEADER, rows)


def spending_report_generate(*, report_date: date) -> SpendingReport | None:
    """The daily report for `report_date`, once: a second run the same day does nothing."""

    def work() -> dict:
        totals = _report_totals(report_date)
        report = SpendingReport(report_date=report_date, totals=totals)
        report.csv_file.save(
            f"spending-{report_date.isoformat()}.csv", ContentFile(spending_report_csv(totals).encode()), save=False
        )
        try:
            report.save()
        except Exception:
            report.csv_file.delete(save=False)  # no file without its row
            raise
        # By name: the tasks module imports this one, never the reverse.
        transaction.on_commit(lambda: current_app.signature("reports.spending_report_email", args=(report.pk,)).apply_async())
        return {"report_id": report.pk, "departments": len(totals["by_department"]), "vendors": len(totals["by_vendor"])}

    result = job_run_once(job="spending_report", period=report_date.isoformat(), work=work)
    return SpendingReport.objects.get(pk=result["report_id"]) if result else None


@transaction.atomic
def spending_report_email(*, report_id: int) -> bool:
    """Mail the report to every active finance user, once."""
    report = SpendingReport.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.emailed_at:
        return False
    recipients = list(User.objects.filter(role=Role.FINANCE, is_active=True).values_list("email", flat=True))
    if recipients:
        message = EmailMessage(
            subject=f"Spending report {report.report_date.isoformat()}",
            body=render_to_string("reports/email/spending_report.txt", {"report": report, "totals": report.totals}),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
        )
        with report.csv_file.open("rb") as handle:
            message.attach(Path(report.csv_file.name or "report.csv").name, handle.read(), "text/csv")
        message.send()
    report.emailed_at = timezone.now()
    report.save(update_fields=["emailed_at"])
    logger.info("spending report %s mailed to %d finance user(s)", report.report_date, len(recipients))
    return True
