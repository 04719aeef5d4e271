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

from .models import PurchaseOrder, taxes_by_rate


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


def pdf_filename(order: PurchaseOrder) -> str:
    """`PO-2026-000045.pdf`, `PO-2026-000045-rev2.pdf` once amended."""
    return f"{order.number}{'' if order.revision == 1 else f'-rev{order.revision}'}.pdf"


def _block(title: str, lines: list[str], styles) -> list:
    """A bold heading and its lines (empty ones left out), as table-cell content."""
    return [Paragraph(f"<b>{_text(title)}</b>", styles["Normal"])] + [
        Paragraph(_lines(line), styles["Normal"]) for line in lines if line
    ]


def purchase_order_pdf(order: PurchaseOrder) -> bytes:
    """What a vendor needs to deliver and bill: both parties, the number and revision, dates,
    ship-to, terms, the contact, the lines with tax and the totals per tax rate, the notes."""
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Purchase order {order.label}",
        author=settings.COMPANY_NAME,
    )
    vendor, request, contact = order.vendor, order.purchase_request, order.created_by
    currency = order.currency
    issued = timezone.localtime(order.issued_at).date().isoformat() if order.issued_at else "draft, not issued"
    tax_id = settings.COMPANY_TAX_ID and f"VAT / tax id: {settings.COMPANY_TAX_ID}"
    buyer = _block(
        "Buyer",
        [settings.COMPANY_NAME, settings.COMPANY_ADDRESS, tax_id, settings.COMPANY_EMAIL, settings.COMPANY_PHONE],
        styles,
    )
    seller = _block(
        "Vendor", [vendor.name, vendor.address, vendor.tax_id and f"VAT / tax id: {vendor.tax_id}", vendor.email], styles
    )
    parties = Table([[buyer, seller]], colWidths=[87 * mm, 87 * mm])
    parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    status = "" if order.status == order.Status.ISSUED else f" ({_text(order.get_status_display())})"
    facts = [
        ["Order date", issued],
        ["Expected delivery", order.expected_delivery.isoformat() if order.expected_delivery else "as agreed"],
        ["Payment terms", order.payment_terms or "as agreed"],
        ["Incoterms", order.incoterms or "-"],
        ["Our contact", f"{contact.full_name or contact.email} <{contact.email}>"],
        ["Request", request.number],
    ]
    facts_table = Table(
        [
            [Paragraph(f"<b>{_text(label)}</b>", styles["Normal"]), Paragraph(_text(value), styles["Normal"])]
            for label, value in facts
        ],
        colWidths=[36 * mm, 68 * mm],
    )
    ship_to = _block("Ship to", [order.ship_to or settings.COMPANY_ADDRESS], styles)
    header = Table([[facts_table, ship_to]], colWidths=[108 * mm, 66 * mm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story = [
        Paragraph(f"Purchase order {_text(order.label)}{status}", styles["Title"]),
        parties,
        Spacer(1, 5 * mm),
        header,
        Spacer(1, 6 * mm),
    ]

    lines = list(order.lines.all())
    rows = [["#", "Description", "Quantity", "Unit price", "Tax", "Amount"]]
    for line in lines:
        rows.append(
            [
                str(line.position),
                Paragraph(_text(line.description), styles["Normal"]),
                f"{line.quantity.normalize():f}",
                format_money(line.unit_price, currency),
                f"{line.tax_rate.normalize():f} %",
                format_money(line.line_total, currency),
            ]
        )
    # The totals: a label spanning the line columns, the amount under "Amount".
    rows.append(["Net total", "", "", "", "", format_money(order.total, currency)])
    for rate, net, tax in taxes_by_rate(lines):
        rows.append([f"Tax {rate.normalize():f} % on {format_money(net, currency)}", "", "", "", "", format_money(tax, currency)])
    rows.append(["Total", "", "", "", "", format_money(order.total + order.tax_total, currency)])
    table = Table(rows, colWidths=[8 * mm, 66 * mm, 18 * mm, 28 * mm, 26 * mm, 28 * mm], repeatRows=1)
    table.setStyle(totals_table_style(numbers_from=2))
    totals = range(len(lines) + 1, len(rows))
    table.setStyle(
        TableStyle(
            [("SPAN", (0, row), (4, row)) for row in totals]
            + [("ALIGN", (0, totals[0]), (-1, -1), "RIGHT"), ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold")]
        )
    )
    story.append(table)
    if order.notes:
        story += [
            Spacer(1, 5 * mm),
            Paragraph("<b>Notes</b>", styles["Normal"]),
            Paragraph(_lines(order.notes), styles["Normal"]),
        ]
    story += [
        Spacer(1, 6 * mm),
        Paragraph(
            f"<b>Please quote {_text(order.number)} on your invoice</b> and send it to {_text(settings.COMPANY_EMAIL)}.",
            styles["Normal"],
        ),
    ]
    document.build(story)
    return buffer.getvalue()
