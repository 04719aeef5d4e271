"""The three-way match, case by case, as plain facts in and findings out: no database. Each
tolerance is tried just inside and just outside its boundary."""

from decimal import Decimal as D

from invoices.matching import (
    Facts,
    Line,
    LineRef,
    Order,
    OrderLine,
    OrderLineRef,
    Suspect,
    Tolerances,
    assign_lines,
    match,
)

DEFAULTS = Tolerances()
LINE_ID = 11
REQUESTER = 42
VENDOR = 7


def order_line(
    ordered="100", received="100", unit_price="10.00", invoiced_before="0", id=LINE_ID, position=1, description="Laptop"
):
    return OrderLine(
        id=id,
        position=position,
        description=description,
        ordered=D(ordered),
        received=D(received),
        unit_price=D(unit_price),
        invoiced_before=D(invoiced_before),
    )


def order(*lines, services=False, cancelled=False, currency="EUR", vendor_id=VENDOR, vendor_name="Northwind Traders"):
    lines = lines or (order_line(),)
    return Order(
        id=1,
        number="PO-1001",
        vendor_id=vendor_id,
        vendor_name=vendor_name,
        currency=currency,
        cancelled=cancelled,
        requester_id=REQUESTER,
        services=services,
        lines={line.id: line for line in lines},
    )


def line(quantity="1", unit_price="10.00", amount=None, position=1, po_line_id=LINE_ID, description="Laptop"):
    quantity = None if quantity is None else D(quantity)
    unit_price = None if unit_price is None else D(unit_price)
    if amount is None and quantity is not None and unit_price is not None:
        amount = quantity * unit_price
    return Line(
        position=position,
        description=description,
        quantity=quantity,
        unit_price=unit_price,
        amount=None if amount is None else D(amount),
        po_line_id=po_line_id,
    )


NOT_GIVEN = object()


def facts(
    *lines,
    po=NOT_GIVEN,
    kind="invoice",
    vendor_id=VENDOR,
    vendor_name="Northwind Traders",
    vendor_name_read="",
    currency="EUR",
    subtotal=NOT_GIVEN,
    tax="0",
    total=NOT_GIVEN,
    suspects=(),
):
    """An invoice whose header agrees with its lines unless told otherwise."""
    lines = lines or (line(),)
    lines_sum = sum((item.amount for item in lines if item.amount is not None), D("0"))
    tax = None if tax is None else D(tax)
    if subtotal is NOT_GIVEN:
        subtotal = lines_sum
    elif subtotal is not None:
        subtotal = D(subtotal)
    if total is NOT_GIVEN:
        total = (subtotal if subtotal is not None else lines_sum) + (tax or D("0"))
    elif total is not None:
        total = D(total)
    return Facts(
        kind=kind,
        vendor_id=vendor_id,
        vendor_name=vendor_name,
        vendor_name_read=vendor_name_read,
        currency=currency,
        subtotal=subtotal,
        tax=tax,
        total=total,
        lines=tuple(lines),
        order=order() if po is NOT_GIVEN else po,
        suspects=tuple(suspects),
    )


def codes(result):
    return [finding.code for finding in result.findings]


def only(result, code):
    found = [finding for finding in result.findings if finding.code == code]
    assert len(found) == 1, [(f.code, f.detail) for f in result.findings]
    return found[0]


def checks(result, name):
    return [check for check in result.checks if check["check"] == name]


# --- price_variance: 2 % and 25.00 per line, both must hold ---------------------------------


def test_clean_invoice_has_no_findings_and_is_complete():
    result = match(facts(line("12", "10.00")), DEFAULTS)
    assert result.findings == []
    assert result.complete and result.missing == []
    assert all(check["passed"] for check in result.checks)


def test_price_exactly_two_percent_over_passes():
    result = match(facts(line("12", "10.20")), DEFAULTS)
    assert codes(result) == []
    (price,) = checks(result, "price")
    assert price["passed"] is True


def test_price_just_over_two_percent_fails_on_percent():
    result = match(facts(line("12", "10.21")), DEFAULTS)
    finding = only(result, "price_variance")
    assert finding.owner == "procurement"
    assert finding.line_position == 1
    assert "+2.1 %" in finding.detail
    # 12 x 0.21 = 2.52: far inside 25.00, so the percent alone refused it.
    assert "+2.52" in finding.detail


