"""The schedule end to end: a real `celery beat` process with the database scheduler sends the
daily report job to the broker, the real worker runs it, and firing it every second still
makes one report and mails it once."""

import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django_celery_beat.models import IntervalSchedule, PeriodicTask, PeriodicTasks

from conftest import mails_since, wait_for
from core.models import JobRun
from purchases.tests.factories import make_org
from reports.models import SpendingReport

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def beat_process(celery_worker_process, tmp_path):
    log_path = tmp_path / "beat.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel=INFO",
                "--max-interval",
                "1",
                "--schedule",
                str(tmp_path / "beat-schedule"),
            ],
            cwd=settings.BACKEND_DIR,
            env=celery_worker_process.args_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process, log_path
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def test_beat_sends_the_daily_report_and_it_runs_once(beat_process):
    start = time.time() - 1
    org = make_org()
    call_command("register_schedule")
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.filter(task="reports.spending_report_daily").update(crontab=None, interval=every_second)
    PeriodicTasks.update_changed()
    process, log_path = beat_process

    report = wait_for(
        lambda: SpendingReport.objects.filter(emailed_at__isnull=False).first(),
        timeout=90,
        message="beat to send the report job and the worker to run and mail it",
    )
    wait_for(
        lambda: log_path.read_text().count("Sending due task Daily spending report") >= 3,
        timeout=30,
        message="beat to fire the job a few more times",
    )
    time.sleep(2)  # let the worker take the extra runs
    assert process.poll() is None
    assert SpendingReport.objects.count() == 1 and JobRun.objects.filter(job="spending_report").count() == 1
    mine = [
        text
        for text in mails_since(start)
        if f"Spending report {report.report_date.isoformat()}" in text and org.finance.email in text
    ]
    assert len(mine) == 1 and "text/csv" in mine[0]
