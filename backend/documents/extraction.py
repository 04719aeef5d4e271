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
# 9,87,054.01 (Indian lakh grouping) first; a match never stops inside a longer number (9.87 is not
# read out of 9,87,054.01).
AMOUNT = (
    r"(?<![\d.,'])-?(?:\d{1,2}(?:,\d{2})+,\d{3}\.\d{2}|\d{1,3}(?:[,.' \u00a0\u202f]\d{3})*[.,]\d{2}|\d+[.,]\d{2})"
    r"(?![\d%]|[.,]\d)"
)
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
    r"fattura\s*n[°o.]*",
    r"n(?:umero|\.)\s*(?:di\s*)?fattura",
    r"faktura\s*(?:vat\s*)?(?:nr|numer)\.?",
    r"numer\s*faktury",
    r"fakturanummer",
    r"fakturanr\.?",
    r"fatura\s*n[°oº.]*",
    r"n[úu]mero\s*da\s*fatura",
    r"invoice\s*id",
    r"bill\s*number",
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
    r"scadenza",
    r"data\s*(?:di\s*)?scadenza",
    r"termin\s*p[łl]atno[śs]ci",
    r"f[öo]rfallodag(?:en)?",
    r"f[öo]rfallodatum",
    r"vencimento",
    r"data\s*de\s*vencimento",
    r"betalen\s*voor",
    r"payable\s*by",
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
    r"data\s*(?:della\s*)?fattura",
    r"data\s*wystawienia",
    r"fakturadatum",
    r"data\s*da\s*fatura",
    r"data\s*de\s*emiss[ãa]o",
    r"date\s*de\s*facture",
    r"fecha\s*de\s*(?:la\s*)?factura",
    r"invoice\s*issued",
    r"data",
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
    r"imponibile",
    r"totale\s*imponibile",
    r"warto[śs][ćc]\s*netto",
    r"suma\s*netto",
    r"summa\s*exkl\.?\s*moms",
    r"nettobelopp",
    r"valor\s*l[íi]quido",
    r"total\s*sem\s*iva",
    r"taxable\s*(?:value|amount)",
)
TAX = _labels(
    r"tax",
    r"vat",
    r"mwst\.?",
    r"ust\.?",
    r"gst",
    r"hst",
    r"pst",
    r"tva",
    r"iva",
    r"btw",
    r"sales\s*tax",
    r"umsatzsteuer",
    r"[csi]gst",
    r"qst",
    r"moms",
    r"vat\s*amount",
    r"tax\s*amount",
    r"kwota\s*vat",
    r"podatek(?:\s*vat)?",
    r"imposta",
    r"impuesto",
    r"imposto",
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
    r"totale",
    r"totale\s*fattura",
    r"razem",
    r"do\s*zap[łl]aty",
    r"warto[śs][ćc]\s*brutto",
    r"summa",
    r"att\s*betala",
    r"total\s*a\s*pagar",
    r"valor\s*total",
    r"te\s*betalen",
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
    r"totale\s*(?:da\s*pagare|fattura|documento)",
    r"do\s*zap[łl]aty",
    r"att\s*betala",
    r"total\s*a\s*pagar",
    r"te\s*betalen",
    r"amount\s*payable",
    r"total\s*payable",
    r"montant\s*(?:total|à\s*payer)",
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
    r"fattura",
    r"faktura",
    r"fatura",
    r"sold\s*to",
    r"invoice\s*to",
    r"customer",
    r"client",
    r"kunde",
    r"remit\s*to",
    r"credit\s*note",
    r"gutschrift",
    r"avoir",
)
OUR_PO = re.compile(r"\bPO-\d{4}-\d{6}\b")
LINE_ITEM = re.compile(
    rf"^(?P<description>.+?)\s+(?P<quantity>\d+(?:[.,]\d{{1,3}})?)\s*(?:x\s*)?(?:pcs|stk|ea|h)?\s+"
    rf"(?:[£€$]|[A-Z]{{3}}\s)?\s*(?P<unit_price>{AMOUNT})\s*(?:[£€$])?\s+"
    rf"(?:[£€$]|[A-Z]{{3}}\s)?\s*(?P<amount>{AMOUNT})\s*(?:[£€$]|[A-Z]{{3}})?$"
)


