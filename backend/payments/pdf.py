"""The remittance advice as a PDF (reportlab), in the purchase order's style."""

from io import BytesIO

from django.conf import settings
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from purchases.pdf import _lines, _text, totals_table_style

from .models import Payment


def remittance_pdf(payment: Payment) -> bytes:
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Remittance advice {payment.end_to_end_id}",
        author=settings.COMPANY_NAME,
    )
    vendor, account = payment.vendor, payment.bank_account
    story = [
        Paragraph(_text(settings.COMPANY_NAME), styles["Title"]),
        Paragraph("Remittance advice", styles["Heading2"]),
        Paragraph(
            f"Paid on: {payment.paid_on.isoformat() if payment.paid_on else ''} &nbsp;&nbsp; "
            f"Payment: {_text(payment.end_to_end_id)} &nbsp;&nbsp; Run: {_text(payment.run.number)}",
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
        Paragraph("<b>Paid to</b>", styles["Normal"]),
        Paragraph(_text(vendor.name), styles["Normal"]),
    ]
    if vendor.address:
        story.append(Paragraph(_lines(vendor.address), styles["Normal"]))
    number = account.iban or account.account_number
    story += [
        Paragraph(f"Account: {_text(account.holder)}, ending in {_text(number[-4:])}", styles["Normal"]),
        Spacer(1, 6 * mm),
    ]
    rows = [["Document", "Number", "Date", "Discount", "Amount"]]
    for item in payment.items.all():
        invoice = item.invoice
        rows.append(
            [
                invoice.get_kind_display(),
                Paragraph(_text(invoice.number or invoice.pk), styles["Normal"]),
                invoice.invoice_date.isoformat() if invoice.invoice_date else "",
                f"{item.discount:,.2f}" if item.discount else "",
                f"{item.amount:,.2f} {payment.currency}",
            ]
        )
    rows.append(["", "", "", "Paid", f"{payment.amount:,.2f} {payment.currency}"])
    table = Table(rows, colWidths=[28 * mm, 52 * mm, 26 * mm, 28 * mm, 40 * mm], repeatRows=1)
    table.setStyle(totals_table_style(numbers_from=3))
    story.append(table)
    document.build(story)
    return buffer.getvalue()
