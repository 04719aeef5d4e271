"""The purchase order as a PDF (reportlab)."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.money import format_money

from .models import PurchaseOrder


def _text(value) -> str:
    """`value` as literal text in Paragraph markup: reportlab parses a Paragraph's string as
    markup, so a user's <img> would embed a server file, a <link> add a URI, a stray tag fail the build."""
    return escape(str(value))


def _lines(value) -> str:
    """Multi-line text (an address) as literal text that keeps its line breaks."""
    return "<br/>".join(_text(line) for line in str(value).splitlines())


def totals_table_style(*, numbers_from: int) -> TableStyle:
    """A dark header row, a grid, numbers right-aligned from column `numbers_from`, and a bold
    total row under a rule (its label in the column before the last)."""
    return TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f2937")),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("ALIGN", (numbers_from, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -2), 0.25, colors.grey),
            ("FONTNAME", (-2, -1), (-1, -1), "Helvetica-Bold"),
            ("LINEABOVE", (-2, -1), (-1, -1), 1, colors.black),
        ]
    )


def purchase_order_pdf(order: PurchaseOrder) -> bytes:
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Purchase order {order.number}",
        author=settings.COMPANY_NAME,
    )
    vendor = order.vendor
    request = order.purchase_request
    issued = timezone.localtime(order.issued_at).date().isoformat()
    story = [
        Paragraph(_text(settings.COMPANY_NAME), styles["Title"]),
        Paragraph(f"Purchase order {_text(order.number)}", styles["Heading2"]),
        Paragraph(
            f"Date: {issued} &nbsp;&nbsp; Request: {_text(request.number)} &nbsp;&nbsp; "
            f"Status: {_text(order.get_status_display())}",
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
        Paragraph("<b>Vendor</b>", styles["Normal"]),
        Paragraph(_text(vendor.name), styles["Normal"]),
    ]
    for extra in (vendor.address, vendor.email, vendor.tax_id and f"Tax ID: {vendor.tax_id}"):
        if extra:
            story.append(Paragraph(_lines(extra), styles["Normal"]))
    story.append(Spacer(1, 6 * mm))

    rows = [["#", "Description", "Quantity", "Unit price", "Amount"]]
    for line in order.lines.all():
        rows.append(
            [
                str(line.position),
                Paragraph(_text(line.description), styles["Normal"]),
                f"{line.quantity.normalize():f}",
                format_money(line.unit_price, order.currency),
                format_money(line.line_total, order.currency),
            ]
        )
    rows.append(["", "", "", "Total", format_money(order.total, order.currency)])
    table = Table(rows, colWidths=[10 * mm, 80 * mm, 22 * mm, 30 * mm, 32 * mm], repeatRows=1)
    table.setStyle(totals_table_style(numbers_from=2))
    story.append(table)
    if request.needed_by:
        story += [Spacer(1, 6 * mm), Paragraph(f"Needed by: {request.needed_by.isoformat()}", styles["Normal"])]
    document.build(story)
    return buffer.getvalue()