# Dates printed beside the invoice date that are not it.
OTHER_DATE = _labels(
    r"delivery\s*date",
    r"date\s*of\s*(?:delivery|supply|service)",
    r"service\s*(?:date|period)",
    r"order\s*date",
    r"ship(?:ping|ment)?\s*date",
    r"lieferdatum",
    r"leistungs(?:datum|zeitraum)",
    r"bestelldatum",
    r"date\s*de\s*livraison",
    r"fecha\s*de\s*entrega",
    r"leverdatum",
    r"period",
    r"printed",
)
# Labels that give no value of their own here but end the value of the label before them.
OTHER_LABEL = _labels(r"page", r"customer\s*(?:no\.?|number|id)", r"account\s*(?:no\.?|number)", r"vat\s*(?:no|id|reg)\.?")
# Short labels of an invoice number, read only where no full label is printed.
WEAK_NUMBER = _labels(
    r"bill\s*(?:no\.?|#)", r"folio", r"document\s*(?:no\.?|number|#)", r"ref(?:erence)?\.?(?:\s*no\.?)?", r"no\.", r"nr\.", r"#"
)
NOT_BEFORE_WEAK_NUMBER = re.compile(
    r"(?:vat|tax|tel|phone|fax|order|customer|account|kunden|client|ust|steuer|iban|reg|registration|company|po|p\.o)\W*$", re.I
)
LABEL_KINDS = [
    ("due_date", DUE_DATE),
    ("other_date", OTHER_DATE),
    ("invoice_date", INVOICE_DATE),
    ("invoice_number", INVOICE_NUMBER),
    ("po_number", PO_LABEL),
    ("subtotal", SUBTOTAL),
    ("strong_total", STRONG_TOTAL),
    ("total", TOTAL),
    ("tax", TAX),
    ("shipping", SHIPPING),
    ("other", OTHER_LABEL),
]
TIME = re.compile(r"^\d{1,2}:\d{2}")
QUALIFIED = re.compile(
    r"(?:excl|incl|exkl|inkl|including|excluding|zzgl|ohne|without|before|after|hors|avant|sin|con|plus|w/o|\+)\.?\s*\(?$", re.I
)


def label_segments(line: str) -> list[tuple[str, str, int]]:
    """The labels printed on a line, in order, each with the text that follows it up to the next
    label: "Invoice date: 02.11.2026 Due date: 02.12.2026" is two labels with a date each, and
    "Subtotal 100.00 VAT 19.00 Total 119.00" three with an amount each. Where labels overlap the
    longer wins ("Due date" over "date", "Total VAT" is a total label then a tax label)."""
    found = []
    for kind, pattern in LABEL_KINDS:
        for match in pattern.finditer(line):
            found.append((match.start(), match.end(), kind))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in found:
        if kept and start < kept[-1][1]:
            continue  # inside a longer label found first
        if kept and kind == "tax" and QUALIFIED.search(line[kept[-1][1] : start]):
            continue  # "Total incl. VAT", "Net amount excl. tax": part of the label before
        kept.append((start, end, kind))
    segments = []
    for index, (start, end, kind) in enumerate(kept):
        stop = kept[index + 1][0] if index + 1 < len(kept) else len(line)
        segments.append((kind, line[end:stop], start))
    return segments


def _number_from(segment: str) -> str | None:
    value = re.sub(r"^[\s:#.\-–]*", "", segment).strip()
    value = re.split(r"\s{2,}", value)[0]
    # A receipt prints the time next to the number; a date may follow on the same line.
    words = []
    for word in value.split(" "):
        if TIME.match(word) or find_date(word) or (words and not re.search(r"\d", word)):
            break
        words.append(word)
    value = " ".join(words).strip(" .,;")
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-/._ ]{0,30}", value) and re.search(r"\d", value):
        return value
    return None


LEGAL_ENTITY = re.compile(
    r"(?<![^\W\d_])(?:gmbh|ag|kg|ohg|ug|ltd|limited|llc|l\.l\.c|inc|corp|co|plc|llp|s\.?a\.?r\.?l|sarl|sas|s\.?a|s\.?l|s\.?p\.?a|"
    r"s\.?r\.?l|b\.?v|n\.?v|oy|ab|as|a/s|aps|sp\.?\s*z\s*o\.?\s*o|pvt|pty|lda|kft|s\.?r\.?o)\.?(?![^\W\d_])",
    re.I,
)
# A block that names the buyer (or someone else than the seller): its lines are not the vendor.
OTHER_PARTY = _labels(
    r"bill(?:ed)?\s*to",
    r"ship(?:ped)?\s*to",
    r"sold\s*to",
    r"invoice\s*to",
    r"deliver\s*to",
    r"remit(?:tance)?\s*to",
    r"customer",
    r"client",
    r"kunde",
    r"rechnungsempf[äa]nger",
    r"lieferadresse",
    r"destinataire",
    r"factur[ée]\s*[àa]",
    r"cliente",
    r"nabywca",
    r"odbiorca",
    r"kund",
    r"buyer",
)
ADDRESS = re.compile(
    r"@|www\.|https?:|\b(?:tel|phone|fax|e-?mail|iban|bic|swift|vat|ust|tax\s*id)\b|"
    r"\b\d{4,6}\b.*[A-Za-z]|\b(?:str(?:a(?:ss|ß)e|\.)|street|st\.|road|rd\.|avenue|ave\.|rue|via|calle|weg|laan|plein|"
    r"ul\.|gatan|vägen|rua|suite|floor|box)\b",
    re.I,
)


