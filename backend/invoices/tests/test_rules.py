"""The small pure rules: the invoice number the duplicate check compares, a due date from
payment terms, and a currency's decimals."""

from datetime import date

import pytest

from invoices.rules import currency_exponent, due_from_terms, normalize_number

# --- normalize_number -----------------------------------------------------------------------


def test_case_spaces_punctuation_and_leading_zeros_are_ignored():
    assert normalize_number("INV-0042") == normalize_number("inv 42") == normalize_number("INV 0O42")


@pytest.mark.parametrize("number", ["INV-0042", "inv 42", "INV 0O42", "INV/42", "inv_00042", "I.N.V. 42"])
def test_spellings_of_one_number(number):
    assert normalize_number(number) == normalize_number("INV-42")


def test_letter_o_reads_as_zero():
    assert normalize_number("INV-1O5") == normalize_number("INV-105")


def test_vendor_prefix_is_dropped():
    assert normalize_number("ACME-INV-42", "Acme Corp") == normalize_number("INV-42", "Acme Corp")
    assert normalize_number("ACME-INV-42", "Acme Corp") == normalize_number("INV-42")


def test_vendor_prefix_is_kept_for_another_vendor():
    assert normalize_number("ACME-INV-42", "Northwind Traders") != normalize_number("INV-42", "Northwind Traders")


@pytest.mark.parametrize(
    "a, b",
    [("INV-42", "INV-43"), ("INV-42", "INV-420"), ("INV-42", "CRN-42"), ("INV-1", "INV-10")],
)
def test_different_numbers_differ(a, b):
    assert normalize_number(a) != normalize_number(b)


def test_zero_groups_keep_a_zero():
    assert normalize_number("INV-000") == normalize_number("INV-0") == normalize_number("inv 0O")
    assert normalize_number("INV-000") != normalize_number("INV")
    assert normalize_number("INV-0-1") == normalize_number("INV-00-01")
    # Punctuation is ignored first, so INV-0-1 is INV01, whose digits lose their leading zero.
    assert normalize_number("INV-0-1") == normalize_number("INV-1")


def test_a_vendor_prefix_with_the_letter_o_is_dropped_too():
    assert normalize_number("NORTHWIND-42", "Northwind Traders") == normalize_number("42", "Northwind Traders")
    assert normalize_number("AOS-INV-42", "Acme Office Supplies") == normalize_number("INV 42", "Acme Office Supplies")
    assert normalize_number("0") == normalize_number("000") != normalize_number("")


# --- due_from_terms -------------------------------------------------------------------------

DAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    "terms, days",
    [
        ("net 30", 30),
        ("Net 30", 30),
        ("NET30", 30),
        ("2/10 net 30", 30),
        ("2/10 Net 45", 45),
        ("30 days", 30),
        ("60 days net", 60),
        ("net 0", 0),
    ],
)
def test_terms_give_days(terms, days):
    assert (due_from_terms(DAY, terms) - DAY).days == days


def test_discount_window_is_not_the_term():
    assert due_from_terms(DAY, "2/10 net 30") == date(2026, 3, 31)
    assert due_from_terms(DAY, "2/10 net 30") != date(2026, 3, 11)


def test_due_on_receipt_is_the_invoice_date():
    assert due_from_terms(DAY, "due on receipt") == DAY
    assert due_from_terms(DAY, "Due on receipt") == DAY


@pytest.mark.parametrize("terms", ["as agreed", "end of month", "", "see contract"])
def test_unknown_terms_give_none(terms):
    assert due_from_terms(DAY, terms) is None


def test_no_invoice_date_gives_none():
    assert due_from_terms(None, "net 30") is None


# --- currency_exponent ----------------------------------------------------------------------


@pytest.mark.parametrize("currency, exponent", [("JPY", 0), ("KWD", 3), ("EUR", 2), ("USD", 2), ("BHD", 3)])
def test_currency_exponent(currency, exponent):
    assert currency_exponent(currency) == exponent
