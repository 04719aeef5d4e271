"""Demo data: one user per role, a small organisation and a few vendors. Idempotent: running it
again updates the same rows. Refuses to run with the production settings."""

from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from purchases.models import Vendor
from users.models import Department, Role, User

DEPARTMENTS = [
    ("ENG", "Engineering", Decimal("250000.00")),
    ("OPS", "Operations", Decimal("150000.00")),
    ("FIN", "Finance", Decimal("100000.00")),
]

VENDORS = [
    ("Acme Office Supplies", "orders@acme-office.example.com", "USD"),
    ("Globex Hardware", "sales@globex.example.com", "USD"),
    ("Initech Software", "billing@initech.example.com", "USD"),
    ("Müller Industriebedarf GmbH", "vertrieb@mueller.example.de", "EUR"),
]


class Command(BaseCommand):
    help = "Create or refresh the demo users, departments and vendors (idempotent)."

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("Demo data is never created with the production settings.")
        password = settings.DEMO_PASSWORD
        with transaction.atomic():
            departments = {
                code: Department.objects.update_or_create(code=code, defaults={"name": name, "annual_budget": budget})[0]
                for code, name, budget in DEPARTMENTS
            }
            eng, fin = departments["ENG"], departments["FIN"]

            def person(email, full_name, role, department, **limits):
                user, _ = User.objects.update_or_create(
                    email=email,
                    defaults={"full_name": full_name, "role": role, "department": department, "is_active": True, **limits},
                )
                user.set_password(password)
                user.save()
                return user

            admin = person(
                "admin@example.com",
                "Ada Admin",
                Role.ADMIN,
                None,
                is_staff=True,
                is_superuser=True,
                spending_limit=Decimal("0.00"),
                approval_limit=Decimal("0.00"),
            )
            finance = person(
                "finance@example.com",
                "Fiona Finance",
                Role.FINANCE,
                fin,
                spending_limit=Decimal("10000.00"),
                approval_limit=Decimal("100000.00"),
            )
            approver = person(
                "approver@example.com",
                "Arthur Approver",
                Role.APPROVER,
                eng,
                spending_limit=Decimal("10000.00"),
                approval_limit=Decimal("5000.00"),
                manager=finance,
            )
            requester = person(
                "requester@example.com",
                "Rita Requester",
                Role.REQUESTER,
                eng,
                spending_limit=Decimal("25000.00"),
                approval_limit=Decimal("0.00"),
                manager=approver,
            )
            procurement = person(
                "procurement@example.com",
                "Paul Procurement",
                Role.PROCUREMENT,
                departments["OPS"],
                spending_limit=Decimal("10000.00"),
                approval_limit=Decimal("0.00"),
                manager=finance,
            )
            eng.manager = approver
            eng.save(update_fields=["manager"])
            fin.manager = finance
            fin.save(update_fields=["manager"])
            departments["OPS"].manager = finance
            departments["OPS"].save(update_fields=["manager"])

            for name, email, currency in VENDORS:
                Vendor.objects.update_or_create(name=name, defaults={"email": email, "currency": currency})

        self.stdout.write("Demo users (password: %s):" % ("$DEMO_PASSWORD" if password != "demo-pass-123" else password))
        for user in (admin, requester, approver, procurement, finance):
            self.stdout.write(f"  {user.role:<12} {user.email}")