def vendor_candidate(lines: list[str]) -> str | None:
    """The seller's name: near the top of the first page, best with a legal-entity suffix, never
    an address, a contact line, a label, or a line of the "bill to / ship to / customer" block."""
    best, best_score = None, 0.0
    buyer_follows = False
    for index, line in enumerate(lines[:15]):
        party = OTHER_PARTY.search(line)
        if party and (party.start() == 0 or line[party.end() :].lstrip().startswith(":")):
            buyer_follows = True  # the next name is the buyer's (its address lines are left out anyway)
            continue
        if (
            not re.search(r"[^\W\d_]{3}", line)
            or len(line) > 70
            or sum(char.isdigit() for char in line) * 2 > sum(char.isalpha() for char in line)  # an id, not a name
            or NOT_A_VENDOR.search(line)
            or ADDRESS.search(line)
            or amounts_in(line)
            or find_date(line)
            or any(kind != "other" for kind, _, _ in label_segments(line))
        ):
            continue
        if buyer_follows:
            buyer_follows = False
            continue
        score = 1.0 - index * 0.05 + (2.0 if LEGAL_ENTITY.search(line) else 0.0)
        if score > best_score:
            best, best_score = line, score
    return best


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

    candidate = vendor_candidate(lines)
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

    segmented = [(line, label_segments(line)) for line in lines]

    # Invoice number: behind a full label, else behind a short one ("#", "No.", "Folio").
    number = number_line = None
    for line, segments in segmented:
        number = next((value for kind, rest, _ in segments if kind == "invoice_number" and (value := _number_from(rest))), None)
        if number:
            number_line = line
            break
    if number is None:
        for line in lines:
            for match in WEAK_NUMBER.finditer(line):
                if NOT_BEFORE_WEAK_NUMBER.search(line[: match.start()]):
                    continue
                number = _number_from(line[match.end() :])
                if number:
                    number_line = line
                    break
            if number:
                break
    result.set("invoice_number", number, 0.9 if number_line and INVOICE_NUMBER.search(number_line) else 0.75, number_line)

    # Dates: each from behind its own label (a delivery or order date is not the invoice date);
    # where a row of labels has no values, the row below holds them in the same order.
    dates: dict[str, tuple[DateCandidate, str]] = {}
    for index, (line, segments) in enumerate(segmented):
        date_labels = [(kind, rest) for kind, rest, _ in segments if kind in ("due_date", "other_date", "invoice_date")]
        if date_labels and all(not rest.strip(" :.-") for _, rest in date_labels) and index + 1 < len(lines):
            below = lines[index + 1]
            found = [find_date(match.group()) for _kind, pattern in DATE_PATTERNS for match in pattern.finditer(below)]
            found = [candidate for candidate in found if candidate]
            if len(found) == len(date_labels):
                for (kind, _), candidate in zip(date_labels, found, strict=True):
                    dates.setdefault(kind, (candidate, below))
                continue
        for kind, rest in date_labels:
            candidate = find_date(rest)
            if candidate:
                dates.setdefault(kind, (candidate, line))
    issued, issued_line = dates.get("invoice_date", (None, None))
    due, due_line = dates.get("due_date", (None, None))
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
    if issued_date and due_date and due_date < issued_date:
        due_date, due_line = None, None  # payment never falls due before the invoice: not read right
    result.set("invoice_date", issued_date.isoformat() if issued_date else None, date_confidence, issued_line)
    result.set("due_date", due_date.isoformat() if due_date else None, date_confidence, due_line)
    result.set("currency", currency, currency_confidence)

    # PO number: ours when printed, else what follows a purchase-order label.
    po = OUR_PO.search(text)
    if po:
        result.set("po_number", po.group(), 0.98, next(line for line in lines if po.group() in line))
    else:
        value = po_line = None
        for line, segments in segmented:
            for kind, rest, _ in segments:
                token = re.sub(r"^[\s:#.\-–]*", "", rest).split(" ")[0] if kind == "po_number" else ""
                if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-/]{2,30}", token) and re.search(r"\d", token):
                    value, po_line = token, line
                    break
            if value:
                break
        result.set("po_number", value, 0.7, po_line)

    # Totals: candidates from behind each label; the assignment that adds up wins.
    found_items = _line_items(lines)
    items = [item for item, _ in found_items]
    money = _money(segmented, items)
    subtotal, tax, shipping, total = (money.values.get(name) for name in ("subtotal", "tax", "shipping", "total"))
    consistent = money.consistent
    if consistent:
        money_confidence = 0.98
    elif total is not None and subtotal is None and tax is None:
        money_confidence = 0.8
    else:
        money_confidence = 0.5  # the figures found do not add up: a person must look
    for name in ("subtotal", "tax", "total"):
        value = money.values.get(name)
        result.set(name, f"{value:.2f}" if value is not None else None, money_confidence, money.lines.get(name))
    if shipping is not None:
        result.set("shipping", f"{shipping:.2f}", money_confidence, money.lines["shipping"])
    if money.candidates:
        result.values["candidates"] = {name: [f"{value:.2f}" for value in values] for name, values in money.candidates.items()}
    if found_items:
        result.evidence["line_items"] = [line for _, line in found_items]

    items_total = sum((Decimal(item["amount"]) for item in items), Decimal("0"))
    result.values["line_items"] = items
    result.confidence["line_items"] = (
        0.95 if items and subtotal is not None and items_total == subtotal else 0.6 if items else 0.0
    )
    result.values["totals_consistent"] = consistent
    return {**result.values, "confidence": result.confidence, "evidence": result.evidence}