def test_under_billing_passes():
    result = match(facts(line("12", "5.00")), DEFAULTS)
    assert codes(result) == []


def test_big_line_within_percent_but_at_the_amount_limit_passes():
    # 100.00 -> 102.00 is exactly 2 %; 12.5 x 2.00 = 25.00, exactly the amount tolerance.
    po = order(order_line(ordered="1000", received="1000", unit_price="100.00"))
    result = match(facts(line("12.5", "102.00"), po=po), DEFAULTS)
    assert codes(result) == []


def test_big_line_within_percent_but_over_the_amount_fails():
    # Still 2 %, but 12.51 x 2.00 = 25.02 over the order: above 25.00.
    po = order(order_line(ordered="1000", received="1000", unit_price="100.00"))
    result = match(facts(line("12.51", "102.00"), po=po), DEFAULTS)
    finding = only(result, "price_variance")
    assert finding.owner == "procurement" and finding.line_position == 1
    assert "+2.0 %" in finding.detail and "+25.02" in finding.detail


def test_big_line_small_percent_large_amount_fails():
    # 1000.00 -> 1010.00 is 1 %, but on 3 units that is 30.00 over.
    po = order(order_line(ordered="10", received="10", unit_price="1000.00"))
    assert codes(match(facts(line("3", "1010.00"), po=po), DEFAULTS)) == ["price_variance"]
    assert codes(match(facts(line("2", "1010.00"), po=po), DEFAULTS)) == []


def test_price_variance_sentence_has_the_numbers():
    result = match(facts(line("12", "10.50")), DEFAULTS)
    finding = only(result, "price_variance")
    assert finding.owner == "procurement"
    assert finding.line_position == 1
    assert finding.owner_user_id is None
    assert "invoiced 12 x 10.50 = 126.00; ordered at 10.00" in finding.detail
    assert "+5.0 %" in finding.detail
    assert "+6.00" in finding.detail
    assert "tolerance 2 % / 25.00" in finding.detail
    assert "PO-1001" in finding.detail
    assert finding.evidence["invoiced_price"] == "10.50" and finding.evidence["order_price"] == "10.00"


def test_price_variance_names_the_right_line():
    po = order(
        order_line(id=11, position=1, unit_price="10.00"),
        order_line(id=12, position=2, unit_price="20.00", description="Dock"),
    )
    result = match(
        facts(line("1", "10.00", position=1, po_line_id=11), line("1", "30.00", position=2, po_line_id=12), po=po), DEFAULTS
    )
    finding = only(result, "price_variance")
    assert finding.line_position == 2
    assert finding.detail.startswith("Line 2:")


def test_custom_price_tolerances():
    tolerances = Tolerances(price_percent=D("5"), price_amount=D("100.00"))
    assert codes(match(facts(line("12", "10.50")), tolerances)) == []
    assert codes(match(facts(line("12", "10.51")), tolerances)) == ["price_variance"]
    finding = only(match(facts(line("12", "10.51")), tolerances), "price_variance")
    assert "tolerance 5 % / 100.00" in finding.detail


# --- quantity: received (goods) and ordered -------------------------------------------------


def test_exactly_the_received_quantity_passes():
    po = order(order_line(ordered="200", received="100"))
    assert codes(match(facts(line("100", "10.00"), po=po), DEFAULTS)) == []


def test_a_fraction_beyond_received_is_a_hold_with_zero_tolerance():
    po = order(order_line(ordered="200", received="100"))
    result = match(facts(line("100.002", "10.00"), po=po), DEFAULTS)
    finding = only(result, "qty_not_received")
    assert finding.owner == "requester"
    assert finding.owner_user_id == REQUESTER
    assert finding.line_position == 1
    assert "100.002" in finding.detail and "100 of 200 received" in finding.detail
    assert "qty_over_ordered" not in codes(result)


