"""Invoice fields from the text of a document, with no per-vendor templates: labels in several
languages, amounts and dates in the usual printed styles, and cross-checks (line totals,
subtotal + tax = total, due date after invoice date) that raise or lower each field's
confidence. A field that is not found is None, never a guess presented as fact."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

import pycountry

CENT = Decimal("0.01")
MAX_LINE_CHARS = 300
MAX_LINE_ITEM_CHARS = 160

# --- Amounts ---------------------------------------------------------------------------------

# 1,234.56  1.234,56  1'234.56  1 234,56  1234.56  246,60  (the last group of 2 digits is cents)
AMOUNT = r"(?<![\d.,'])-?\d{1,3}(?:[,.' \u00a0\u202f]\d{3})*[.,]\d{2}(?![\d%])|(?<![\d.,'])-?\d+[.,]\d{2}(?![\d%])"
AMOUNT_RE = re.compile(AMOUNT)


def parse_amount(text: str) -> Decimal | None:
    text = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    match = re.fullmatch(r"(-?)([\d.,' ]+)", text)
    if not match:
        return None
    sign, digits = match.groups()
    decimal_sep = digits[-3] if len(digits) >= 3 and digits[-3] in ".," else None
    if decimal_sep is None:
        return None
    whole, cents = digits[:-3], digits[-2:]
    whole = re.sub(r"[.,' ]", "", whole)
    try:
        return Decimal(f"{sign}{whole or '0'}.{cents}")
    except InvalidOperation:
        return None


def amounts_in(line: str) -> list[Decimal]:
    values = []
    for match in AMOUNT_RE.finditer(line):
        value = parse_amount(match.group())
        if value is not None:
            values.append(value)
    return values


# --- Currency ----------------------------------------------------------------------------------

SYMBOLS = [
    ("CA$", "CAD"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("AU$", "AUD"),
    ("US$", "USD"),
    ("NZ$", "NZD"),
    ("HK$", "HKD"),
    ("S$", "SGD"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("zł", "PLN"),
    ("kr", "SEK"),
    ("$", "USD"),
    ("Fr.", "CHF"),
]
COMMON_CODES = {"USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK", "NOK", "DKK", "PLN", "CZK", "NZD", "INR", "SGD", "HKD"}


def find_currency(text: str) -> tuple[str | None, float]:
    codes = [
        code
        for code in re.findall(r"\b([A-Z]{3})\b", text)
        if code in COMMON_CODES or pycountry.currencies.get(alpha_3=code) is not None
    ]
    codes = [code for code in codes if code not in {"PDF", "VAT", "TAX", "QTY", "NET", "DUE", "INC", "LTD", "GMB"}]
    if codes:
        return max(set(codes), key=codes.count), 0.95
    for symbol, code in SYMBOLS:
        if symbol in text:
            if symbol == "$":
                return code, 0.7  # a bare dollar sign: most often USD, but not always
            if symbol == "kr":
                continue
            return code, 0.9
    return None, 0.0


# --- Dates -----------------------------------------------------------------------------------

MONTHS = {}
for number, names in enumerate(
    [
        ("january", "jan", "januar", "janvier", "enero", "januari", "jänner"),
        ("february", "feb", "februar", "février", "fevrier", "febrero", "februari"),
        ("march", "mar", "märz", "maerz", "mars", "marzo", "maart", "mrz"),
        ("april", "apr", "avril", "abril"),
        ("may", "mai", "mayo", "mei"),
        ("june", "jun", "juni", "juin", "junio"),
        ("july", "jul", "juli", "juillet", "julio"),
        ("august", "aug", "août", "aout", "agosto", "augustus"),
        ("september", "sep", "sept", "septembre", "septiembre"),
        ("october", "oct", "oktober", "okt", "octobre", "octubre"),
        ("november", "nov", "novembre", "noviembre"),
        ("december", "dec", "dezember", "dez", "décembre", "decembre", "diciembre"),
    ],
    start=1,
):
    for name in names:
        MONTHS[name] = number
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_PATTERNS = [
    ("iso", re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")),
    ("dmy_dot", re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")),
    ("numeric", re.compile(r"\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b")),
    ("day_month", re.compile(rf"\b(\d{{1,2}})\.?\s+({MONTH_NAMES})\.?,?\s+(\d{{4}})\b", re.I)),
    ("month_day", re.compile(rf"\b({MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)),
]


@dataclass
class DateCandidate:
    day_first: date | None
    month_first: date | None

    @property
    def ambiguous(self) -> bool:
        return self.day_first is not None and self.month_first is not None and self.day_first != self.month_first

    def pick(self, month_first: bool) -> date | None:
        preferred, other = (self.month_first, self.day_first) if month_first else (self.day_first, self.month_first)
        return preferred or other


def _date(year, month, day) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_date(text: str) -> DateCandidate | None:
    for kind, pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        a, b, c = match.groups()
        if kind == "iso":
            value = _date(a, b, c)
        elif kind == "dmy_dot":
            value = _date(c, b, a)
        elif kind == "day_month":
            value = _date(c, MONTHS[b.lower()], a)
        elif kind == "month_day":
            value = _date(c, MONTHS[a.lower()], b)
        else:
            return DateCandidate(day_first=_date(c, b, a), month_first=_date(c, a, b))
        if value:
            return DateCandidate(day_first=value, month_first=value)
    return None


# --- Labels ----------------------------------------------------------------------------------


def _labels(*words: str) -> re.Pattern:
    return re.compile(r"(?<![a-zäöüéèà])(?:" + "|".join(words) + r")(?![a-zäöüéèà])", re.I)


INVOICE_NUMBER = _labels(
    r"invoice\s*(?:no\.?|number|nr\.?|#|num\.?)",
    r"inv\.?\s*(?:no\.?|#)",
    r"rechnungs?-?\s*(?:nr\.?|nummer)",
    r"facture\s*n[°o]\.?",
    r"n[°o]\s*de\s*facture",
    r"factura\s*n[°o.]*",
    r"n[úu]mero\s*de\s*factura",
    r"factuur\s*(?:nr\.?|nummer)",
    r"factuurnummer",
    r"quote\s*(?:no\.?|#|number)",
    r"receipt\s*(?:no\.?|#|number)",
    r"angebots?-?\s*(?:nr\.?|nummer)",
    r"beleg-?\s*(?:nr\.?|nummer)",
)
DUE_DATE = _labels(
    r"due\s*date",
    r"payment\s*due",
    r"due\s*by",
    r"due",
    r"f[äa]llig(?:\s*am)?",
    r"zahlbar\s*bis",
    r"[ée]ch[ée]ance",
    r"vencimiento",
    r"vervaldatum",
    r"pay\s*by",
)
INVOICE_DATE = _labels(
    r"invoice\s*date",
    r"date\s*of\s*invoice",
    r"rechnungsdatum",
    r"datum",
    r"date",
    r"fecha",
    r"factuurdatum",
    r"issued",
    r"quote\s*date",
    r"receipt\s*date",
)
PO_LABEL = _labels(
    r"purchase\s*order(?:\s*(?:no\.?|number|#))?",
    r"p\.?o\.?\s*(?:no\.?|number|#|ref\.?)?",
    r"your\s*order",
    r"ihre\s*bestellung",
    r"bestell-?\s*(?:nr\.?|nummer)",
    r"bon\s*de\s*commande",
    r"order\s*(?:no\.?|#|number)",
)
SUBTOTAL = _labels(
    r"sub-?\s*total",
    r"zwischensumme",
    r"netto(?:betrag)?",
    r"nettosumme",
    r"sous-?total",
    r"total\s*ht",
    r"subtotaal",
    r"net\s*(?:amount|total)",
    r"base\s*imponible",
    r"montant\s*ht",
)
TAX = _labels(
    r"tax", r"vat", r"mwst\.?", r"ust\.?", r"gst", r"hst", r"pst", r"tva", r"iva", r"btw", r"sales\s*tax", r"umsatzsteuer"
)
SHIPPING = _labels(r"shipping", r"freight", r"postage", r"versand(?:kosten)?", r"frais\s*de\s*port", r"env[íi]o")
TOTAL = _labels(
    r"total\s*due",
    r"amount\s*due",
    r"balance\s*due",
    r"grand\s*total",
    r"invoice\s*total",
    r"total\s*amount",
    r"gesamtbetrag",
    r"rechnungsbetrag",
    r"endbetrag",
    r"gesamt",
    r"total\s*ttc",
    r"importe\s*total",
    r"totaal",
    r"total",
    r"summe",
)
STRONG_TOTAL = _labels(
    r"total\s*due",
    r"amount\s*due",
    r"balance\s*due",
    r"grand\s*total",
    r"invoice\s*total",
    r"gesamtbetrag",
    r"rechnungsbetrag",
    r"endbetrag",
    r"total\s*ttc",
    r"importe\s*total",
)
NOT_A_VENDOR = _labels(
    r"invoice",
    r"tax\s*invoice",
    r"rechnung",
    r"facture",
    r"factura",
    r"factuur",
    r"registered\s*office",
    r"page",
    r"quote",
    r"quotation",
    r"angebot",
    r"receipt",
    r"proforma",
    r"bill\s*to",
    r"ship\s*to",
)
OUR_PO = re.compile(r"\bPO-\d{4}-\d{6}\b")
LINE_ITEM = re.compile(
    rf"^(?P<description>.+?)\s+(?P<quantity>\d+(?:[.,]\d{{1,3}})?)\s*(?:x\s*)?(?:pcs|stk|ea|h)?\s+"
    rf"(?:[£€$]|[A-Z]{{3}}\s)?\s*(?P<unit_price>{AMOUNT})\s*(?:[£€$])?\s+"
    rf"(?:[£€$]|[A-Z]{{3}}\s)?\s*(?P<amount>{AMOUNT})\s*(?:[£€$]|[A-Z]{{3}})?$"
)


def _value_after(line: str, match: re.Match) -> str:
    rest = line[match.end() :]
    return re.sub(r"^[\s:#.\-–]*", "", rest).strip()


# --- The extractor ---------------------------------------------------------------------------


@dataclass
class Extracted:
    values: dict = field(default_factory=dict)
    confidence: dict = field(default_factory=dict)
    # The line each value was read from (located on its page afterwards: documents.evidence).
    evidence: dict = field(default_factory=dict)

    def set(self, name: str, value, confidence: float, line: str | None = None) -> None:
        self.values[name] = value
        self.confidence[name] = round(confidence, 2) if value is not None else 0.0
        if value is not None and line:
            self.evidence[name] = line


def normalise_line(line: str) -> str:
    """A line as the extractor reads it. Printed invoice lines are short; cutting long ones keeps
    every pattern linear on a hostile text layer (the line-item pattern backtracks quadratically
    in a line's length)."""
    return re.sub(r"[ \t]+", " ", line[: MAX_LINE_CHARS * 2]).strip()[:MAX_LINE_CHARS]


def _normalise_company(name: str) -> str:
    name = name.casefold()
    name = re.sub(r"\b(gmbh|ag|ltd|limited|inc|llc|plc|corp|co|sarl|sa|bv|oy|ab|kg)\b\.?", " ", name)
    return re.sub(r"[^\w]+", " ", name).strip()


def match_vendor(text: str, candidate: str | None, vendors: list[tuple[int, str]]) -> tuple[int | None, float]:
    """The vendor-master entry this document comes from: its name printed on the document, or
    the closest name to the vendor line found."""
    folded = text.casefold()
    best_id, best_score = None, 0.0
    for vendor_id, name in vendors:
        if name.casefold() in folded:
            return vendor_id, 1.0
        if candidate:
            score = SequenceMatcher(None, _normalise_company(candidate), _normalise_company(name)).ratio()
            if score > best_score:
                best_id, best_score = vendor_id, score
    return (best_id, round(best_score, 2)) if best_score >= 0.85 else (None, round(best_score, 2))


def _line_items(lines: list[str]) -> list[tuple[dict, str]]:
    items = []
    for line in lines:
        if len(line) > MAX_LINE_ITEM_CHARS:
            continue
        match = LINE_ITEM.match(line.strip())
        if not match or not re.search(r"[A-Za-zÀ-ÿ]", match["description"]):
            continue
        quantity = (
            parse_amount(match["quantity"])
            if re.search(r"[.,]\d{2}$", match["quantity"])
            else Decimal(match["quantity"].replace(",", "."))
        )
        unit_price, amount = parse_amount(match["unit_price"]), parse_amount(match["amount"])
        if quantity is None or unit_price is None or amount is None:
            continue
        if abs((quantity * unit_price).quantize(CENT) - amount) > CENT:
            continue  # not a consistent row: leave it out rather than report a wrong line
        item = {
            "description": re.sub(r"\s{2,}", " ", match["description"]).strip(" .:-"),
            "quantity": f"{quantity.normalize():f}",
            "unit_price": f"{unit_price:.2f}",
            "amount": f"{amount:.2f}",
        }
        items.append((item, line))
    return items


def extract_invoice(text: str, vendors: list[tuple[int, str]] = ()) -> dict:
    lines = [line for line in map(normalise_line, text.splitlines()) if line]
    text = "\n".join(lines)
    result = Extracted()

    # Vendor: the first line that is a name, not a label.
    candidate = next(
        (
            line
            for line in lines[:6]
            if re.search(r"[A-Za-z]{3}", line) and not NOT_A_VENDOR.search(line) and not amounts_in(line) and not find_date(line)
        ),
        None,
    )
    vendor_id, score = match_vendor(text, candidate, list(vendors))
    if vendor_id is not None:
        name = next(name for pk, name in vendors if pk == vendor_id)
        printed = candidate if candidate and _normalise_company(candidate) == _normalise_company(name) else name
        printed_line = next((line for line in lines if name.casefold() in line.casefold()), candidate)
        result.set("vendor_name", printed, 0.95 if score == 1.0 else 0.85, printed_line)
    else:
        result.set("vendor_name", candidate, 0.6 if candidate else 0.0, candidate)
    result.values["vendor_id"] = vendor_id
    result.values["vendor_match_score"] = score

    # Invoice number.
    number = number_line = None
    for line in lines:
        match = INVOICE_NUMBER.search(line)
        if match:
            value = re.split(r"\s{2,}", _value_after(line, match))[0]
            value = re.split(r"\s+(?:date|datum|fecha)\b", value, flags=re.I)[0].strip()
            if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-/. ]{0,30}", value) and re.search(r"\d", value):
                number, number_line = value, line
                break
    result.set("invoice_number", number, 0.9, number_line)

    # Dates: the due date first (its label also contains "date"), then the invoice date.
    due, issued = None, None
    due_line = issued_line = None
    for line in lines:
        if due is None and DUE_DATE.search(line):
            due, due_line = find_date(line), line
        elif issued is None and INVOICE_DATE.search(line) and not DUE_DATE.search(line):
            issued, issued_line = find_date(line), line
    currency, currency_confidence = find_currency(text)
    month_first = currency == "USD"
    ambiguous = any(candidate and candidate.ambiguous for candidate in (issued, due))
    if issued and due and ambiguous:
        # The reading in which payment falls due after the invoice date wins.
        readings = [
            flag
            for flag in (month_first, not month_first)
            if issued.pick(flag) and due.pick(flag) and due.pick(flag) >= issued.pick(flag)
        ]
        if readings:
            month_first = readings[0]
    date_confidence = 0.7 if ambiguous else 0.95
    issued_date = issued.pick(month_first) if issued else None
    due_date = due.pick(month_first) if due else None
    result.set("invoice_date", issued_date.isoformat() if issued_date else None, date_confidence, issued_line)
    result.set("due_date", due_date.isoformat() if due_date else None, date_confidence, due_line)
    result.set("currency", currency, currency_confidence)

    # PO number: ours when printed, else what follows a purchase-order label.
    po = OUR_PO.search(text)
    if po:
        result.set("po_number", po.group(), 0.98, next(line for line in lines if po.group() in line))
    else:
        value = po_line = None
        for line in lines:
            match = PO_LABEL.search(line)
            if match:
                token = _value_after(line, match).split(" ")[0]
                if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-/]{2,30}", token) and re.search(r"\d", token):
                    value, po_line = token, line
                    break
        result.set("po_number", value, 0.7, po_line)

    # Totals: the last amount on a labelled line.
    subtotal = tax = shipping = total = None
    strong_total = False
    money_lines: dict[str, str] = {}
    for line in lines:
        values = amounts_in(line)
        if not values:
            continue
        if SUBTOTAL.search(line):
            subtotal, money_lines["subtotal"] = values[-1], line
        elif STRONG_TOTAL.search(line):
            total, strong_total, money_lines["total"] = values[-1], True, line
        elif TOTAL.search(line) and not strong_total:
            total, money_lines["total"] = values[-1], line
        elif TAX.search(line) and subtotal is not None:
            tax, money_lines["tax"] = values[-1], line
        elif SHIPPING.search(line) and subtotal is not None and len(values) == 1:
            shipping, money_lines["shipping"] = values[-1], line
    found_items = _line_items(lines)
    items = [item for item, _ in found_items]
    consistent = (
        subtotal is not None and tax is not None and total is not None and subtotal + tax + (shipping or Decimal("0")) == total
    )
    if consistent:
        money_confidence = 0.98
    elif total is not None and subtotal is None and tax is None:
        money_confidence = 0.8
    else:
        money_confidence = 0.5  # the figures found do not add up: a person must look
    for name, value in (("subtotal", subtotal), ("tax", tax), ("total", total)):
        result.set(name, f"{value:.2f}" if value is not None else None, money_confidence, money_lines.get(name))
    if shipping is not None:
        result.set("shipping", f"{shipping:.2f}", money_confidence, money_lines["shipping"])
    if found_items:
        result.evidence["line_items"] = [line for _, line in found_items]

    items_total = sum((Decimal(item["amount"]) for item in items), Decimal("0"))
    result.values["line_items"] = items
    result.confidence["line_items"] = (
        0.95 if items and subtotal is not None and items_total == subtotal else 0.6 if items else 0.0
    )
    result.values["totals_consistent"] = consistent
    return {**result.values, "confidence": result.confidence, "evidence": result.evidence}


def locate_evidence(evidence: dict, pages: list[dict]) -> tuple[dict, list[dict]]:
    """Each field's evidence line found on its page: {"page", "box", "text"} (the box as
    fractions of the page from its top left; page and box null where no page holds the line),
    and the same for each line item."""
    where: dict[str, tuple[int, list[float]]] = {}
    for page in pages:
        boxes = page.get("boxes") or []
        for index, line in enumerate(page["text"].split("\n")):
            key = normalise_line(line)
            if key and key not in where and index < len(boxes) and any(boxes[index]):
                where[key] = (page["number"], boxes[index])

    def one(line: str) -> dict:
        found = where.get(line)
        return {"page": found[0], "box": found[1], "text": line} if found else {"page": None, "box": None, "text": line}

    return {name: one(line) for name, line in evidence.items() if name != "line_items"}, [
        one(line) for line in evidence.get("line_items", [])
    ]
