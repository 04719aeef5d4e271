"""List-export benchmark: the purchase request list exported as CSV and XLSX at growing sizes,
with the time and the memory it takes (Python's peak traced allocations while the response is
produced and read; the process's peak RSS after each size). Bounded memory means the peak does
not grow with the rows.

    cd backend && DATABASE_URL=postgres://postgres@127.0.0.1:5432/p2p_bench \\
        ../.venv/bin/python benchmarks/exports.py [--sizes 1000 10000 100000]

It loads the requests with benchmarks/purchasing.py's loader (idempotent; use a database of its
own) and exports a procurement user's view of all of them (a filtered list: a search and a date).
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework_simplejwt.tokens import AccessToken  # noqa: E402

from benchmarks.purchasing import load  # noqa: E402
from purchases.models import PurchaseRequest  # noqa: E402
from users.models import User  # noqa: E402


def export(client: Client, token: str, fmt: str, *, trace: bool) -> tuple[int, float, int]:
    """(bytes, seconds, peak traced bytes or 0) of one export of every loaded request. Timed
    without tracing (tracemalloc slows Python down several times); traced in a second pass."""
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.get(
        "/api/purchase-requests/",
        {"format": fmt, "created_before": "2100-01-01", "search": "Bench request"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content[:300]
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    peak = 0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return size, seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    procurement = None
    print(f"database: {connection.vendor}")
    print("| rows | format | seconds | rows/s | file MB | peak traced MB | process peak RSS MB |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for size in sorted(args.sizes):
        load(size)
        procurement = procurement or User.objects.get(email="bench-procurement@example.com")
        token = str(AccessToken.for_user(procurement))
        client = Client(HTTP_HOST="localhost")
        rows = PurchaseRequest.objects.count()
        export(client, token, "csv", trace=False)  # warm: imports, caches, the user
        for fmt in ("csv", "xlsx"):
            nbytes, seconds, _ = export(client, token, fmt, trace=False)
            _, _, peak = export(client, token, fmt, trace=True)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"| {rows:,} | {fmt} | {seconds:.1f} | {rows / seconds:,.0f} | {nbytes / 1e6:.1f} | {peak / 1e6:.1f} | {rss:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