def test_qty_not_received_on_an_order_without_requester():
    po = Order(
        id=2,
        number="PO-2",
        vendor_id=VENDOR,
        vendor_name="Northwind Traders",
        currency="EUR",
        cancelled=False,
        requester_id=None,
        lines={LINE_ID: order_line(ordered="10", received="0")},
    )
    finding = only(match(facts(line("1", "10.00"), po=po), DEFAULTS), "qty_not_received")
    assert finding.owner == "requester" and finding.owner_user_id is None


def test_nothing_received_yet_is_a_hold():
    po = order(order_line(ordered="10", received="0"))
    assert codes(match(facts(line("1", "10.00"), po=po), DEFAULTS)) == ["qty_not_received"]


def test_quantity_units_tolerance_larger_than_percent():
    # 2 units against 1 % of 100 received (1 unit): 2 units is the allowance.
    tolerances = Tolerances(quantity_units=D("2"), quantity_percent=D("1"))
    po = order(order_line(ordered="200", received="100"))
    assert codes(match(facts(line("102", "10.00"), po=po), tolerances)) == []
    assert codes(match(facts(line("102.001", "10.00"), po=po), tolerances)) == ["qty_not_received"]


def test_quantity_percent_tolerance_larger_than_units():
    # 5 % of 100 received (5 units) against 2 units: 5 units is the allowance.
    tolerances = Tolerances(quantity_units=D("2"), quantity_percent=D("5"))
    po = order(order_line(ordered="200", received="100"))
    assert codes(match(facts(line("105", "10.00"), po=po), tolerances)) == []
    assert codes(match(facts(line("105.001", "10.00"), po=po), tolerances)) == ["qty_not_received"]


def test_quantity_percent_tolerance_alone():
    tolerances = Tolerances(quantity_percent=D("10"))
    po = order(order_line(ordered="200", received="50"))
    assert codes(match(facts(line("55", "10.00"), po=po), tolerances)) == []
    assert codes(match(facts(line("55.01", "10.00"), po=po), tolerances)) == ["qty_not_received"]


def test_exactly_the_ordered_quantity_passes():
    po = order(order_line(ordered="10", received="10"))
    assert codes(match(facts(line("10", "10.00"), po=po), DEFAULTS)) == []


def test_beyond_ordered_is_qty_over_ordered_owned_by_finance():
    po = order(order_line(ordered="10", received="10"))
    result = match(facts(line("10.001", "10.00"), po=po), DEFAULTS)
    assert "qty_over_ordered" in codes(result)
    finding = only(result, "qty_over_ordered")
    assert finding.owner == "finance"
    assert finding.line_position == 1
    assert "10.001" in finding.detail and "10 ordered" in finding.detail


def test_over_ordered_with_tolerance():
    tolerances = Tolerances(quantity_units=D("1"), quantity_percent=D("5"))  # 5 % of 100 = 5
    po = order(order_line(ordered="100", received="200"))
    assert codes(match(facts(line("105", "10.00"), po=po), tolerances)) == []
    assert "qty_over_ordered" in codes(match(facts(line("105.001", "10.00"), po=po), tolerances))


def test_services_compare_against_ordered_only():
    po = order(order_line(ordered="10", received="0"), services=True)
    result = match(facts(line("10", "10.00"), po=po), DEFAULTS)
    assert codes(result) == []
    assert checks(result, "quantity_received") == []


def test_services_beyond_ordered_is_over_ordered_never_not_received():
    po = order(order_line(ordered="10", received="0"), services=True)
    result = match(facts(line("10.001", "10.00"), po=po), DEFAULTS)
    assert "qty_over_ordered" in codes(result)
    assert "qty_not_received" not in codes(result)


def test_services_with_partial_billing_history():
    po = order(order_line(ordered="10", received="0", invoiced_before="7"), services=True)
    assert codes(match(facts(line("3", "10.00"), po=po), DEFAULTS)) == []
    assert codes(match(facts(line("3.5", "10.00"), po=po), DEFAULTS)) == ["qty_over_ordered"]


# --- several invoices per line, partial receipts --------------------------------------------


