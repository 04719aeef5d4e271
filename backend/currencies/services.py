"""Writing exchange rates: one by hand, or many from a CSV or an ECB reference-rate file.
Rates are reference data for the whole company; every write is audited."""

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree
from django.conf import settings
from django.db import transaction

from core.exceptions import ApplicationError
from core.services import audit_record

from .models import RATE, ExchangeRate

MAX_IMPORT_BYTES = 2 * 1024 * 1024  # the ECB's whole history since 1999 is about 1.6 MB as XML
MAX_IMPORT_ROWS = 50_000
ECB_NAMESPACE = "{http://www.ecb.int/vocabulary/2002-08-01/eurofxref}"
MAX_RATE = Decimal(10) ** (RATE["max_digits"] - RATE["decimal_places"])
RATE_STEP = Decimal(1).scaleb(-RATE["decimal_places"])


def _snapshot(rate: ExchangeRate) -> dict:
    return {"currency": rate.currency, "date": rate.date.isoformat(), "rate": str(rate.rate), "source": rate.source}


@transaction.atomic
def exchange_rate_set(*, actor, currency: str, day: date, rate: Decimal) -> ExchangeRate:
    """The rate of `currency` on `day`, entered by hand: created, or replaced if that day already
    has one (the requests already submitted keep the rate they were converted with)."""
    currency = currency.upper()
    if currency == settings.BASE_CURRENCY:
        raise ApplicationError(
            "validation_error",
            f"{currency} is the base currency: its rate is always 1.",
            fields={"currency": ["The base currency needs no rate."]},
        )
    existing = ExchangeRate.objects.select_for_update().filter(currency=currency, date=day).first()
    before = _snapshot(existing) if existing else None
    row, _ = ExchangeRate.objects.update_or_create(
        currency=currency,
        date=day,
        defaults={"rate": rate, "source": ExchangeRate.Source.MANUAL, "created_by": actor},
    )
    audit_record(
        actor=actor,
        action="exchange_rate.update" if existing else "exchange_rate.create",
        instance=row,
        before=before,
        after=_snapshot(row),
    )
    return row


