"""Reports and dashboard benchmark: with 100,000 purchase requests in PostgreSQL, the database
time of the daily report and of a year's spending report per grouping, and the dashboard cold
and warm (from cache).

    cd backend && DATABASE_URL=postgres://postgres@127.0.0.1:5432/p2p_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        ../.venv/bin/python benchmarks/reports.py [--requests 100000]
"""

import argparse
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from purchasing import load  # noqa: E402  (sets up Django)

from purchases.models import PurchaseRequest  # noqa: E402
from reports.selectors import dashboard_stats, spending_report  # noqa: E402
from reports.services import _report_totals  # noqa: E402
from users.models import User  # noqa: E402


@contextmanager
def database_time(timings: list):
    """Adds up the time spent inside SQL executions (the database's share of the work)."""
    spent = [0.0, 0]

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started
            spent[1] += 1

    with connection.execute_wrapper(wrapper):
        started = time.perf_counter()
        yield
    timings.append((spent[0], spent[1], time.perf_counter() - started))


def run(label: str, action, repeats: int = 5) -> None:
    timings: list = []
    for _ in range(repeats):
        with database_time(timings):
            action()
    db = statistics.median(t[0] for t in timings) * 1000
    total = statistics.median(t[2] for t in timings) * 1000
    print(f"| {label} | {timings[0][1]} | {db:.0f} ms | {total:.0f} ms |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    load(args.requests)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    finance, _ = User.objects.get_or_create(email="bench-finance@example.com", defaults={"role": "finance"})
    requester = User.objects.get(email="bench-requester0@example.com")
    today = timezone.localdate()
    year = (date(today.year, 1, 1), today)
    print(
        f"\n{PurchaseRequest.objects.count()} requests, database {connection.vendor}, cache "
        f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; median of 5 runs\n"
    )
    print("| operation | queries | database time | total time |\n|---|---|---|---|")
    run("daily report (totals by department, vendor, status; budgets)", lambda: _report_totals(today))
    for group_by in ("department", "vendor", "month"):
        run(
            f"spending report for a year, by {group_by} (finance: all rows)",
            lambda g=group_by: spending_report(user=finance, date_from=year[0], date_to=year[1], group_by=g),
        )
    run(
        "spending report for a year, by month (one requester)",
        lambda: spending_report(user=requester, date_from=year[0], date_to=year[1], group_by="month"),
    )

    def cold():
        cache.clear()
        dashboard_stats(user=finance)

    run("dashboard, cold cache (finance)", cold)
    dashboard_stats(user=finance)
    run("dashboard, warm cache (finance)", lambda: dashboard_stats(user=finance))


if __name__ == "__main__":
    main()