def test_earlier_invoices_count_against_received():
    # 10 ordered, 6 received, 4 billed before: 2 more is fine, 3 more is not.
    po = order(order_line(ordered="10", received="6", invoiced_before="4"))
    assert codes(match(facts(line("2", "10.00"), po=po), DEFAULTS)) == []
    result = match(facts(line("3", "10.00"), po=po), DEFAULTS)
    finding = only(result, "qty_not_received")
    assert "invoiced so far 7 (this invoice 3)" in finding.detail
    assert finding.evidence["invoiced_before"] == "4" and finding.evidence["invoiced_so_far"] == "7"


def test_earlier_invoices_count_against_ordered():
    po = order(order_line(ordered="10", received="10", invoiced_before="8"))
    assert codes(match(facts(line("2", "10.00"), po=po), DEFAULTS)) == []
    assert "qty_over_ordered" in codes(match(facts(line("2.001", "10.00"), po=po), DEFAULTS))


def test_credit_notes_give_back_quantity():
    # 6 billed, 2 credited: invoiced_before is 4 net, so 2 more of the 6 received fit.
    po = order(order_line(ordered="10", received="6", invoiced_before="4"))
    assert codes(match(facts(line("2", "10.00"), po=po), DEFAULTS)) == []


def test_negative_net_from_credit_notes():
    # More credited than billed: net -2 before this invoice; 8 more reaches the 6 received.
    po = order(order_line(ordered="10", received="6", invoiced_before="-2"))
    assert codes(match(facts(line("8", "10.00"), po=po), DEFAULTS)) == []
    assert codes(match(facts(line("8.001", "10.00"), po=po), DEFAULTS)) == ["qty_not_received"]


def test_partial_receipt_on_one_of_two_lines():
    po = order(
        order_line(id=11, position=1, ordered="5", received="5"),
        order_line(id=12, position=2, ordered="5", received="2", description="Dock"),
    )
    result = match(
        facts(line("5", "10.00", position=1, po_line_id=11), line("3", "10.00", position=2, po_line_id=12), po=po),
        DEFAULTS,
    )
    finding = only(result, "qty_not_received")
    assert finding.line_position == 2
    assert "2 of 5 received" in finding.detail


# --- header: vendor, currency, cancelled, no PO, duplicates ---------------------------------


def test_different_vendor_id_is_vendor_mismatch():
    result = match(facts(vendor_id=8, vendor_name="Contoso"), DEFAULTS)
    finding = only(result, "vendor_mismatch")
    assert finding.owner == "finance"
    assert "Contoso" in finding.detail and "Northwind Traders" in finding.detail


def test_printed_vendor_with_legal_form_passes():
    result = match(facts(vendor_name_read="Northwind Traders Ltd"), DEFAULTS)
    assert codes(result) == []
    (printed,) = checks(result, "vendor_printed")
    assert printed["passed"] is True


def test_printed_vendor_punctuation_and_case_pass():
    assert codes(match(facts(vendor_name_read="NORTHWIND TRADERS, LTD."), DEFAULTS)) == []


def test_printed_vendor_clearly_another_company_is_vendor_mismatch():
    result = match(facts(vendor_name_read="Contoso Pharmaceuticals GmbH"), DEFAULTS)
    finding = only(result, "vendor_mismatch")
    assert finding.owner == "finance"
    assert "Contoso Pharmaceuticals GmbH" in finding.detail


def test_currency_mismatch():
    result = match(facts(currency="USD"), DEFAULTS)
    finding = only(result, "currency_mismatch")
    assert finding.owner == "finance"
    assert "USD" in finding.detail and "EUR" in finding.detail


def test_cancelled_order():
    result = match(facts(po=order(cancelled=True)), DEFAULTS)
    finding = only(result, "po_cancelled")
    assert finding.owner == "finance" and "PO-1001" in finding.detail


def test_invoice_without_order_is_no_po():
    result = match(facts(line("1", "10.00", po_line_id=None), po=None), DEFAULTS)
    assert codes(result) == ["no_po"]
    assert only(result, "no_po").owner == "finance"


def test_credit_note_without_order_is_not_no_po():
    result = match(facts(line("1", "10.00", po_line_id=None), po=None, kind="credit_note"), DEFAULTS)
    assert codes(result) == []


