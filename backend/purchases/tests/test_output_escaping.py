"""User text in the PO PDF and in mail subjects is text, never markup or a header."""

import re
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from django.core import mail

from conftest import bearer_client
from notifications.mail import subject_line
from purchases.models import ApprovalStep, PurchaseOrder
from purchases.pdf import purchase_order_pdf
from purchases.services import purchase_request_create
from purchases.tasks import approval_step_notify_task
from purchases.tests.factories import VendorFactory, make_org, make_request

pytestmark = pytest.mark.django_db

HOSTILE = [
    '<img src="/etc/hostname"/>',
    '<img src="/dev/zero"/>',
    '<link href="file:///etc/passwd">x</link>',
    '<a href="javascript:alert(1)">x</a>',
    "<b>unclosed",
    '<font face="nonexistent">x</font>',
    "<br/>" * 90,
    "AT&T",
    "&amp;",
    "]]>",
]


def approved_order(org, description="Laptop") -> PurchaseOrder:
    request = make_request(org.requester, total_items=((description, "1", "10.00"),), vendor=VendorFactory())
    bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/")
    bearer_client(org.approver).post(f"/api/purchase-requests/{request.pk}/approve/")
    return PurchaseOrder.objects.select_related("vendor", "purchase_request").get(purchase_request=request)


def pdf_text(content: bytes) -> str:
    """All the text on the pages, without whitespace: a long word wraps wherever the layout puts it."""
    pdf = pdfium.PdfDocument(content)
    try:
        text = "".join(pdf[index].get_textpage().get_text_range() for index in range(len(pdf)))
    finally:
        pdf.close()
    return "".join(text.split())


@pytest.mark.parametrize("payload", HOSTILE)
def test_user_text_in_the_po_pdf_is_printed_literally(payload):
    order = approved_order(make_org())
    order.lines.update(description=f"Desc {payload}")
    vendor = order.vendor
    vendor.name, vendor.address, vendor.tax_id = f"Name {payload}"[:200], f"Street 1\nTown {payload}", f"Tax {payload}"[:40]
    vendor.save()

    content = purchase_order_pdf(order)

    text = pdf_text(content)
    for expected in (f"Desc {payload}", f"Name {payload}"[:200], f"Town {payload}", f"Tax {payload}"[:40]):
        assert "".join(expected.split()) in text, expected
    assert b"/URI" not in content
    assert not re.search(rb"/Subtype\s*/Image", content)


def test_the_company_name_is_text_too(settings):
    settings.COMPANY_NAME = "Smith & <Sons>"
    assert "Smith&<Sons>" in pdf_text(purchase_order_pdf(approved_order(make_org())))


def test_the_address_keeps_its_lines():
    order = approved_order(make_org())
    order.vendor.address = "Street 1\r\nTown <b>"
    pdf = pdfium.PdfDocument(purchase_order_pdf(order))
    try:
        lines = pdf[0].get_textpage().get_text_range().splitlines()
    finally:
        pdf.close()
    assert "Street 1" in lines and "Town <b>" in lines


def test_the_pdf_api_answers_for_a_hostile_description():
    org = make_org()
    order = approved_order(org, description='<b>bold <font face="nonexistent">x</font> <img src="/etc/hostname"/>')
    response = bearer_client(org.requester).get(f"/api/purchase-orders/{order.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert "<b>bold" in pdf_text(response.content)


def test_a_title_with_a_line_break_still_mails_the_approver_one_subject_line():
    org = make_org()
    request = purchase_request_create(
        requester=org.requester,
        title="Chairs\r\nBcc: victim@example.com",
        currency="USD",
        items=[{"description": "Chair", "quantity": Decimal("1"), "unit_price": Decimal("10.00")}],
    )
    assert bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/").status_code == 200
    step = ApprovalStep.objects.get(purchase_request=request, status=ApprovalStep.Status.PENDING)

    assert approval_step_notify_task.apply(args=(step.pk,)).get() is True

    [message] = mail.outbox
    assert message.to == [org.approver.email] and message.bcc == []
    assert message.subject == f"Approval needed: {request.number} Chairs Bcc: victim@example.com"
    headers = message.message().as_bytes().split(b"\n\n", 1)[0]
    assert not re.search(rb"^bcc:", headers, re.I | re.M)


def test_a_subject_is_one_short_line():
    assert subject_line(" a\tb\x00\x1b\x7f\x85\u2028c \r\n") == "a b c"
    long = subject_line("x " * 200)
    assert len(long) == 150 and long.endswith("…") and "\n" not in long


def test_plain_text_mail_prints_user_text_as_typed_and_the_html_part_escapes_it():
    """The .txt templates used to be HTML-escaped: the approver read "AT&amp;T"."""
    org = make_org()
    request = purchase_request_create(
        requester=org.requester,
        title='AT&T <modems> "fast"',
        currency="USD",
        items=[{"description": "Modem", "quantity": Decimal("1"), "unit_price": Decimal("10.00")}],
    )
    assert bearer_client(org.requester).post(f"/api/purchase-requests/{request.pk}/submit/").status_code == 200
    step = ApprovalStep.objects.get(purchase_request=request, status=ApprovalStep.Status.PENDING)
    assert approval_step_notify_task.apply(args=(step.pk,)).get() is True
    [message] = mail.outbox
    assert 'AT&T <modems> "fast"' in message.body
    html = message.alternatives[0][0]
    assert "AT&amp;T &lt;modems&gt;" in html and "<modems>" not in html
