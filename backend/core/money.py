"""The one definition of how money and quantities are stored and exchanged: Decimal, never float.
Models and serializers both spread these (`models.DecimalField(**MONEY)`)."""

from decimal import Decimal
from typing import TypedDict


class DecimalSpec(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: DecimalSpec = {"max_digits": 14, "decimal_places": 2}
QUANTITY: DecimalSpec = {"max_digits": 12, "decimal_places": 3}
# Sums of many amounts (reports) get two more digits than one amount.
MONEY_TOTAL: DecimalSpec = {"max_digits": 16, "decimal_places": 2}
ZERO = Decimal("0.00")


def format_money(amount: Decimal, currency: str) -> str:
    """`25,000.00 USD`: how messages show an amount."""
    return f"{amount:,.2f} {currency}"