def test_duplicate_suspect():
    suspect = Suspect(invoice_id=99, number="INV-42", reason="same normalised number")
    result = match(facts(suspects=[suspect]), DEFAULTS)
    finding = only(result, "duplicate_suspect")
    assert finding.owner == "finance"
    assert "INV-42" in finding.detail and "99" in finding.detail and "same normalised number" in finding.detail
    assert finding.evidence["other_invoices"] == [99]


def test_two_duplicate_suspects_are_one_hold_naming_both():
    suspects = [Suspect(99, "INV-42", "same number"), Suspect(100, "", "same vendor and total")]
    [finding] = match(facts(suspects=suspects), DEFAULTS).findings
    assert finding.code == "duplicate_suspect" and finding.evidence["other_invoices"] == [99, 100]
    assert "INV-42 (id 99)" in finding.detail and "100 (id 100)" in finding.detail


# --- totals ---------------------------------------------------------------------------------

# An order at 100.00 a unit, so the totals cases raise no price finding of their own.
AT_100 = order(order_line(unit_price="100.00"))


def test_header_sum_off_by_a_cent_passes():
    result = match(facts(line("1", "100.00"), po=AT_100, subtotal="100.00", tax="20.00", total="120.01"), DEFAULTS)
    assert codes(result) == []


def test_header_sum_off_by_more_than_a_cent_is_totals_inconsistent():
    result = match(facts(line("1", "100.00"), po=AT_100, subtotal="100.00", tax="20.00", total="120.02"), DEFAULTS)
    finding = only(result, "totals_inconsistent")
    assert finding.owner == "finance"
    assert finding.detail == "Subtotal 100.00 + tax 20.00 = 120.00, but the total is 120.02."


def test_line_amount_off_by_a_cent_passes_beyond_fails():
    inside = match(facts(line("3", "10.00", amount="30.01"), subtotal="30.01"), DEFAULTS)
    assert codes(inside) == []
    outside = match(facts(line("3", "10.00", amount="30.02"), subtotal="30.02"), DEFAULTS)
    finding = only(outside, "totals_inconsistent")
    assert finding.line_position == 1
    assert finding.detail == "Line 1: 3 x 10.00 = 30.00, but the line says 30.02."


def test_lines_sum_equal_to_subtotal_is_not_an_accepted_difference():
    result = match(facts(line("1", "100.00"), po=AT_100), DEFAULTS)
    (check,) = checks(result, "lines_sum")
    assert check["passed"] is True and check["accepted_difference"] is False


def test_lines_sum_within_header_difference_is_accepted_and_recorded():
    result = match(facts(line("1", "100.00"), po=AT_100, subtotal="101.00", tax="0", total="101.00"), DEFAULTS)
    assert codes(result) == []
    (check,) = checks(result, "lines_sum")
    assert check["passed"] is True
    assert check["accepted_difference"] is True
    assert D(check["difference"]) == D("1.00")


def test_lines_sum_above_header_difference_is_a_hold():
    result = match(facts(line("1", "100.00"), po=AT_100, subtotal="101.01", tax="0", total="101.01"), DEFAULTS)
    finding = only(result, "totals_inconsistent")
    assert finding.owner == "finance"
    assert "100.00" in finding.detail and "101.01" in finding.detail and "1.01" in finding.detail
    assert "above the 1.00 accepted" in finding.detail
    (check,) = checks(result, "lines_sum")
    assert check["passed"] is False


def test_lines_sum_below_subtotal_within_difference_is_accepted():
    result = match(facts(line("1", "100.00"), po=AT_100, subtotal="99.00", tax="0", total="99.00"), DEFAULTS)
    assert codes(result) == []
    (check,) = checks(result, "lines_sum")
    assert check["accepted_difference"] is True


def test_lines_sum_against_total_less_tax_without_subtotal():
    accepted = match(facts(line("1", "100.00"), po=AT_100, subtotal=None, tax="20.00", total="121.00"), DEFAULTS)
    assert codes(accepted) == []
    held = match(facts(line("1", "100.00"), po=AT_100, subtotal=None, tax="20.00", total="121.01"), DEFAULTS)
    assert "total less tax" in only(held, "totals_inconsistent").detail


