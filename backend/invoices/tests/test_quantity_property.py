"""A property of the three-way match, checked by a Hypothesis state machine on one issued PO
with two lines: whatever the order of receipts, invoices, credit notes and cancellations, the
invoices that count as billed (matched, approved, scheduled, paid), less the live credit notes,
never bill more of a line than was received.

Everything goes through the services as the API calls them (header and line dicts with model
instances, as `InvoiceFieldsSerializer.split` gives them); after a receipt, a credit note or a
cancellation the machine re-matches the order's open invoices, as the `invoices.rematch_order`
task does once the change commits. A service may refuse a step (an ApplicationError: a credit
above what is left to credit, a cancel the rules forbid); nothing else is caught.

Each example runs in a savepoint rolled back in `teardown` (see
purchases/tests/test_lifecycle_state_machine.py): on-commit callbacks never fire."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q, Sum
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from core.exceptions import ApplicationError
from invoices import services
from invoices.models import Invoice, InvoiceLine
from purchases.models import PurchaseOrderLine
from purchases.services import goods_receipt_create

from .helpers import ordered

CENT = Decimal("0.01")
HALF = Decimal("0.5")
ITEMS = (("Laptop", "12", "1200.00"), ("Mouse", "12", "25.00"))
BILLED = [Invoice.Status.MATCHED, Invoice.Status.APPROVED, Invoice.Status.SCHEDULED, Invoice.Status.PAID]
# At the PO price, under it (passes), and now and then 10 % above it (a price hold, never
# released here, keeps the invoice open for good).
PRICE_FACTORS = [Decimal("1"), Decimal("0.99"), Decimal("1"), Decimal("0.98"), Decimal("1.10")]
# Each document is dated a week and a day after the one before: none is held as a possible
# duplicate of another (same vendor and total within a week), a hold that would keep most
# invoices of a few small quantities open for good and hide the quantity rule.
FIRST_DAY, DAYS_APART = date(2026, 1, 1), 8

# Quantities in half units: an order of 12 a line is not soon all received, so invoices held for
# a quantity not received are released by later receipts.
halves = st.integers(min_value=0, max_value=4)  # 0 .. 2
# How an invoice bills a line (see InvoiceQuantities._quantity), and how much.
billing = st.tuples(st.sampled_from(["none", "fits", "any"]), st.integers(min_value=1, max_value=4))
receipt_halves = st.integers(min_value=1, max_value=4)  # 0.5 .. 2


class InvoiceQuantities(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        cache.clear()
        self.setup = ordered(items=ITEMS)
        self.order = self.setup.order
        self.lines = list(self.order.lines.order_by("position"))
        self.finance = self.setup.org.finance
        self.numbers = 0

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    # --- helpers

    def _numbered(self, prefix: str) -> dict:
        self.numbers += 1
        return {"number": f"{prefix}-{self.numbers:04d}", "invoice_date": FIRST_DAY + timedelta(days=DAYS_APART * self.numbers)}

    def _rematch(self) -> None:
        statuses = services.invoices_rematch_for_order(order_id=self.order.pk)
        note(f"  re-matched: {statuses}")

    def _create(self, header: dict, lines: list[dict]) -> Invoice | None:
        subtotal = sum(((line["quantity"] * line["unit_price"]).quantize(CENT) for line in lines), Decimal("0"))
        header = {**header, "currency": self.order.currency, "subtotal": subtotal, "tax": Decimal("0.00"), "total": subtotal}
        try:
            invoice = services.invoice_create(actor=self.finance, header=header, lines=lines)
        except ApplicationError as error:
            note(f"  refused: {error.code} {error}")
            return None
        holds = list(invoice.holds.filter(status="open").values_list("code", flat=True))
        note(f"  -> {invoice.kind} {invoice.pk} {invoice.number} total {invoice.total}: {invoice.status} {holds}")
        return invoice

    def _live(self, **filters) -> list[Invoice]:
        return list(
            Invoice.objects.filter(Q(purchase_order=self.order) | Q(credit_for__purchase_order=self.order), **filters)
            .exclude(status=Invoice.Status.CANCELLED)
            .order_by("pk")
        )

    def _quantity(self, po_line: PurchaseOrderLine, how: str, quantity: int) -> Decimal:
        """What an invoice bills of a line: nothing, any quantity, or one that fits in what was
        received and is not billed yet by the live invoices less the live credit notes (the
        drawn quantity where nothing is left)."""
        wanted = Decimal(quantity) * HALF
        if how == "none":
            return Decimal("0")
        if how == "any":
            return wanted
        live = InvoiceLine.objects.filter(po_line=po_line).exclude(invoice__status=Invoice.Status.CANCELLED)
        billed = live.filter(invoice__kind=Invoice.Kind.INVOICE).aggregate(quantity=Sum("quantity"))["quantity"] or 0
        credited = live.filter(invoice__kind=Invoice.Kind.CREDIT_NOTE).aggregate(quantity=Sum("quantity"))["quantity"] or 0
        room = PurchaseOrderLine.objects.get(pk=po_line.pk).received_quantity - billed + credited
        return min(wanted, room) if room > 0 else wanted

    # --- rules

    def _receivable(self) -> bool:
        return PurchaseOrderLine.objects.filter(purchase_order=self.order, received_quantity__lt=F("quantity")).exists()

    @precondition(_receivable)
    @rule(line=st.sampled_from([0, 1]), quantity=receipt_halves)
    def receive(self, line, quantity):
        po_line = PurchaseOrderLine.objects.get(pk=self.lines[line].pk)
        left = po_line.quantity - po_line.received_quantity
        amount = min(Decimal(quantity) * HALF, left)
        note(f"receive {amount} of line {po_line.position} (received {po_line.received_quantity} of {po_line.quantity})")
        if amount <= 0:
            return
        goods_receipt_create(
            order=self.order, actor=self.setup.org.procurement, lines=[{"po_line": po_line.pk, "quantity": amount}]
        )
        self._rematch()

    @rule(first=billing, second=billing, price=st.sampled_from(PRICE_FACTORS))
    def invoice(self, first, second, price):
        quantities = [self._quantity(po_line, *choice) for po_line, choice in zip(self.lines, (first, second), strict=True)]
        if not any(quantities):
            quantities[0] = HALF
        lines = [
            {
                "po_line": po_line,
                "description": po_line.description,
                "quantity": quantity,
                "unit_price": (po_line.unit_price * price).quantize(CENT),
            }
            for po_line, quantity in zip(self.lines, quantities, strict=True)
            if quantity
        ]
        header = {"purchase_order": self.order, **self._numbered("INV")}
        note(
            f"invoice {header['number']}: {[(line['po_line'].position, line['quantity'], line['unit_price']) for line in lines]}"
        )
        self._create(header, lines)

    @precondition(lambda self: bool(self._live(kind=Invoice.Kind.INVOICE)))
    @rule(which=st.integers(min_value=0, max_value=20), first=halves, second=halves)
    def credit_note(self, which, first, second):
        invoices = self._live(kind=Invoice.Kind.INVOICE)
        credited = invoices[which % len(invoices)]
        wanted = {self.lines[0].pk: Decimal(first) * HALF, self.lines[1].pk: Decimal(second) * HALF}
        billed = list(credited.lines.filter(po_line__isnull=False).order_by("position"))
        lines = [
            {
                "po_line": line.po_line,
                "description": line.description,
                "quantity": min(wanted[line.po_line_id], line.quantity),
                "unit_price": line.unit_price,
            }
            for line in billed
            if wanted[line.po_line_id]
        ] or [
            {"po_line": billed[0].po_line, "description": "", "quantity": billed[0].quantity, "unit_price": billed[0].unit_price}
        ]
        header = {"kind": Invoice.Kind.CREDIT_NOTE, "credit_for": credited, **self._numbered("CN")}
        note(
            f"credit note {header['number']} for {credited.pk} ({credited.status}): "
            f"{[(line['po_line'].position, line['quantity'], line['unit_price']) for line in lines]}"
        )
        if self._create(header, lines) is not None:
            self._rematch()  # what the task sent on commit does

    # Invoices and credit notes are cancelled by separate rules: credit notes are the fewer, and
    # a rule of their own reaches them as often.
    @precondition(lambda self: bool(self._live(kind=Invoice.Kind.INVOICE)))
    @rule(which=st.integers(min_value=0, max_value=20))
    def cancel_invoice(self, which):
        self._cancel(self._live(kind=Invoice.Kind.INVOICE), which)

    @precondition(lambda self: bool(self._live(kind=Invoice.Kind.CREDIT_NOTE)))
    @rule(which=st.integers(min_value=0, max_value=20))
    def cancel_credit_note(self, which):
        self._cancel(self._live(kind=Invoice.Kind.CREDIT_NOTE), which)

    def _cancel(self, documents: list[Invoice], which: int) -> None:
        document = documents[which % len(documents)]
        note(f"cancel {document.kind} {document.pk} {document.number} ({document.status})")
        try:
            services.invoice_cancel(actor=self.finance, invoice=document, reason="property test")
        except ApplicationError as error:
            note(f"  refused: {error.code} {error}")
            return
        self._rematch()

    # --- the invariant

    @invariant()
    def billed_within_received(self):
        live = InvoiceLine.objects.filter(po_line__purchase_order=self.order)
        billed = dict(
            live.filter(invoice__kind=Invoice.Kind.INVOICE, invoice__status__in=BILLED)
            .values_list("po_line_id")
            .annotate(quantity=Sum("quantity"))
        )
        credited = dict(
            live.filter(invoice__kind=Invoice.Kind.CREDIT_NOTE)
            .exclude(invoice__status=Invoice.Status.CANCELLED)
            .values_list("po_line_id")
            .annotate(quantity=Sum("quantity"))
        )
        for line in PurchaseOrderLine.objects.filter(purchase_order=self.order).order_by("position"):
            net = (billed.get(line.pk) or Decimal("0")) - (credited.get(line.pk) or Decimal("0"))
            assert net <= line.received_quantity, (
                f"line {line.position}: billed {billed.get(line.pk)} less credited {credited.get(line.pk)} = {net}, "
                f"but only {line.received_quantity} received"
            )


QUANTITY_SETTINGS = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
    # Kept under $DATA_DIR (ignored by git), so a failure found once is replayed first next time.
    database=DirectoryBasedExampleDatabase(Path(django_settings.DATA_DIR) / "hypothesis"),
)


@pytest.mark.django_db
def test_billed_quantities_never_exceed_received():
    run_state_machine_as_test(InvoiceQuantities, settings=QUANTITY_SETTINGS)


@pytest.mark.django_db
def test_a_credit_note_cancelled_while_its_invoice_is_held_does_not_let_the_line_be_billed_twice():
    """The shortest sequence found that breaks the property (the state machine above rarely
    reaches it in its budget): one laptop received; invoice A bills it and a mouse not received
    (held for the mouse); a credit note credits A's laptop; invoice B bills a laptop and is
    approved, since A less the credit leaves one; the credit note is cancelled (only approved
    invoices are checked against what was received, and B alone fits); the mouse arrives and A,
    re-matched, counts only the invoices entered before it: approved, two laptops billed."""
    setup = ordered(items=ITEMS)
    laptop, mouse = setup.order.lines.order_by("position")
    finance = setup.org.finance

    def enter(number: str, lines: list[tuple[PurchaseOrderLine, str]], **header) -> Invoice:
        total = sum((Decimal(quantity) * po_line.unit_price for po_line, quantity in lines), Decimal("0"))
        header = {
            "number": number,
            "invoice_date": FIRST_DAY,
            "currency": "USD",
            "subtotal": total,
            "tax": Decimal("0"),
            **header,
        }
        header["total"] = total
        return services.invoice_create(
            actor=finance,
            header=header,
            lines=[
                {"po_line": po_line, "description": po_line.description, "quantity": Decimal(q), "unit_price": po_line.unit_price}
                for po_line, q in lines
            ],
        )

    def receive(po_line: PurchaseOrderLine, quantity: str) -> None:
        goods_receipt_create(
            order=setup.order, actor=setup.org.procurement, lines=[{"po_line": po_line.pk, "quantity": Decimal(quantity)}]
        )
        services.invoices_rematch_for_order(order_id=setup.order.pk)

    receive(laptop, "1")
    a = enter("A", [(laptop, "1"), (mouse, "1")], purchase_order=setup.order)
    assert a.status == Invoice.Status.ON_HOLD
    credit = enter("C", [(laptop, "1")], kind=Invoice.Kind.CREDIT_NOTE, credit_for=a)
    services.invoices_rematch_for_order(order_id=setup.order.pk)
    b = enter("B", [(laptop, "1")], purchase_order=setup.order)  # approved today
    try:
        services.invoice_cancel(actor=finance, invoice=credit)
    except ApplicationError:
        return  # refused: the line cannot end billed twice
    services.invoices_rematch_for_order(order_id=setup.order.pk)
    receive(mouse, "1")
    billed = InvoiceLine.objects.filter(po_line=laptop, invoice__kind=Invoice.Kind.INVOICE, invoice__status__in=BILLED)
    statuses = dict(Invoice.objects.filter(pk__in=[a.pk, b.pk, credit.pk]).values_list("number", "status"))
    assert billed.aggregate(quantity=Sum("quantity"))["quantity"] <= Decimal("1"), statuses
