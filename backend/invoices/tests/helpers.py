"""An organisation with an issued purchase order, and invoices against it."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import bearer_client
from currencies.models import ExchangeRate
from documents.models import Document
from documents.services import document_process, document_upload
from documents.tests.invoices import Invoice as PrintedInvoice
from documents.tests.invoices import invoice_pdf
from purchases.models import PurchaseOrder
from purchases.services import goods_receipt_create
from purchases.tests.factories import Org, VendorFactory, make_org, make_request

INVOICES = "/api/invoices/"


@dataclass
class Setup:
    org: Org
    order: PurchaseOrder

    @property
    def line(self):
        return self.order.lines.order_by("position").first()

    def receive(self, quantity: str, line=None) -> None:
        line = line or self.line
        goods_receipt_create(
            order=self.order, actor=self.org.procurement, lines=[{"po_line": line.pk, "quantity": Decimal(quantity)}]
        )
        self.order.refresh_from_db()


def ordered(items=(("Laptop", "2", "1200.00"),), vendor_name="Northwind Traders", currency="USD", org=None, vendor=None) -> Setup:
    """A request with a named vendor, submitted and approved: its PO is issued on approval.
    Given `org` and `vendor`, another order of the same organisation from that vendor."""
    org = org or make_org()
    if currency != settings.BASE_CURRENCY:
        ExchangeRate.objects.get_or_create(currency=currency, date=timezone.localdate(), defaults={"rate": Decimal("0.5")})
    vendor = vendor or VendorFactory(name=vendor_name, currency=currency)
    request = make_request(org.requester, total_items=items, vendor=vendor, currency=currency)
    assert bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/").status_code == 200
    client = bearer_client(org.approver)
    assert client.post(f"/api/purchase-requests/{request.pk}/approve/").status_code == 200
    request.refresh_from_db()
    if request.status != "APPROVED":  # above the approver's limit: finance decides too
        assert bearer_client(org.finance).post(f"/api/purchase-requests/{request.pk}/approve/").status_code == 200
    return Setup(org, PurchaseOrder.objects.get(purchase_request=request))


def by_hand(setup: Setup, *, number="INV-1001", quantity="1", unit_price="1200.00", **extra) -> dict:
    """The body of an invoice entered by hand for the first line of the setup's order."""
    amount = (Decimal(quantity) * Decimal(unit_price)).quantize(Decimal("0.01"))
    body = {
        "purchase_order": setup.order.pk,
        "number": number,
        "invoice_date": "2026-11-20",
        "currency": setup.order.currency,
        "subtotal": str(amount),
        "tax": "0.00",
        "total": str(amount),
        "lines": [
            {"po_line": setup.line.pk, "description": setup.line.description, "quantity": quantity, "unit_price": unit_price}
        ],
    }
    body.update(extra)
    return body


def read_document(setup: Setup, *, number="INV 2026-0042", lines=(("Laptop", "1", "1200.00"),), tax_rate="0") -> Document:
    """A vendor's PDF invoice printing our PO number, uploaded and read for real (in process)."""
    printed = PrintedInvoice(
        vendor=setup.order.vendor.name,
        number=number,
        issued=(2026, 11, 20),
        due=(2026, 12, 20),
        currency=setup.order.currency,
        lines=list(lines),
        tax_rate=tax_rate,
        po_number=setup.order.number,
    )
    upload = SimpleUploadedFile("invoice.pdf", invoice_pdf(printed), content_type="application/pdf")
    document = document_upload(uploaded_by=setup.org.finance, file=upload, filename="invoice.pdf")
    return document_process(document_id=document.pk)