@dataclass
class Money:
    values: dict = field(default_factory=dict)  # subtotal, tax, shipping, total (Decimal)
    lines: dict = field(default_factory=dict)  # the line each was read from
    consistent: bool = False
    candidates: dict = field(default_factory=dict)  # a field left empty because its candidates disagree


def _money(segmented: list[tuple[str, list]], items: list[dict]) -> Money:
    """Subtotal, tax and total chosen so that the document adds up: subtotal + taxes (+ shipping)
    = total, and the line items sum to the subtotal. Taxes split over several lines (CGST + SGST,
    two VAT rates) are summed; a tax printed only as a rate is worked out. Where no assignment
    adds up, a field whose labelled candidates disagree stays empty (its candidates kept), rather
    than a guess a clerk would trust."""
    found: dict[str, list[tuple[Decimal, str]]] = {"subtotal": [], "tax": [], "shipping": [], "strong_total": [], "total": []}
    rates: list[Decimal] = []
    for line, segments in segmented:
        for kind, rest, _ in segments:
            if kind not in found:
                continue
            values = amounts_in(rest)
            if values:
                found[kind].append((values[-1], line))
            elif kind == "tax" and (rate := re.search(r"(\d{1,2}(?:[.,]\d{1,2})?)\s*%", rest)):
                rates.append(Decimal(rate.group(1).replace(",", ".")))
    items_total = sum((Decimal(item["amount"]) for item in items), Decimal("0")) if items else None
    subtotals = [value for value, _ in found["subtotal"]] or ([items_total] if items_total is not None else [])
    taxes = [value for value, _ in found["tax"]]
    tax_options = list(dict.fromkeys([*taxes[::-1], *([sum(taxes, Decimal("0"))] if len(taxes) > 1 else [])]))
    totals = [value for value, _ in found["strong_total"][::-1]] + [value for value, _ in found["total"][::-1]]
    shipping = found["shipping"][-1][0] if found["shipping"] else Decimal("0")

    def line_of(kind: str, value: Decimal) -> str | None:
        return next((line for amount, line in found[kind] if amount == value), None)

    money = Money()
    for total in totals:
        for subtotal in subtotals[::-1]:
            options = tax_options or [(subtotal * rate / 100).quantize(CENT) for rate in rates] or [Decimal("0")]
            for tax in options:
                if subtotal + tax + shipping == total and (tax or subtotal == total):
                    money.values = {"subtotal": subtotal, "tax": tax, "total": total}
                    money.lines = {
                        "subtotal": line_of("subtotal", subtotal),
                        "tax": line_of("tax", tax) if tax in taxes else (found["tax"][-1][1] if found["tax"] else None),
                        "total": line_of("strong_total", total) or line_of("total", total),
                    }
                    if shipping:
                        money.values["shipping"], money.lines["shipping"] = shipping, found["shipping"][-1][1]
                    money.consistent = True
                    return money
    # Nothing adds up: a field's value where its labels agree on one; none where they disagree.
    strong = list(dict.fromkeys(value for value, _ in found["strong_total"]))
    for name, values in (("subtotal", subtotals), ("tax", taxes), ("total", strong if len(strong) == 1 else totals)):
        distinct = list(dict.fromkeys(values))
        if len(distinct) == 1:
            money.values[name] = distinct[0]
            money.lines[name] = next(
                (line for kind in (name, "strong_total") for amount, line in found.get(kind, []) if amount == distinct[0]), None
            )
        elif distinct:
            money.candidates[name] = distinct
    if found["shipping"] and "subtotal" in money.values:
        money.values["shipping"], money.lines["shipping"] = shipping, found["shipping"][-1][1]
    return money


