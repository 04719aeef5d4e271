"""Reading exchange rates: the rate of a currency on a day, and amounts converted with it."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import QuerySet

from core.exceptions import ApplicationError

from .models import ExchangeRate

ONE = Decimal("1")
CENT = Decimal("0.01")


def exchange_rate_list(*, filters: dict | None = None) -> QuerySet[ExchangeRate]:
    """Every rate (they are company-wide reference data), newest first."""
    filters = filters or {}
    qs = ExchangeRate.objects.select_related("created_by")
    if currency := filters.get("currency"):
        qs = qs.filter(currency=currency.upper())
    if since := filters.get("date_from"):
        qs = qs.filter(date__gte=since)
    if until := filters.get("date_to"):
        qs = qs.filter(date__lte=until)
    return qs


def rate_on(*, currency: str, day: date) -> Decimal | None:
    """Units of the base currency for one unit of `currency` on `day`: the latest rate dated on
    or before it, at most EXCHANGE_RATE_MAX_AGE_DAYS old (no rate is published on weekends);
    None when no such rate is known. The base currency is 1."""
    currency = currency.upper()
    if currency == settings.BASE_CURRENCY:
        return ONE
    oldest = day - timedelta(days=settings.EXCHANGE_RATE_MAX_AGE_DAYS)
    return (
        ExchangeRate.objects.filter(currency=currency, date__lte=day, date__gte=oldest)
        .order_by("-date")
        .values_list("rate", flat=True)
        .first()
    )


def convert(amount: Decimal, rate: Decimal) -> Decimal:
    """`amount` times `rate`, to the cent, half up (the way an invoice rounds)."""
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def to_base(*, amount: Decimal, currency: str, day: date) -> tuple[Decimal, Decimal]:
    """(rate, amount in the base currency) for `amount` of `currency` on `day`; 400
    `no_exchange_rate` when no rate is known for that day."""
    rate = rate_on(currency=currency, day=day)
    if rate is None:
        raise ApplicationError(
            "no_exchange_rate",
            f"No exchange rate from {currency} to {settings.BASE_CURRENCY} is known for {day.isoformat()}: "
            "ask finance to enter one.",
            fields={"currency": [f"No {currency} rate for {day.isoformat()}."]},
        )
    return rate, convert(amount, rate)
