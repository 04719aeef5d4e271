"""Demo data: one user per role, a small organisation and a few vendors. `make run` seeds on
every start, so seeding only creates what is missing and never changes a row that exists: a
demo password changed, an account deactivated or a budget edited stays as it is. Refuses to run
with the production settings."""

from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from purchases.models import Vendor
from users.models import Department, Role, User

DEPARTMENTS = [
    ("ENG", "Engineering", Decimal("250000.00")),
    ("OPS", "Operations", Decimal("150000.00")),
    ("FIN", "Finance", Decimal("100000.00")),
]

VENDORS = [
    ("Acme Office Supplies", "orders@acme-office.example.com", "USD", "net 30"),
    ("Globex Hardware", "sales@globex.example.com", "USD", "2/10 net 30"),
    ("Initech Software", "billing@initech.example.com", "USD", "net 45"),
    ("Müller Industriebedarf GmbH", "vertrieb@mueller.example.de", "EUR", "netto 30"),
]


class Command(BaseCommand):
    help = "Create the demo users, departments and vendors that are missing (existing rows stay as they are)."

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("Demo data is never created with the production settings.")
        password = settings.DEMO_PASSWORD
        with transaction.atomic():
            departments, created_departments = {}, set()
            for code, name, budget in DEPARTMENTS:
                department = Department.objects.filter(Q(code=code) | Q(name=name)).first()
                if department is None:
                    department = Department.objects.create(code=code, name=name, annual_budget=budget)
                    created_departments.add(code)
                departments[code] = department
            eng, fin = departments["ENG"], departments["FIN"]

            def person(email, full_name, role, department, **fields):
                """The demo user with this email; created, with the demo password, only if missing."""
                return User.objects.filter(email__iexact=email).first() or User.objects.create_user(
                    email, password, full_name=full_name, role=role, department=department, **fields
                )

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
            for code, manager in (("ENG", approver), ("FIN", finance), ("OPS", finance)):
                if code in created_departments:
                    departments[code].manager = manager
                    departments[code].save(update_fields=["manager"])

            for name, email, currency, terms in VENDORS:
                Vendor.objects.get_or_create(
                    name__iexact=name, defaults={"name": name, "email": email, "currency": currency, "payment_terms": terms}
                )

        self.stdout.write("Demo users (password: %s):" % ("$DEMO_PASSWORD" if password != "demo-pass-123" else password))
        for user in (admin, requester, approver, procurement, finance):
            self.stdout.write(f"  {user.role:<12} {user.email}")