def _rate(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        raise ValueError(f"{text!r} is not a number") from None
    if not value.is_finite() or value <= 0 or value >= MAX_RATE:
        raise ValueError(f"{text!r} is not a rate above 0 and below {MAX_RATE}")
    return value.quantize(RATE_STEP)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ValueError(f"{text!r} is not a date as YYYY-MM-DD") from None


def _currency(text: str) -> str:
    code = (text or "").strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise ValueError(f"{text!r} is not a 3-letter currency code")
    return code


def _parse_csv(text: str) -> list[tuple[str, date, Decimal]]:
    """`currency,date,rate` rows (a header row naming them, in any order): units of the base
    currency for one unit of `currency`."""
    reader = csv.DictReader(io.StringIO(text))
    columns = {name.strip().lower() for name in reader.fieldnames or []}
    if not {"currency", "date", "rate"} <= columns:
        raise ApplicationError(
            "invalid_rate_file",
            "The CSV needs a header row with the columns currency, date and rate.",
            fields={"file": ["Expected the columns currency, date, rate."]},
        )
    rows, errors = [], []
    for line, raw in enumerate(reader, start=2):
        row = {(key or "").strip().lower(): value for key, value in raw.items()}
        try:
            rows.append((_currency(row["currency"]), _day(row["date"]), _rate(row["rate"])))
        except ValueError as error:
            errors.append(f"Line {line}: {error}.")
        if len(errors) >= 20 or len(rows) > MAX_IMPORT_ROWS:
            break
    _raise_row_errors(errors)
    return rows


def _parse_ecb(content: bytes) -> list[tuple[str, date, Decimal]]:
    """The ECB's euro reference rates (eurofxref-daily.xml / -hist.xml): units of each currency
    for one euro. Converted to units of the base currency for one unit of each: with base EUR,
    1 / rate; otherwise the base currency's own rate of the day divided by the currency's."""
    try:
        root = ElementTree.fromstring(content, forbid_dtd=True)
    except Exception as error:  # defusedxml raises its own types for entities and DTDs
        raise ApplicationError(
            "invalid_rate_file", f"The XML file could not be read: {error}.", fields={"file": [str(error)]}
        ) from None
    base = settings.BASE_CURRENCY
    rows, errors = [], []
    for day_cube in root.iter(f"{ECB_NAMESPACE}Cube"):
        if "time" not in day_cube.attrib:
            continue
        try:
            day = _day(day_cube.attrib["time"])
            per_euro = {
                _currency(cube.attrib.get("currency", "")): _rate(cube.attrib.get("rate", ""))
                for cube in day_cube.findall(f"{ECB_NAMESPACE}Cube")
            }
        except ValueError as error:
            errors.append(f"{day_cube.attrib['time']}: {error}.")
            continue
        per_euro["EUR"] = Decimal(1)
        if base not in per_euro:
            errors.append(f"{day.isoformat()}: the file has no rate for the base currency {base}.")
            continue
        for currency, rate in per_euro.items():
            if currency != base:
                rows.append((currency, day, (per_euro[base] / rate).quantize(RATE_STEP)))
        if len(errors) >= 20 or len(rows) > MAX_IMPORT_ROWS:
            break
    _raise_row_errors(errors)
    if not rows:
        raise ApplicationError(
            "invalid_rate_file",
            "The XML file holds no ECB reference rates (Cube elements with time, currency and rate).",
            fields={"file": ["No rates found."]},
        )
    return rows


def _raise_row_errors(errors: list[str]) -> None:
    if errors:
        raise ApplicationError(
            "invalid_rate_file",
            f"The file has {len(errors)} invalid row(s); nothing was imported. {errors[0]}",
            fields={"file": errors},
        )


@transaction.atomic
def exchange_rates_import(*, actor, name: str, content: bytes) -> dict:
    """Import every rate of a CSV or ECB XML file, all or nothing: existing days are replaced.
    Answers how many rates were created and replaced."""
    if len(content) > MAX_IMPORT_BYTES:
        raise ApplicationError(
            "file_too_large",
            f"A rate file may be at most {MAX_IMPORT_BYTES // (1024 * 1024)} MB.",
            status_code=413,
        )
    is_xml = content.lstrip()[:1] == b"<"
    if is_xml:
        rows, source = _parse_ecb(content), ExchangeRate.Source.ECB
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ApplicationError(
                "invalid_rate_file", "The CSV file is not UTF-8 text.", fields={"file": ["Not UTF-8 text."]}
            ) from None
        rows, source = _parse_csv(text), ExchangeRate.Source.CSV
    if len(rows) > MAX_IMPORT_ROWS:
        raise ApplicationError("invalid_rate_file", f"A rate file may hold at most {MAX_IMPORT_ROWS} rates.")
    rows = [row for row in rows if row[0] != settings.BASE_CURRENCY]
    latest = {(currency, day): rate for currency, day, rate in rows}  # a repeated day: the last one wins
    existing = {
        (row.currency, row.date): row
        for row in ExchangeRate.objects.select_for_update().filter(
            currency__in={currency for currency, _ in latest}, date__in={day for _, day in latest}
        )
    }
    created, replaced = [], []
    for (currency, day), rate in latest.items():
        row = existing.get((currency, day))
        if row is None:
            created.append(ExchangeRate(currency=currency, date=day, rate=rate, source=source, created_by=actor))
        elif row.rate != rate or row.source != source:
            row.rate, row.source, row.created_by = rate, source, actor
            replaced.append(row)
    ExchangeRate.objects.bulk_create(created, batch_size=1000)
    ExchangeRate.objects.bulk_update(replaced, ["rate", "source", "created_by"], batch_size=1000)
    summary = {"created": len(created), "replaced": len(replaced), "unchanged": len(latest) - len(created) - len(replaced)}
    days = sorted(day for _, day in latest)
    if days:
        audit_record(
            actor=actor,
            action="exchange_rate.import",
            instance=(created or replaced or [next(iter(existing.values()))])[0],
            after={
                "file": name[:200],
                "source": source,
                "first_day": days[0].isoformat(),
                "last_day": days[-1].isoformat(),
                **summary,
            },
        )
    return summary
