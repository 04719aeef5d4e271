"""Demo data: one user per role, a small organisation and a few vendors. `make run` seeds on
every start, so seeding only creates what is missing and never changes a row that exists: a
demo password changed, an account deactivated or a budget edited stays as it is. Refuses to run
with the production settings."""

from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from payments.models import CompanyBankAccount, VendorBankAccount
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
    ("Van Dijk Kantoorartikelen B.V.", "verkoop@vandijk.example.nl", "EUR", "2/10 net 30"),
]
# Confirmed bank accounts (example IBANs that validate; the US vendor's is a local account).
VENDOR_ACCOUNTS = {
    "Müller Industriebedarf GmbH": {"iban": "DE02120300000000202051", "bic": "BYLADEM1001", "currency": "EUR"},
    "Van Dijk Kantoorartikelen B.V.": {"iban": "NL91ABNA0417164300", "bic": "ABNANL2A", "currency": "EUR"},
    "Acme Office Supplies": {"account_number": "000123456789", "bank_code": "021000021", "currency": "USD"},
}
COMPANY_ACCOUNT = {"name": "Main EUR account", "iban": "DE89370400440532013000", "bic": "COBADEFFXXX", "currency": "EUR"}


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
            controller = person(
                "controller@example.com",
                "Carla Controller",
                Role.FINANCE,
                fin,
                spending_limit=Decimal("10000.00"),
                approval_limit=Decimal("100000.00"),
                manager=finance,
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
                vendor, created = Vendor.objects.get_or_create(
                    name__iexact=name, defaults={"name": name, "email": email, "currency": currency, "payment_terms": terms}
                )
                if created and name in VENDOR_ACCOUNTS:
                    VendorBankAccount.objects.create(
                        vendor=vendor,
                        holder=name,
                        is_default=True,
                        status=VendorBankAccount.Status.CONFIRMED,
                        entered_by=procurement,
                        confirmed_by=finance,
                        confirmed_at=timezone.now(),
                        vendor_notified_at=timezone.now(),
                        **VENDOR_ACCOUNTS[name],
                    )
            if not CompanyBankAccount.objects.exists():
                CompanyBankAccount.objects.create(holder=settings.COMPANY_NAME, is_default=True, **COMPANY_ACCOUNT)

        self.stdout.write("Demo users (password: %s):" % ("$DEMO_PASSWORD" if password != "demo-pass-123" else password))
        for user in (admin, requester, approver, procurement, finance, controller):
            self.stdout.write(f"  {user.role:<12} {user.email}")
