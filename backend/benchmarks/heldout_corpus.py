"""Held-out synthetic invoice corpus.

Generates invoice PDFs (reportlab) plus one ground-truth JSON per PDF, spread over
about 24 layout families that are built from random combinations of layout parts.
The generator is deliberately independent of the invoice reader it is meant to test
and does not need Django.

Usage (from backend/):

    ../.venv/bin/python benchmarks/heldout_corpus.py OUT_DIR [--count 96] [--seed 7]

Writes OUT_DIR/hN-XXX.pdf and OUT_DIR/hN-XXX.json, where N is the family number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

FAMILY_COUNT = 24
CENT = Decimal("0.01")

# --------------------------------------------------------------------------- fonts

_FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
]
FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
UNICODE_FONT = False


def _register_fonts() -> None:
    """Use a TrueType font with full Latin coverage when one is available."""
    global FONT, FONT_BOLD, UNICODE_FONT
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for regular, bold in _FONT_CANDIDATES:
        if os.path.exists(regular) and os.path.exists(bold):
            try:
                pdfmetrics.registerFont(TTFont("HeldoutSans", regular))
                pdfmetrics.registerFont(TTFont("HeldoutSans-Bold", bold))
            except Exception:  # pragma: no cover - broken font file
                continue
            FONT, FONT_BOLD, UNICODE_FONT = "HeldoutSans", "HeldoutSans-Bold", True
            return


_FOLD = str.maketrans(
    {"ł": "l", "Ł": "L", "ś": "s", "Ś": "S", "ź": "z", "ż": "z", "Ż": "Z", "ć": "c", "ń": "n", "ą": "a", "ę": "e"}
)


def safe(text: str) -> str:
    """Fold characters that the built-in Helvetica (WinAnsi) cannot show."""
    return text if UNICODE_FONT else text.translate(_FOLD)


# --------------------------------------------------------------------------- languages

LANG: dict[str, dict[str, object]] = {
    "en": {
        "invoice": "INVOICE",
        "number": "Invoice number",
        "date": "Invoice date",
        "due": "Due date",
        "delivery": "Delivery date",
        "po": "PO number",
        "subtotal": "Subtotal",
        "vat": "VAT",
        "total": "Total",
        "desc": "Description",
        "qty": "Qty",
        "price": "Unit price",
        "amount": "Amount",
        "bill_to": "Bill to",
        "reg": "Registered in England and Wales, company no.",
        "vat_id": "VAT reg. no.",
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "month_fmt": "{m} {d}, {y}",
        "items": [
            "Consulting services",
            "Software licence",
            "Maintenance contract",
            "Installation",
            "Training session",
            "Cable set",
            "Server rack",
            "Support hours",
            "Travel expenses",
            "Office chairs",
        ],
        "cities": [("221 Baker Street", "London NW1 6XE", "United Kingdom"), ("12 King Road", "Leeds LS1 4AP", "United Kingdom")],
    },
    "de": {
        "invoice": "RECHNUNG",
        "number": "Rechnungsnummer",
        "date": "Rechnungsdatum",
        "due": "Fällig am",
        "delivery": "Lieferdatum",
        "po": "Bestellnummer",
        "subtotal": "Zwischensumme",
        "vat": "MwSt.",
        "total": "Gesamtbetrag",
        "desc": "Bezeichnung",
        "qty": "Menge",
        "price": "Einzelpreis",
        "amount": "Betrag",
        "bill_to": "Rechnungsempfänger",
        "reg": "Amtsgericht München HRB",
        "vat_id": "USt-IdNr.",
        "months": [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        "month_fmt": "{d}. {m} {y}",
        "items": [
            "Beratungsleistung",
            "Softwarelizenz",
            "Wartungsvertrag",
            "Montage",
            "Schulung",
            "Kabelsatz",
            "Serverschrank",
            "Supportstunden",
            "Reisekosten",
            "Bürostühle",
        ],
        "cities": [("Hauptstraße 12", "80331 München", "Deutschland"), ("Lindenweg 4", "10115 Berlin", "Deutschland")],
    },
    "fr": {
        "invoice": "FACTURE",
        "number": "N° de facture",
        "date": "Date de facture",
        "due": "Date d'échéance",
        "delivery": "Date de livraison",
        "po": "N° de commande",
        "subtotal": "Total HT",
        "vat": "TVA",
        "total": "Total TTC",
        "desc": "Désignation",
        "qty": "Quantité",
        "price": "Prix unitaire",
        "amount": "Montant",
        "bill_to": "Facturé à",
        "reg": "RCS Paris B",
        "vat_id": "N° TVA",
        "months": [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "month_fmt": "{d} {m} {y}",
        "items": [
            "Prestation de conseil",
            "Licence logicielle",
            "Contrat de maintenance",
            "Installation",
            "Formation",
            "Jeu de câbles",
            "Baie serveur",
            "Heures de support",
            "Frais de déplacement",
            "Chaises de bureau",
        ],
        "cities": [("12 rue de la Paix", "75002 Paris", "France"), ("8 avenue Foch", "69006 Lyon", "France")],
    },
    "es": {
        "invoice": "FACTURA",
        "number": "Número de factura",
        "date": "Fecha de factura",
        "due": "Fecha de vencimiento",
        "delivery": "Fecha de entrega",
        "po": "Número de pedido",
        "subtotal": "Base imponible",
        "vat": "IVA",
        "total": "Total",
        "desc": "Concepto",
        "qty": "Cantidad",
        "price": "Precio unitario",
        "amount": "Importe",
        "bill_to": "Facturar a",
        "reg": "Registro Mercantil de Madrid, hoja M-",
        "vat_id": "CIF",
        "months": [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        "month_fmt": "{d} de {m} de {y}",
        "items": [
            "Servicios de consultoría",
            "Licencia de software",
            "Contrato de mantenimiento",
            "Instalación",
            "Formación",
            "Juego de cables",
            "Armario de servidores",
            "Horas de soporte",
            "Gastos de viaje",
            "Sillas de oficina",
        ],
        "cities": [("Calle Mayor 15", "28013 Madrid", "España"), ("Avinguda Diagonal 200", "08018 Barcelona", "España")],
    },
    "nl": {
        "invoice": "FACTUUR",
        "number": "Factuurnummer",
        "date": "Factuurdatum",
        "due": "Vervaldatum",
        "delivery": "Leverdatum",
        "po": "Ordernummer",
        "subtotal": "Subtotaal",
        "vat": "BTW",
        "total": "Totaal",
        "desc": "Omschrijving",
        "qty": "Aantal",
        "price": "Prijs per stuk",
        "amount": "Bedrag",
        "bill_to": "Factuuradres",
        "reg": "KvK-nummer",
        "vat_id": "BTW-nummer",
        "months": [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "month_fmt": "{d} {m} {y}",
        "items": [
            "Advieswerkzaamheden",
            "Softwarelicentie",
            "Onderhoudscontract",
            "Installatie",
            "Training",
            "Kabelset",
            "Serverkast",
            "Supporturen",
            "Reiskosten",
            "Bureaustoelen",
        ],
        "cities": [("Keizersgracht 100", "1015 CX Amsterdam", "Nederland"), ("Coolsingel 40", "3011 AD Rotterdam", "Nederland")],
    },
    "it": {
        "invoice": "FATTURA",
        "number": "Numero fattura",
        "date": "Data fattura",
        "due": "Data di scadenza",
        "delivery": "Data di consegna",
        "po": "Numero ordine",
        "subtotal": "Imponibile",
        "vat": "IVA",
        "total": "Totale",
        "desc": "Descrizione",
        "qty": "Quantità",
        "price": "Prezzo unitario",
        "amount": "Importo",
        "bill_to": "Destinatario",
        "reg": "Registro Imprese di Milano REA MI-",
        "vat_id": "P.IVA",
        "months": [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ],
        "month_fmt": "{d} {m} {y}",
        "items": [
            "Servizi di consulenza",
            "Licenza software",
            "Contratto di manutenzione",
            "Installazione",
            "Corso di formazione",
            "Set di cavi",
            "Armadio server",
            "Ore di assistenza",
            "Spese di viaggio",
            "Sedie da ufficio",
        ],
        "cities": [("Via Roma 10", "20121 Milano", "Italia"), ("Corso Vittorio 5", "00186 Roma", "Italia")],
    },
    "pl": {
        "invoice": "FAKTURA VAT",
        "number": "Numer faktury",
        "date": "Data wystawienia",
        "due": "Termin płatności",
        "delivery": "Data dostawy",
        "po": "Numer zamówienia",
        "subtotal": "Razem netto",
        "vat": "VAT",
        "total": "Razem brutto",
        "desc": "Nazwa towaru lub usługi",
        "qty": "Ilość",
        "price": "Cena jedn.",
        "amount": "Wartość",
        "bill_to": "Nabywca",
        "reg": "KRS",
        "vat_id": "NIP",
        "months": [
            "stycznia",
            "lutego",
            "marca",
            "kwietnia",
            "maja",
            "czerwca",
            "lipca",
            "sierpnia",
            "września",
            "października",
            "listopada",
            "grudnia",
        ],
        "month_fmt": "{d} {m} {y}",
        "items": [
            "Usługi doradcze",
            "Licencja na oprogramowanie",
            "Umowa serwisowa",
            "Montaż",
            "Szkolenie",
            "Zestaw kabli",
            "Szafa serwerowa",
            "Godziny wsparcia",
            "Koszty podróży",
            "Krzesła biurowe",
        ],
        "cities": [("ul. Marszałkowska 10", "00-590 Warszawa", "Polska"), ("ul. Floriańska 3", "31-019 Kraków", "Polska")],
    },
    "sv": {
        "invoice": "FAKTURA",
        "number": "Fakturanummer",
        "date": "Fakturadatum",
        "due": "Förfallodatum",
        "delivery": "Leveransdatum",
        "po": "Ordernummer",
        "subtotal": "Summa exkl. moms",
        "vat": "Moms",
        "total": "Att betala",
        "desc": "Beskrivning",
        "qty": "Antal",
        "price": "À-pris",
        "amount": "Belopp",
        "bill_to": "Faktureras till",
        "reg": "Org.nr",
        "vat_id": "Momsreg.nr",
        "months": [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "month_fmt": "{d} {m} {y}",
        "items": [
            "Konsulttjänster",
            "Programvarulicens",
            "Serviceavtal",
            "Installation",
            "Utbildning",
            "Kabelsats",
            "Serverskåp",
            "Supporttimmar",
            "Resekostnader",
            "Kontorsstolar",
        ],
        "cities": [("Drottninggatan 20", "111 51 Stockholm", "Sverige"), ("Avenyn 8", "411 36 Göteborg", "Sverige")],
    },
    "pt": {
        "invoice": "FATURA",
        "number": "Número da fatura",
        "date": "Data da fatura",
        "due": "Data de vencimento",
        "delivery": "Data de entrega",
        "po": "Número da encomenda",
        "subtotal": "Subtotal",
        "vat": "IVA",
        "total": "Total",
        "desc": "Descrição",
        "qty": "Quantidade",
        "price": "Preço unitário",
        "amount": "Valor",
        "bill_to": "Faturar a",
        "reg": "Conservatória do Registo Comercial de Lisboa, NIPC",
        "vat_id": "NIF",
        "months": [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ],
        "month_fmt": "{d} de {m} de {y}",
        "items": [
            "Serviços de consultoria",
            "Licença de software",
            "Contrato de manutenção",
            "Instalação",
            "Formação",
            "Conjunto de cabos",
            "Armário de servidores",
            "Horas de suporte",
            "Despesas de deslocação",
            "Cadeiras de escritório",
        ],
        "cities": [("Rua Augusta 50", "1100-053 Lisboa", "Portugal"), ("Avenida dos Aliados 12", "4000-064 Porto", "Portugal")],
    },
}

SUFFIXES = ["GmbH", "SARL", "S.L.", "B.V.", "S.p.A.", "Sp. z o.o.", "AB", "Ltd", "Inc.", "LLC"]
NAME_STEMS = [
    "Nordlicht",
    "Falkenberg",
    "Brightwater",
    "Vasquez & Hijos",
    "Oranje Techniek",
    "Castello Forniture",
    "Kowalski Systemy",
    "Lindqvist",
    "Atlântico",
    "Meridian",
    "Bergmann",
    "Rivière",
    "Sunridge",
    "Delta Norte",
    "Van Dijk",
    "Polaris",
    "Arcadia",
    "Kestrel",
    "Montblanc Services",
    "Tagus",
]
CUSTOMER_STEMS = ["Helix", "Granite", "Bluebird", "Orion", "Silverline", "Quercus", "Nimbus", "Tessera", "Vantage", "Cobalt"]

CURRENCIES = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "SEK": "kr", "PLN": "zł"}
TAX_RATES = {
    "en": [20, 5],
    "de": [19, 7],
    "fr": [20, 5.5],
    "es": [21, 10],
    "nl": [21, 9],
    "it": [22, 10],
    "pl": [23, 8],
    "sv": [25, 12],
    "pt": [23, 6],
}

# Column orders for the item table (d = description, q = quantity, p = unit price, a = amount).
COLUMN_ORDERS = ["dqpa", "dpqa", "qdpa", "qdap", "dqap"]
# Thousands and decimal separators of each amount style.
NUMBER_SEPARATORS = {"comma_dot": (",", "."), "dot_comma": (".", ","), "space_comma": (" ", ","), "apos_dot": ("'", ".")}


# --------------------------------------------------------------------------- family


@dataclass(frozen=True)
class Family:
    number: int
    seller_pos: str  # left | right | center
    suffix: str
    language: str
    label_style: str  # colon | pairs | row
    number_style: str  # comma_dot | dot_comma | space_comma | apos_dot
    currency: str
    currency_mark: str  # code | symbol
    currency_side: str  # before | after
    date_style: str  # iso | dot | slash | month
    two_tax: bool
    bill_to: bool
    delivery_date: bool
    footer_reg: bool
    columns: str
    prints_due: bool
    table_currency: bool

    @property
    def id(self) -> str:
        return f"h{self.number}"

    def describe(self) -> str:
        extras = [
            name for name, on in (("billto", self.bill_to), ("delivery", self.delivery_date), ("footer", self.footer_reg)) if on
        ]
        return (
            f"{self.id}: {self.language} seller-{self.seller_pos} {self.suffix} labels-{self.label_style} "
            f"{self.number_style} {self.currency}/{self.currency_mark}-{self.currency_side} date-{self.date_style} "
            f"tax-{'2' if self.two_tax else '1'} cols-{self.columns} due-{'y' if self.prints_due else 'n'}"
            f" {'+'.join(extras) or 'no-distractors'}"
        )


def _balanced(seed: int, part: str, options: list[str]) -> list[str]:
    """Spread the options of one layout part evenly over the families, in a seed-dependent order."""
    repeated = (options * (FAMILY_COUNT // len(options) + 1))[:FAMILY_COUNT]
    random.Random(f"heldout:{seed}:part:{part}").shuffle(repeated)
    return repeated


def make_family(number: int, seed: int) -> Family:
    """The parts of family `number`; the same (number, seed) always gives the same family."""
    rng = random.Random(f"heldout:{seed}:family:{number}")
    languages = list(LANG)
    random.Random(f"heldout:{seed}:languages").shuffle(languages)

    def part(name: str, options: list[str]) -> str:
        return _balanced(seed, name, options)[(number - 1) % FAMILY_COUNT]

    return Family(
        number=number,
        seller_pos=part("seller_pos", ["left", "right", "center"]),
        suffix=part("suffix", SUFFIXES),
        language=languages[(number - 1) % len(languages)],
        label_style=part("label_style", ["colon", "pairs", "row"]),
        number_style=part("number_style", list(NUMBER_SEPARATORS)),
        currency=part("currency", list(CURRENCIES)),
        currency_mark=part("currency_mark", ["code", "symbol"]),
        currency_side=part("currency_side", ["before", "after"]),
        date_style=part("date_style", ["iso", "dot", "slash", "month"]),
        two_tax=part("two_tax", ["1", "2"]) == "2",
        bill_to=rng.random() < 0.6,
        delivery_date=rng.random() < 0.4,
        footer_reg=rng.random() < 0.6,
        columns=part("columns", COLUMN_ORDERS),
        prints_due=rng.random() < 0.75,
        table_currency=rng.random() < 0.3,
    )


# --------------------------------------------------------------------------- formatting


def money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def qty_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def group(digits: str, sep: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return sep.join(parts)


def fmt_number(value: Decimal, fam: Family) -> str:
    thousands, decimal = NUMBER_SEPARATORS[fam.number_style]
    text = money(value)
    sign = "-" if text.startswith("-") else ""
    whole, frac = text.lstrip("-").split(".")
    return f"{sign}{group(whole, thousands)}{decimal}{frac}"


def currency_mark(fam: Family) -> str:
    if fam.currency_mark == "code":
        return fam.currency
    symbol = CURRENCIES[fam.currency]
    if symbol == "zł" and not UNICODE_FONT:
        return fam.currency
    return symbol


def fmt_money(value: Decimal, fam: Family) -> str:
    number = fmt_number(value, fam)
    mark = currency_mark(fam)
    if fam.currency_side == "before":
        return f"{mark} {number}" if len(mark) > 1 else f"{mark}{number}"
    return f"{number} {mark}"


def fmt_qty(value: Decimal, fam: Family) -> str:
    text = qty_text(value)
    decimal = NUMBER_SEPARATORS[fam.number_style][1]
    return text.replace(".", decimal)


def fmt_date(value: dt.date, fam: Family) -> str:
    if fam.date_style == "iso":
        return value.isoformat()
    if fam.date_style == "dot":
        return value.strftime("%d.%m.%Y")
    if fam.date_style == "slash":
        return value.strftime("%d/%m/%Y")
    lang = LANG[fam.language]
    month = lang["months"][value.month - 1]  # type: ignore[index]
    return str(lang["month_fmt"]).format(d=value.day, m=month, y=value.year)


# --------------------------------------------------------------------------- document content


@dataclass
class Item:
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    rate: float


def build_document(fam: Family, index: int, seed: int) -> dict:
    rng = random.Random(f"heldout:{seed}:doc:{fam.number}:{index}")
    lang = LANG[fam.language]
    vendor = f"{rng.choice(NAME_STEMS)} {fam.suffix}"
    customer_suffix = rng.choice([s for s in SUFFIXES if s != fam.suffix])
    customer = f"{rng.choice(CUSTOMER_STEMS)} {rng.choice(['Trading', 'Holding', 'Logistics', 'Industries'])} {customer_suffix}"
    seller_addr = rng.choice(lang["cities"])  # type: ignore[arg-type]
    customer_addr = rng.choice(LANG[rng.choice(list(LANG))]["cities"])  # type: ignore[arg-type]

    invoice_date = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 800))
    due_date = invoice_date + dt.timedelta(days=rng.choice([14, 30, 45, 60])) if fam.prints_due else None
    delivery = invoice_date - dt.timedelta(days=rng.randrange(1, 12))
    prefix = rng.choice(["INV", "RE", "F", "FA", "2024-", "", "N"])
    invoice_number = f"{prefix}{'-' if prefix and not prefix.endswith('-') else ''}{rng.randrange(1000, 99999)}"
    po_number = f"PO-{rng.randrange(10000, 999999)}" if rng.random() < 0.5 else None

    rates = TAX_RATES[fam.language]
    items: list[Item] = []
    descriptions = rng.sample(lang["items"], rng.randint(1, 6))  # type: ignore[arg-type]
    for i, desc in enumerate(descriptions):
        if rng.random() < 0.25:
            quantity = Decimal(rng.choice(["0.5", "1.5", "2.25", "2.5", "7.5", "12.75"]))
        else:
            quantity = Decimal(rng.choice([1, 1, 2, 3, 4, 5, 10, 12, 25, 100]))
        scale = rng.choice([1, 10, 100, 1000])
        unit_price = (Decimal(rng.randrange(100, 99999)) / 100 * scale / 10).quantize(CENT, rounding=ROUND_HALF_UP)
        if unit_price <= 0:
            unit_price = Decimal("1.00")
        amount = (quantity * unit_price).quantize(CENT, rounding=ROUND_HALF_UP)
        rate = rates[1] if fam.two_tax and (i % 2 == 1) else rates[0]
        items.append(Item(desc, quantity, unit_price, amount, rate))
    if fam.two_tax and len(items) == 1:
        extra = rng.choice([d for d in lang["items"] if d not in descriptions])  # type: ignore[union-attr]
        price = Decimal(rng.randrange(500, 20000)) / 100
        items.append(Item(extra, Decimal(1), price, price, rates[1]))

    subtotal = sum((it.amount for it in items), Decimal("0"))
    tax_lines: list[tuple[float, Decimal, Decimal]] = []
    used_rates = [rates[0], rates[1]] if fam.two_tax else [rates[0]]
    for rate in used_rates:
        base = sum((it.amount for it in items if it.rate == rate), Decimal("0"))
        tax_lines.append((rate, base, (base * Decimal(str(rate)) / 100).quantize(CENT, rounding=ROUND_HALF_UP)))
    tax = sum((t[2] for t in tax_lines), Decimal("0"))
    total = subtotal + tax

    return {
        "rng": rng,
        "vendor": vendor,
        "seller_addr": seller_addr,
        "customer": customer,
        "customer_addr": customer_addr,
        "invoice_number": invoice_number,
        "invoice_date": invoice_date,
        "due_date": due_date,
        "delivery": delivery,
        "po_number": po_number,
        "items": items,
        "subtotal": subtotal,
        "tax_lines": tax_lines,
        "tax": tax,
        "total": total,
        "reg_no": f"{rng.randrange(10000, 999999)}",
        "vat_no": f"{fam.language.upper()}{rng.randrange(100000000, 999999999)}",
    }


def truth_for(fam: Family, doc: dict) -> dict:
    return {
        "vendor_name": doc["vendor"],
        "invoice_number": doc["invoice_number"],
        "invoice_date": doc["invoice_date"].isoformat(),
        "due_date": doc["due_date"].isoformat() if doc["due_date"] else None,
        "currency": fam.currency,
        "subtotal": money(doc["subtotal"]),
        "tax": money(doc["tax"]),
        "total": money(doc["total"]),
        "po_number": doc["po_number"],
        "line_items": [
            {
                "description": it.description,
                "quantity": qty_text(it.quantity),
                "unit_price": money(it.unit_price),
                "amount": money(it.amount),
            }
            for it in doc["items"]
        ],
        "family": fam.id,
        "language": fam.language,
        "split": "heldout",
    }


# --------------------------------------------------------------------------- rendering

PAGE_W, PAGE_H = A4
MARGIN = 45


def text(c: canvas.Canvas, x: float, y: float, s: str, size: float = 9.5, bold: bool = False, align: str = "left") -> None:
    c.setFont(FONT_BOLD if bold else FONT, size)
    s = safe(s)
    if align == "right":
        c.drawRightString(x, y, s)
    elif align == "center":
        c.drawCentredString(x, y, s)
    else:
        c.drawString(x, y, s)


def draw_seller(c: canvas.Canvas, fam: Family, doc: dict, y: float) -> float:
    lang = LANG[fam.language]
    street, city, country = doc["seller_addr"]
    lines = [street, city, country, f"{lang['vat_id']} {doc['vat_no']}"]
    if fam.seller_pos == "left":
        x, align = MARGIN, "left"
    elif fam.seller_pos == "right":
        x, align = PAGE_W - MARGIN, "right"
    else:
        x, align = PAGE_W / 2, "center"
    text(c, x, y, doc["vendor"], 15, bold=True, align=align)
    y -= 16
    for line in lines:
        text(c, x, y, line, 9, align=align)
        y -= 11.5
    return y


def meta_fields(fam: Family, doc: dict) -> list[tuple[str, str]]:
    lang = LANG[fam.language]
    fields = [(str(lang["number"]), doc["invoice_number"]), (str(lang["date"]), fmt_date(doc["invoice_date"], fam))]
    if fam.delivery_date:
        fields.append((str(lang["delivery"]), fmt_date(doc["delivery"], fam)))
    if doc["due_date"]:
        fields.append((str(lang["due"]), fmt_date(doc["due_date"], fam)))
    if doc["po_number"]:
        fields.append((str(lang["po"]), doc["po_number"]))
    return fields


def draw_meta(c: canvas.Canvas, fam: Family, doc: dict, y: float) -> float:
    fields = meta_fields(fam, doc)
    if fam.label_style == "colon":
        # One "Label: value" per line, in a block on the side opposite the seller (or left).
        x = PAGE_W / 2 + 40 if fam.seller_pos == "left" or fam.bill_to else MARGIN
        label_w = max(stringWidth(safe(f"{label}:"), FONT_BOLD, 9.5) for label, _ in fields) + 10
        for label, value in fields:
            text(c, x, y, f"{label}:", 9.5, bold=True)
            text(c, x + label_w, y, value, 9.5)
            y -= 13
        return y
    if fam.label_style == "pairs":
        # Two "Label: value" pairs per line.
        for i in range(0, len(fields), 2):
            for j, (label, value) in enumerate(fields[i : i + 2]):
                x = MARGIN + j * 260
                text(c, x, y, f"{label}: {value}", 9.5)
            y -= 13
        return y
    # Row of labels with the values in the row below.
    width = (PAGE_W - 2 * MARGIN) / len(fields)
    c.setLineWidth(0.5)
    c.line(MARGIN, y + 11, PAGE_W - MARGIN, y + 11)
    for i, (label, _value) in enumerate(fields):
        text(c, MARGIN + i * width, y, label, 8.5, bold=True)
    y -= 13
    for i, (_label, value) in enumerate(fields):
        text(c, MARGIN + i * width, y, value, 9.5)
    c.line(MARGIN, y - 5, PAGE_W - MARGIN, y - 5)
    return y - 14


def draw_bill_to(c: canvas.Canvas, fam: Family, doc: dict, y: float) -> float:
    lang = LANG[fam.language]
    street, city, country = doc["customer_addr"]
    x = MARGIN
    text(c, x, y, f"{lang['bill_to']}:", 9, bold=True)
    y -= 12
    for line in (doc["customer"], street, city, country):
        text(c, x, y, line, 9.5)
        y -= 11.5
    return y


def draw_table(c: canvas.Canvas, fam: Family, doc: dict, y: float) -> float:
    lang = LANG[fam.language]
    headers = {"d": str(lang["desc"]), "q": str(lang["qty"]), "p": str(lang["price"]), "a": str(lang["amount"])}
    widths = {"d": 235, "q": 60, "p": 105, "a": 105}
    cols = fam.columns
    xs = []
    x = MARGIN
    for key in cols:
        xs.append(x)
        x += widths[key]

    def cell(key: str, col: int, yy: float, s: str, bold: bool = False) -> None:
        if key == "d":
            text(c, xs[col] + 2, yy, s, 9, bold=bold)
        else:
            text(c, xs[col] + widths[key] - 4, yy, s, 9, bold=bold, align="right")

    c.setLineWidth(0.8)
    c.line(MARGIN, y + 12, x, y + 12)
    for col, key in enumerate(cols):
        cell(key, col, y, headers[key], bold=True)
    c.line(MARGIN, y - 4, x, y - 4)
    y -= 17

    def show_money(value: Decimal) -> str:
        return fmt_money(value, fam) if fam.table_currency else fmt_number(value, fam)

    for it in doc["items"]:
        values = {"d": it.description, "q": fmt_qty(it.quantity, fam), "p": show_money(it.unit_price), "a": show_money(it.amount)}
        for col, key in enumerate(cols):
            cell(key, col, y, values[key])
        y -= 14
    c.setLineWidth(0.5)
    c.line(MARGIN, y + 6, x, y + 6)
    return y - 8


def rate_text(rate: float, fam: Family) -> str:
    s = f"{rate:g}"
    if NUMBER_SEPARATORS[fam.number_style][1] == ",":
        s = s.replace(".", ",")
    return f"{s} %" if fam.language in ("de", "fr", "sv", "pl") else f"{s}%"


def draw_totals(c: canvas.Canvas, fam: Family, doc: dict, y: float) -> float:
    lang = LANG[fam.language]
    right = PAGE_W - MARGIN
    label_x = right - 250
    rows: list[tuple[str, Decimal, bool]] = [(str(lang["subtotal"]), doc["subtotal"], False)]
    for rate, base, amount in doc["tax_lines"]:
        label = f"{lang['vat']} {rate_text(rate, fam)}"
        if fam.two_tax:
            label += f" ({fmt_number(base, fam)})"
        rows.append((label, amount, False))
    rows.append((str(lang["total"]), doc["total"], True))
    for label, value, bold in rows:
        if bold:
            c.setLineWidth(0.8)
            c.line(label_x, y + 11, right, y + 11)
        text(c, label_x, y, f"{label}:" if fam.label_style != "row" else label, 10 if bold else 9.5, bold=bold)
        text(c, right, y, fmt_money(value, fam), 10 if bold else 9.5, bold=bold, align="right")
        y -= 15
    return y


def draw_footer(c: canvas.Canvas, fam: Family, doc: dict) -> None:
    lang = LANG[fam.language]
    street, city, country = doc["seller_addr"]
    c.setLineWidth(0.4)
    c.line(MARGIN, 58, PAGE_W - MARGIN, 58)
    line = f"{doc['vendor']} · {street} · {city} · {lang['reg']} {doc['reg_no']} · {lang['vat_id']} {doc['vat_no']}"
    text(c, PAGE_W / 2, 46, line, 7.5, align="center")


def render(path: Path, fam: Family, doc: dict) -> None:
    lang = LANG[fam.language]
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(f"{lang['invoice']} {doc['invoice_number']}")
    top = PAGE_H - MARGIN - 10
    y_seller = draw_seller(c, fam, doc, top)

    # Document title on the side opposite the seller block (or below it when centred).
    if fam.seller_pos == "left":
        text(c, PAGE_W - MARGIN, top, str(lang["invoice"]), 20, bold=True, align="right")
        y = y_seller - 16
    elif fam.seller_pos == "right":
        text(c, MARGIN, top, str(lang["invoice"]), 20, bold=True)
        y = y_seller - 16
    else:
        y = y_seller - 10
        text(c, PAGE_W / 2, y, str(lang["invoice"]), 18, bold=True, align="center")
        y -= 26

    if fam.bill_to and fam.label_style == "colon":
        # Bill-to block on one side, meta block on the other, side by side.
        # Bill-to block on the left, the colon block on the right half.
        y = min(draw_bill_to(c, fam, doc, y), draw_meta(c, fam, doc, y)) - 14
    else:
        if fam.bill_to:
            y = draw_bill_to(c, fam, doc, y) - 12
        y = draw_meta(c, fam, doc, y) - 14

    y = draw_table(c, fam, doc, y - 6)
    draw_totals(c, fam, doc, y - 6)
    if fam.footer_reg:
        draw_footer(c, fam, doc)
    c.showPage()
    c.save()


# --------------------------------------------------------------------------- main


def generate(out_dir: Path, count: int, seed: int, verbose: bool = True) -> list[Path]:
    _register_fonts()
    out_dir.mkdir(parents=True, exist_ok=True)
    families = [make_family(n, seed) for n in range(1, FAMILY_COUNT + 1)]
    if verbose:
        for fam in families:
            print(fam.describe())
    written = []
    per_family: dict[int, int] = {}
    for i in range(count):
        fam = families[i % FAMILY_COUNT]
        index = per_family.get(fam.number, 0) + 1
        per_family[fam.number] = index
        doc = build_document(fam, index, seed)
        stem = f"{fam.id}-{index:03d}"
        render(out_dir / f"{stem}.pdf", fam, doc)
        (out_dir / f"{stem}.json").write_text(json.dumps(truth_for(fam, doc), ensure_ascii=False, indent=2) + "\n")
        written.append(out_dir / f"{stem}.pdf")
    if verbose:
        print(f"wrote {len(written)} PDFs + truths to {out_dir}")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a held-out synthetic invoice corpus.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, default=96)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    generate(args.out_dir, args.count, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
