"""Small pure rules of accounts payable: the normalised invoice number the duplicate check
compares, a due date from payment terms, and how many decimals a currency has."""

import re
from datetime import date, timedelta
from decimal import Decimal

from babel.numbers import get_currency_precision

from .matching import company_key

_GROUP = re.compile(r"\d+|[A-Z]+")


def normalize_number(number: str, vendor_name: str = "") -> str:
    """`INV-0042`, `inv 42` and `INV 0O42` are one number: case, spaces and punctuation are
    ignored, the letter O is read as a zero (OCR confuses them), each group of digits loses its
    leading zeros, and a prefix repeating the vendor's name (`ACME-INV-42` from Acme) is dropped."""
    tokens = re.findall(r"[A-Z0-9]+", number.upper())
    words = company_key(vendor_name).upper().split()
    prefixes = {word for word in words[:1] if len(word) >= 2}
    if len(words) > 1:
        prefixes.add("".join(word[0] for word in words))
    if len(tokens) > 1 and tokens[0] in prefixes:
        tokens = tokens[1:]
    groups = _GROUP.findall("".join(tokens).replace("O", "0"))
    return "".join(group.lstrip("0") or "0" if group.isdigit() else group for group in groups)[:60]


_NET_DAYS = re.compile(r"\b(?:net|netto|within|in)\s*(\d{1,3})\b|\b(\d{1,3})\s*days?\b", re.IGNORECASE)
_DISCOUNT = re.compile(r"\b(\d{1,2}(?:[.,]\d{1,2})?)\s*%?\s*/\s*(\d{1,3})\b")


def due_from_terms(invoice_date: date | None, terms: str) -> date | None:
    """The due date that payment terms such as `net 30`, `2/10 net 30` or `30 days` give an
    invoice dated `invoice_date`; None when the terms name no period."""
    if invoice_date is None or not terms:
        return None
    text = _DISCOUNT.sub(" ", terms)  # 2/10 is the discount window, not the term
    if re.search(r"\b(due on receipt|immediate|cash)\b", text, re.IGNORECASE):
        return invoice_date
    found = _NET_DAYS.search(text)
    if not found:
        return None
    return invoice_date + timedelta(days=int(found.group(1) or found.group(2)))


def discount_from_terms(terms: str) -> tuple[Decimal, int] | None:
    """The early-payment discount that terms such as `2/10 net 30` give: (2 percent, 10 days)."""
    found = _DISCOUNT.search(terms or "")
    if not found:
        return None
    percent = Decimal(found.group(1).replace(",", "."))
    return (percent, int(found.group(2))) if 0 < percent < 100 else None


def currency_exponent(currency: str) -> int:
    """Decimals of the currency's minor unit (ISO 4217 by CLDR): JPY 0, EUR 2, KWD 3."""
    return get_currency_precision(currency) if currency else 2


def decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