def test_custom_header_difference():
    tolerances = Tolerances(header_difference=D("5.00"))
    assert codes(match(facts(line("1", "100.00"), po=AT_100, subtotal="105.00"), tolerances)) == []
    held = match(facts(line("1", "100.00"), po=AT_100, subtotal="105.01"), tolerances)
    assert "above the 5.00 accepted" in only(held, "totals_inconsistent").detail


# --- credit notes ---------------------------------------------------------------------------


def test_credit_note_has_no_price_or_quantity_checks():
    po = order(order_line(ordered="1", received="0", unit_price="10.00"))
    result = match(facts(line("50", "99.00"), po=po, kind="credit_note"), DEFAULTS)
    assert codes(result) == []
    assert checks(result, "price") == []
    assert checks(result, "quantity_ordered") == [] and checks(result, "quantity_received") == []


def test_credit_note_still_gets_header_and_totals_checks():
    result = match(facts(line("1", "10.00"), kind="credit_note", currency="USD", total="11.00", subtotal="10.00"), DEFAULTS)
    assert sorted(codes(result)) == ["currency_mismatch", "totals_inconsistent"]


# --- currencies without cents (JPY) and with mills (KWD) ------------------------------------


def test_jpy_integer_amounts_match():
    po = order(order_line(ordered="5", received="5", unit_price="1000"), currency="JPY")
    result = match(facts(line("3", "1000"), po=po, currency="JPY", subtotal="3000", tax="300", total="3300"), DEFAULTS)
    assert codes(result) == []


def test_jpy_price_variance_sentence():
    po = order(order_line(ordered="5", received="5", unit_price="1000"), currency="JPY")
    result = match(facts(line("3", "1100"), po=po, currency="JPY"), DEFAULTS)
    detail = only(result, "price_variance").detail
    # Whole yen, nothing lost or invented: 3 x 1100 = 3300 against 1000, +10 %, +300.
    assert "invoiced 3 x 1100 = 3300; ordered at 1000 on" in detail
    assert "+10.0 % (+300), tolerance 2 % / 25." in detail


def test_jpy_one_yen_header_difference_is_inconsistent():
    po = order(order_line(ordered="5", received="5", unit_price="1000"), currency="JPY")
    result = match(facts(line("3", "1000"), po=po, currency="JPY", subtotal="3000", tax="300", total="3301"), DEFAULTS)
    detail = only(result, "totals_inconsistent").detail
    assert "Subtotal 3000" in detail and "tax 300" in detail and "= 3300" in detail and "total is 3301" in detail


def test_jpy_lines_sum_within_one_yen_is_accepted():
    po = order(order_line(ordered="5", received="5", unit_price="1000"), currency="JPY")
    result = match(facts(line("3", "1000"), po=po, currency="JPY", subtotal="3001"), DEFAULTS)
    assert codes(result) == []
    assert checks(result, "lines_sum")[0]["accepted_difference"] is True
    held = match(facts(line("3", "1000"), po=po, currency="JPY", subtotal="3002"), DEFAULTS)
    assert codes(held) == ["totals_inconsistent"]


def test_kwd_three_decimal_amounts_match():
    po = order(order_line(ordered="10", received="10", unit_price="1.234"), currency="KWD")
    result = match(facts(line("3", "1.234"), po=po, currency="KWD", tax="0.185"), DEFAULTS)
    assert codes(result) == []


def test_kwd_price_variance_sentence_keeps_the_mills():
    po = order(order_line(ordered="10", received="10", unit_price="1.234"), currency="KWD")
    result = match(facts(line("3", "1.300"), po=po, currency="KWD"), DEFAULTS)
    detail = only(result, "price_variance").detail
    # 3 x 1.300 = 3.900 against 1.234: +5.3 %, +0.198 (three decimals, not rounded to cents).
    assert "invoiced 3 x 1.30" in detail and "= 3.90" in detail
    assert "ordered at 1.234" in detail
    assert "+5.3 %" in detail and "(+0.198)" in detail


def test_kwd_line_amount_sentence_keeps_the_mills():
    po = order(order_line(ordered="10", received="10", unit_price="1.234"), currency="KWD")
    result = match(facts(line("3", "1.234", amount="3.750"), po=po, currency="KWD"), DEFAULTS)
    finding = only(result, "totals_inconsistent")
    assert "3 x 1.234 = 3.702, but the line says 3.75" in finding.detail


