"""Purchasing API benchmark: 10,000 purchase requests with 5 lines each, then the request list,
request detail and approval inbox measured against /api/health/ served the same way (Django's
WSGI handler in this process, bearer-token auth), as queries per request and requests/second.

    cd backend && DATABASE_URL=postgres://postgres@127.0.0.1:5432/p2p_bench \\
        ../.venv/bin/python benchmarks/purchasing.py [--requests 10000] [--rounds 200]

It loads the data once (idempotent: it tops up to --requests) into the database it is given;
use a database of its own.
"""

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework_simplejwt.tokens import AccessToken  # noqa: E402

from purchases.models import ApprovalStep, PurchaseRequest, PurchaseRequestItem, Vendor  # noqa: E402
from users.models import Department, Role, User  # noqa: E402

STATUSES = ["PENDING_APPROVAL"] * 4 + ["APPROVED"] * 3 + ["DRAFT"] * 2 + ["REJECTED"]


def load(target: int) -> None:
    department, _ = Department.objects.get_or_create(code="BEN", defaults={"name": "Bench", "annual_budget": Decimal("1e9")})
    approver, _ = User.objects.get_or_create(
        email="bench-approver@example.com",
        defaults={"role": Role.APPROVER, "department": department, "approval_limit": Decimal("1e6")},
    )
    requesters = [
        User.objects.get_or_create(
            email=f"bench-requester{n}@example.com",
            defaults={"department": department, "manager": approver, "spending_limit": Decimal("1e6")},
        )[0]
        for n in range(50)
    ]
    User.objects.get_or_create(
        email="bench-procurement@example.com", defaults={"role": Role.PROCUREMENT, "department": department}
    )
    vendors = [Vendor.objects.get_or_create(name=f"Bench vendor {n}")[0] for n in range(20)]
    existing = PurchaseRequest.objects.count()
    rng = random.Random(7)
    now = timezone.now()
    batch = 1000
    for start in range(existing, target, batch):
        with transaction.atomic():
            requests = []
            for n in range(start, min(start + batch, target)):
                status = rng.choice(STATUSES)
                requests.append(
                    PurchaseRequest(
                        number=f"PR-1999-{n + 1:06d}",
                        requester=rng.choice(requesters),
                        department=department,
                        title=f"Bench request {n}",
                        currency="USD",
                        vendor=rng.choice(vendors),
                        status=status,
                        total=Decimal("0"),
                        submitted_at=None if status == "DRAFT" else now,
                        # Submitted requests carry their base-currency total (a database rule).
                        exchange_rate=None if status == "DRAFT" else Decimal("1"),
                        total_base=None if status == "DRAFT" else Decimal("0"),
                    )
                )
            PurchaseRequest.objects.bulk_create(requests)
            items, steps = [], []
            for request in requests:
                total = Decimal("0")
                for position in range(1, 6):
                    quantity, price = Decimal(rng.randint(1, 20)), Decimal(rng.randint(100, 50000)) / 100
                    items.append(
                        PurchaseRequestItem(
                            purchase_request=request,
                            position=position,
                            description=f"Item {position}",
                            quantity=quantity,
                            unit_price=price,
                            line_total=quantity * price,
                        )
                    )
                    total += quantity * price
                request.total = total
                if request.status != "DRAFT":
                    request.total_base = total
                if request.status != "DRAFT":
                    step_status = {"PENDING_APPROVAL": "PENDING", "APPROVED": "APPROVED", "REJECTED": "REJECTED"}[request.status]
                    steps.append(
                        ApprovalStep(
                            purchase_request=request,
                            sequence=1,
                            approver=approver,
                            approval_limit=approver.approval_limit,
                            status=step_status,
                        )
                    )
            PurchaseRequestItem.objects.bulk_create(items)
            ApprovalStep.objects.bulk_create(steps)
            PurchaseRequest.objects.bulk_update(requests, ["total", "total_base"])
        print(f"  loaded {min(start + batch, target)}/{target}", flush=True)


def measure(client: Client, path: str, token: str, rounds: int) -> tuple[int, float]:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    for _ in range(10):
        assert client.get(path, **headers).status_code == 200, path
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        client.get(path, **headers)
    started = time.perf_counter()
    for _ in range(rounds):
        client.get(path, **headers)
    return len(queries), rounds / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    load(args.requests)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics after the bulk load
    connection.close()

    procurement = User.objects.get(email="bench-procurement@example.com")
    approver = User.objects.get(email="bench-approver@example.com")
    requester = User.objects.get(email="bench-requester0@example.com")
    token = {user.pk: str(AccessToken.for_user(user)) for user in (procurement, approver, requester)}
    sample = PurchaseRequest.objects.filter(status="APPROVED").order_by("pk").first()
    client = Client(HTTP_HOST="localhost")
    cases = [
        ("/api/health/", None, "health"),
        ("/api/purchase-requests/?page_size=25", procurement, "request list, procurement (all rows), 25/page"),
        ("/api/purchase-requests/?page_size=100", procurement, "request list, procurement, 100/page"),
        (
            "/api/purchase-requests/?page_size=25&status=PENDING_APPROVAL&ordering=-total",
            procurement,
            "request list, filtered + sorted",
        ),
        ("/api/purchase-requests/?page_size=25", requester, "request list, one requester's own"),
        (f"/api/purchase-requests/{sample.pk}/", procurement, "request detail (5 items, 1 step)"),
        ("/api/approvals/?page_size=25", approver, "approval inbox, 25/page"),
    ]
    print(
        f"\n{PurchaseRequest.objects.count()} requests, {PurchaseRequestItem.objects.count()} items, "
        f"database {connection.vendor}, {args.rounds} rounds each\n"
    )
    print("| endpoint | queries | req/s | ratio to /api/health/ |\n|---|---|---|---|")
    health_rate = None
    for path, user, label in cases:
        count, rate = measure(client, path, token[user.pk] if user else "", args.rounds)
        health_rate = health_rate or rate
        print(f"| {label} | {count} | {rate:.0f} | {rate / health_rate:.2f} |", flush=True)


if __name__ == "__main__":
    main()
