"""Invoices made on the fly for tests and the benchmark: reportlab PDFs in a few layouts, and
200-dpi scans of them (rendered with pypdfium2, then rotated, blurred and noised)."""

import io
import random
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


@dataclass
class Invoice:
    vendor: str
    number: str
    issued: tuple[int, int, int]  # y, m, d
    due: tuple[int, int, int] | None
    currency: str
    lines: list[tuple[str, str, str]]  # description, quantity, unit price
    tax_rate: str
    po_number: str | None = None
    style: str = "en"

    @property
    def totals(self):
        from decimal import ROUND_HALF_UP, Decimal

        amounts = [(Decimal(q) * Decimal(p)).quantize(Decimal("0.01"), ROUND_HALF_UP) for _, q, p in self.lines]
        subtotal = sum(amounts, Decimal("0"))
        tax = (subtotal * Decimal(self.tax_rate) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return amounts, subtotal, tax, subtotal + tax

    def truth(self) -> dict:
        amounts, subtotal, tax, total = self.totals
        iso = lambda d: f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}" if d else None  # noqa: E731
        return {
            "vendor_name": self.vendor,
            "invoice_number": self.number,
            "invoice_date": iso(self.issued),
            "due_date": iso(self.due),
            "currency": self.currency,
            "subtotal": f"{subtotal:.2f}",
            "tax": f"{tax:.2f}",
            "total": f"{total:.2f}",
            "po_number": self.po_number,
            "line_items": [
                {"description": d, "quantity": q, "unit_price": f"{float(p):.2f}", "amount": f"{a:.2f}"}
                for (d, q, p), a in zip(self.lines, amounts, strict=True)
            ],
        }


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _money(value, style: str, currency: str) -> str:
    text = f"{value:,.2f}"
    if style == "de":
        text = text.replace(",", "X").replace(".", ",").replace("X", ".")
        return f"{text} €" if currency == "EUR" else f"{text} {currency}"
    if style == "ch":
        return f"{currency} {text.replace(',', chr(39))}"
    symbol = {"USD": "$", "GBP": "£", "EUR": "€"}.get(currency)
    return f"{symbol}{text}" if symbol else f"{currency} {text}"


def _date(d, style: str) -> str:
    y, m, day = d
    if style == "de":
        return f"{day:02d}.{m:02d}.{y}"
    if style == "us":
        return f"{m:02d}/{day:02d}/{y}"
    if style == "iso":
        return f"{y}-{m:02d}-{day:02d}"
    return f"{day} {MONTHS[m - 1]} {y}"


def invoice_pdf(invoice: Invoice) -> bytes:
    labels = {
        "de": (
            "Rechnung",
            "Rechnungsnr.",
            "Datum",
            "Fällig am",
            "Ihre Bestellung",
            ("Beschreibung", "Menge", "Preis", "Betrag"),
            "Zwischensumme",
            "MwSt",
            "Gesamtbetrag",
        ),
    }.get(
        invoice.style,
        (
            "INVOICE",
            "Invoice no.",
            "Invoice date",
            "Due date",
            "Purchase order",
            ("Description", "Qty", "Unit price", "Amount"),
            "Subtotal",
            "Tax",
            "Total due",
        ),
    )
    title, number_label, date_label, due_label, po_label, header, sub_label, tax_label, total_label = labels
    date_style = {"de": "de", "us": "us", "ch": "iso"}.get(invoice.style, "en")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y = 800
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(50, y, invoice.vendor)
    pdf.setFont("Helvetica", 10)
    for text in (
        "Registered office: 1 Example Street",
        title,
        f"{number_label}: {invoice.number}",
        f"{date_label}: {_date(invoice.issued, date_style)}",
        f"{due_label}: {_date(invoice.due, date_style)}" if invoice.due else None,
        f"{po_label}: {invoice.po_number}" if invoice.po_number else None,
    ):
        if text:
            y -= 18
            pdf.drawString(50, y, text)
    y -= 30
    columns = (50, 300, 360, 460)
    for x, text in zip(columns, header, strict=True):
        pdf.drawString(x, y, text)
    amounts, subtotal, tax, total = invoice.totals
    number = lambda v: (
        _money(v, invoice.style, invoice.currency)
        .replace("€", "")
        .replace("$", "")
        .replace("£", "")
        .replace(invoice.currency, "")
        .strip()
    )
    for (description, quantity, price), amount in zip(invoice.lines, amounts, strict=True):
        y -= 18
        from decimal import Decimal

        for x, text in zip(columns, (description, quantity, number(Decimal(price)), number(amount)), strict=True):
            pdf.drawString(x, y, text)
    for label, value in ((sub_label, subtotal), (f"{tax_label} {invoice.tax_rate}%", tax), (total_label, total)):
        y -= 20
        pdf.drawString(300, y, label)
        pdf.drawString(460, y, _money(value, invoice.style, invoice.currency))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def labelled_invoice(vendor: str, number_label: str, number: str, date_label: str, day: str) -> bytes:
    """A one-page invoice printing its number and date behind the labels given (for layouts the
    reader's vocabulary does not know)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y = 800
    for text, size in (
        (vendor, 16),
        ("Industriestrasse 4, 70173 Stuttgart", 10),
        ("RECHNUNG", 14),
        (f"{number_label}: {number}", 10),
        (f"{date_label}: {day}", 10),
    ):
        pdf.setFont("Helvetica", size)
        pdf.drawString(50, y, text)
        y -= 24
    for left, right in (
        ("Stahlblech 2 x 50,00", "100,00"),
        ("Summe netto", "100,00"),
        ("MwSt 19%", "19,00"),
        ("Gesamtbetrag", "119,00"),
    ):
        pdf.drawString(50, y, left)
        pdf.drawRightString(500, y, f"{right} EUR")
        y -= 20
    pdf.save()
    return buffer.getvalue()


def scan(pdf_bytes: bytes, seed: int = 1, dpi: int = 200) -> bytes:
    """A degraded 200-dpi scan of the first page, as PNG."""
    rng = random.Random(seed)
    page = pdfium.PdfDocument(pdf_bytes)[0]
    image = page.render(scale=dpi / 72).to_pil().convert("L")
    image = image.rotate(rng.uniform(-1.2, 1.2), expand=True, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    noise = Image.effect_noise(image.size, rng.uniform(8, 18)).convert("L")
    image = Image.blend(image, noise, 0.08)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def sample_invoices() -> list[Invoice]:
    return [
        Invoice(
            "Globex Hardware Ltd",
            "GH-2026-0193",
            (2026, 3, 14),
            (2026, 4, 13),
            "GBP",
            [("Cordless drill", "2", "89.50"), ("Drill bits, set", "5", "12.20")],
            "20",
            "PO-2026-000031",
        ),
        Invoice(
            "Initech Software Inc.",
            "INV 88213",
            (2026, 5, 2),
            (2026, 6, 1),
            "USD",
            [("Annual licence", "1", "1200.00"), ("Onboarding hours", "8", "110.00")],
            "7.25",
            None,
            style="us",
        ),
        Invoice(
            "Müller Industriebedarf GmbH",
            "RE-77120",
            (2026, 7, 9),
            (2026, 8, 8),
            "EUR",
            [("Schutzbrille", "20", "4.95"), ("Arbeitshandschuhe Paar", "50", "2.10")],
            "19",
            "PO-2026-000044",
            style="de",
        ),
        Invoice(
            "Helvetia Precision AG",
            "HP-5521",
            (2026, 2, 27),
            None,
            "CHF",
            [("Caliper 150 mm", "3", "1450.00")],
            "8.1",
            None,
            style="ch",
        ),
    ]