def test_kwd_header_sum_within_and_beyond_a_hundredth():
    po = order(order_line(ordered="10", received="10", unit_price="1.234"), currency="KWD")
    inside = match(facts(line("3", "1.234"), po=po, currency="KWD", subtotal="3.702", tax="0.185", total="3.887"), DEFAULTS)
    assert codes(inside) == []
    edge = match(facts(line("3", "1.234"), po=po, currency="KWD", subtotal="3.702", tax="0.185", total="3.897"), DEFAULTS)
    assert codes(edge) == []
    outside = match(facts(line("3", "1.234"), po=po, currency="KWD", subtotal="3.702", tax="0.185", total="3.898"), DEFAULTS)
    detail = only(outside, "totals_inconsistent").detail
    assert detail == "Subtotal 3.702 + tax 0.185 = 3.887, but the total is 3.898."


# --- incomplete facts -----------------------------------------------------------------------


def test_missing_vendor():
    result = match(facts(vendor_id=None), DEFAULTS)
    assert result.missing == ["vendor"] and not result.complete
    assert result.as_json()["complete"] is False


def test_missing_currency():
    result = match(facts(currency=""), DEFAULTS)
    assert result.missing == ["currency"] and not result.complete


def test_missing_total():
    result = match(facts(total=None), DEFAULTS)
    assert result.missing == ["total"] and not result.complete


def test_missing_lines():
    result = match(
        Facts(
            kind="invoice",
            vendor_id=VENDOR,
            vendor_name="Northwind Traders",
            vendor_name_read="",
            currency="EUR",
            subtotal=D("10.00"),
            tax=D("0"),
            total=D("10.00"),
            lines=(),
            order=order(),
        ),
        DEFAULTS,
    )
    assert result.missing == ["lines"] and not result.complete


def test_missing_everything():
    result = match(
        Facts(
            kind="invoice",
            vendor_id=None,
            vendor_name="",
            vendor_name_read="",
            currency="",
            subtotal=None,
            tax=None,
            total=None,
            lines=(),
            order=None,
        ),
        DEFAULTS,
    )
    assert result.missing == ["vendor", "currency", "total", "lines"]
    assert not result.complete


def test_po_line_without_quantity_or_price_is_missing():
    assert "line quantities and prices" in match(facts(line(None, "10.00", amount="10.00")), DEFAULTS).missing
    assert "line quantities and prices" in match(facts(line("1", None, amount="10.00")), DEFAULTS).missing


def test_unassigned_line_without_quantity_is_not_missing():
    result = match(facts(line(None, None, amount="15.00", po_line_id=None, description="Freight")), DEFAULTS)
    assert result.complete


# --- assign_lines ---------------------------------------------------------------------------


ORDER_LINES = [
    OrderLineRef(id=1, description="Laptop", quantity=D("2"), unit_price=D("1200.00")),
    OrderLineRef(id=2, description="USB mouse", quantity=D("2"), unit_price=D("25.00")),
]


def test_assign_lines_by_description():
    lines = [
        LineRef("USB mouse", D("2"), D("25.00")),
        LineRef("Laptop 14in", D("2"), D("1200.00")),
        LineRef("Freight", D("1"), D("50.00")),
    ]
    assert assign_lines(lines, ORDER_LINES) == {0: 2, 1: 1}


def test_assign_lines_leaves_freight_unassigned():
    assert assign_lines([LineRef("Freight", D("1"), D("25.00"))], ORDER_LINES) == {}


def test_assign_lines_uses_each_po_line_once():
    lines = [LineRef("Laptop 14in", D("1"), D("1200.00")), LineRef("Laptop 14in", D("1"), D("1200.00"))]
    assigned = assign_lines(lines, ORDER_LINES)
    assert list(assigned.values()) == [1]


def test_assign_lines_without_prices_or_quantities():
    lines = [LineRef("Laptop 14in", None, None), LineRef("USB mouse", None, None)]
    assert assign_lines(lines, ORDER_LINES) == {0: 1, 1: 2}