def locate_evidence(evidence: dict, pages: list[dict]) -> tuple[dict, list[dict]]:
    """Each field's evidence line found on its page: {"page", "box", "text"} (the box from the
    page's top left, in PDF points, or pixels for an image; page and box null where no page holds
    the line), and the same for each line item."""
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


# --- Learning a vendor's layout from a correction -------------------------------------------

# The fields a correction can teach, and how their values are printed.
LEARNABLE = {
    "invoice_number": "text",
    "po_number": "text",
    "invoice_date": "date",
    "due_date": "date",
    "subtotal": "amount",
    "tax": "amount",
    "total": "amount",
}
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/.#_]{0,40}")


def _spans(line: str, kind: str, value: str) -> list[tuple[int, int]]:
    """Where `value` is printed on `line`, in whatever style the line prints it."""
    if kind == "text":
        at = line.casefold().find(value.casefold())
        return [(at, at + len(value))] if at >= 0 and value else []
    if kind == "amount":
        wanted = Decimal(value)
        return [match.span() for match in AMOUNT_RE.finditer(line) if parse_amount(match.group()) == wanted]
    wanted_day = date.fromisoformat(value)
    spans = []
    for _kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(line):
            found = find_date(match.group())
            if found and wanted_day in (found.day_first, found.month_first):
                spans.append(match.span())
    return spans


def _label(text: str) -> str:
    """The words in front of a value, as a label to look for: the last few, folded, without the
    punctuation that joins them to the value."""
    words = re.sub(r"[\s:#.\-–=]+$", "", text).split()
    return " ".join(words[-4:]).casefold()


def learn_label(text: str, field_name: str, value: str) -> str | None:
    """The label this document prints `value` behind (on the same line), or None when the value
    is not printed, or printed with no words before it."""
    kind = LEARNABLE.get(field_name)
    if kind is None or not value:
        return None
    for line in map(normalise_line, text.splitlines()):
        for start, _end in _spans(line, kind, value):
            label = _label(line[:start])
            if re.search(r"[^\W\d_]{2}", label):
                return label
    return None


def _value_behind(line: str, label: str, kind: str):
    at = line.casefold().find(label)
    if at < 0:
        return None
    rest = re.sub(r"^[\s:#.\-–=]+", "", line[at + len(label) :])
    if kind == "text":
        token = TOKEN.match(rest)
        return token.group().rstrip(".") if token and re.search(r"\d", token.group()) else None
    if kind == "amount":
        values = amounts_in(rest)
        return f"{values[0]:.2f}" if values else None
    found = find_date(rest)
    picked = found.pick(month_first=False) if found else None
    return picked.isoformat() if picked and not found.ambiguous else None


def apply_hints(extracted: dict, text: str, hints: dict[str, str]) -> dict:
    """A vendor's learned labels applied to its document: a field printed behind its label is
    taken from there (confidence 0.9) and listed in `learned`. Nothing else changes."""
    lines = [line for line in map(normalise_line, text.splitlines()) if line]
    learned = []
    for field_name, label in hints.items():
        kind = LEARNABLE.get(field_name)
        for line in lines if kind else []:
            value = _value_behind(line, label, kind)
            if value is not None:
                extracted[field_name] = value
                extracted["confidence"][field_name] = 0.9
                extracted["evidence"][field_name] = line
                learned.append(field_name)
                break
    if learned:
        amounts = [extracted.get(name) for name in ("subtotal", "tax", "total")]
        if None not in amounts:
            subtotal, tax, total = (Decimal(amount) for amount in amounts)
            extracted["totals_consistent"] = subtotal + tax + Decimal(extracted.get("shipping") or "0") == total
    extracted["learned"] = sorted(learned)
    return extracted
