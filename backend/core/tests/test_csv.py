"""csv_text keeps a spreadsheet from running text as a formula."""

import csv
import io
from decimal import Decimal

import pytest

from core.csv import csv_text


def cells(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    "payload", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")', "=cmd|' /C calc'!A0"]
)
def test_text_that_a_spreadsheet_would_run_gets_a_leading_quote(payload):
    [row] = cells(csv_text(["name"], [{"name": payload}]))
    assert row["name"] == "'" + payload


@pytest.mark.parametrize(
    "value, written",
    [
        (Decimal("-12.50"), "-12.50"),
        (-3, "-3"),
        (-0.5, "-0.5"),
        ("-12.50", "-12.50"),
        ("-7", "-7"),
        ("Acme = Co", "Acme = Co"),
        ("a-b", "a-b"),
        ("", ""),
        (None, ""),
    ],
)
def test_numbers_and_plain_text_are_written_unchanged(value, written):
    [row] = cells(csv_text(["amount"], [{"amount": value}]))
    assert row["amount"] == written


def test_a_negative_amount_text_with_more_after_it_is_still_quoted():
    [row] = cells(csv_text(["a"], [{"a": "-12.50\n=1"}]))
    assert row["a"] == "'-12.50\n=1"
