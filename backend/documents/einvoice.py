"""Structured e-invoices, read field by field instead of guessed from print: UN/CEFACT CII
(Factur-X, ZUGFeRD 2, XRechnung CII) and OASIS UBL 2.1 (Peppol BIS 3, XRechnung UBL), as an XML
upload or as the XML embedded in a Factur-X / ZUGFeRD PDF (taken out by the factur-x library in
the sandboxed child). Every value comes from its element, with `source: "xml"` and confidence 1.

The XML is untrusted: it is parsed by defusedxml with DTDs forbidden outright (so no entity can
be declared, let alone expanded or fetched) and only after its size was checked."""

import logging
import re
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings

from .inspection import unsafe

logger = logging.getLogger(__name__)
CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS = {
    "rsm": CII,
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
ROOTS = {f"{{{CII}}}CrossIndustryInvoice": "cii", f"{{{UBL_INVOICE}}}Invoice": "ubl", f"{{{UBL_CREDIT_NOTE}}}CreditNote": "ubl"}
# UNTDID 1001: the codes that make a document a credit note.
CREDIT_NOTE_CODES = {"381", "396", "532"}
NOT_AN_EINVOICE = "This XML file is not an e-invoice this system reads (UN/CEFACT CII, Factur-X, ZUGFeRD, XRechnung or UBL)."


def parse_einvoice(data: bytes) -> tuple[str, Element]:
    """(format, root) of an e-invoice, or a 422: `unsafe_xml` for a DTD or entity, `corrupt_file`
    for XML that does not parse, `not_an_einvoice` for XML of another kind."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise unsafe(
            "unsafe_xml", "This XML file declares a DTD or entities, which e-invoices never need; it was refused."
        ) from exc
    except (ParseError, ValueError) as exc:
        raise unsafe("corrupt_file", "This XML file is not well-formed and cannot be read.") from exc
    kind = ROOTS.get(root.tag)
    if kind is None:
        raise unsafe("not_an_einvoice", NOT_AN_EINVOICE)
    return kind, root


def _text(node: Element | None, path: str) -> str | None:
    if node is None:
        return None
    found = node.find(path, NS)
    value = (found.text or "").strip() if found is not None else ""
    return value or None


def _amount(node: Element | None, path: str, currency: str | None = None) -> str | None:
    """An amount element's value (the one in the invoice currency where several are given, as
    CII does for tax in an accounting currency), as a two-place string."""
    if node is None:
        return None
    candidates = node.findall(path, NS)
    if currency:
        candidates = [c for c in candidates if c.get("currencyID") in (None, currency)] or candidates
    for candidate in candidates:
        try:
            value = Decimal((candidate.text or "").strip())
        except InvalidOperation:
            continue
        if value.is_finite():
            return f"{value.quantize(Decimal('0.01')):f}"
    return None


def _number(value: str | None) -> Decimal | None:
    try:
        number = Decimal(value) if value else None
    except InvalidOperation:
        return None
    return number if number is not None and number.is_finite() else None


def _compact(value: str | None) -> str | None:
    return re.sub(r"\s+", "", value) if value else None


def _cii_date(node: Element | None, path: str) -> str | None:
    """CII dates are format 102, YYYYMMDD."""
    value = _text(node, path)
    if value and re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return None


def _iso_date(value: str | None) -> str | None:
    return value if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None


def _price(value: Decimal) -> str:
    """A unit price with its cents, and more places only where it has them (0.0125 per piece)."""
    cents = value.quantize(Decimal("0.01"))
    return f"{value.normalize():f}" if value != cents else f"{cents:f}"


def _line(description: str | None, quantity: str | None, price: str | None, basis: str | None, amount: str | None) -> dict | None:
    quantity_value, price_value, amount_value = _number(quantity), _number(price), _number(amount)
    if amount_value is None:
        return None
    basis_value = _number(basis)
    if price_value is not None and basis_value:
        price_value = price_value / basis_value  # a price per 100 pieces is a price per piece / 100
    return {
        "description": (description or "").strip()[:500],
        "quantity": f"{quantity_value.normalize():f}" if quantity_value is not None else None,
        "unit_price": _price(price_value) if price_value is not None else None,
        "amount": f"{amount_value.quantize(Decimal('0.01')):f}",
    }


def _read_cii(root: Element) -> dict:
    document = root.find("rsm:ExchangedDocument", NS)
    transaction = root.find("rsm:SupplyChainTradeTransaction", NS)
    agreement = transaction.find("ram:ApplicableHeaderTradeAgreement", NS) if transaction is not None else None
    settlement = transaction.find("ram:ApplicableHeaderTradeSettlement", NS) if transaction is not None else None
    seller = agreement.find("ram:SellerTradeParty", NS) if agreement is not None else None
    currency = _text(settlement, "ram:InvoiceCurrencyCode")
    totals = settlement.find("ram:SpecifiedTradeSettlementHeaderMonetarySummation", NS) if settlement is not None else None
    lines = []
    for item in transaction.findall("ram:IncludedSupplyChainTradeLineItem", NS) if transaction is not None else []:
        line = _line(
            _text(item, "ram:SpecifiedTradeProduct/ram:Name"),
            _text(item, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity"),
            _text(item, "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount"),
            _text(item, "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity"),
            _text(item, "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount"),
        )
        if line:
            lines.append(line)
    type_code = _text(document, "ram:TypeCode")
    return {
        "vendor_name": _text(seller, "ram:Name"),
        "vendor_tax_id": _text(seller, "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
        "invoice_number": _text(document, "ram:ID"),
        "invoice_date": _cii_date(document, "ram:IssueDateTime/udt:DateTimeString"),
        "due_date": _cii_date(settlement, "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString"),
        "currency": currency,
        "po_number": _text(agreement, "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
        "subtotal": _amount(totals, "ram:TaxBasisTotalAmount", currency),
        "tax": _amount(totals, "ram:TaxTotalAmount", currency),
        "total": _amount(totals, "ram:GrandTotalAmount", currency),
        "amount_due": _amount(totals, "ram:DuePayableAmount", currency),
        "iban": _compact(
            _text(settlement, "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID")
        ),
        "payment_terms": _text(settlement, "ram:SpecifiedTradePaymentTerms/ram:Description"),
        "kind": "credit_note" if type_code in CREDIT_NOTE_CODES else "invoice",
        "line_items": lines,
    }


def _read_ubl(root: Element) -> dict:
    credit_note = root.tag.endswith("}CreditNote")
    line_tag, quantity_tag = (
        ("cac:CreditNoteLine", "cbc:CreditedQuantity") if credit_note else ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    )
    party = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    currency = _text(root, "cbc:DocumentCurrencyCode")
    totals = root.find("cac:LegalMonetaryTotal", NS)
    vat = next(
        (
            _text(scheme, "cbc:CompanyID")
            for scheme in (party.findall("cac:PartyTaxScheme", NS) if party is not None else [])
            if _text(scheme, "cac:TaxScheme/cbc:ID") == "VAT"
        ),
        None,
    )
    lines = [
        line
        for item in root.findall(line_tag, NS)
        if (
            line := _line(
                _text(item, "cac:Item/cbc:Name"),
                _text(item, quantity_tag),
                _text(item, "cac:Price/cbc:PriceAmount"),
                _text(item, "cac:Price/cbc:BaseQuantity"),
                _text(item, "cbc:LineExtensionAmount"),
            )
        )
    ]
    type_code = _text(root, "cbc:CreditNoteTypeCode" if credit_note else "cbc:InvoiceTypeCode")
    return {
        "vendor_name": _text(party, "cac:PartyLegalEntity/cbc:RegistrationName") or _text(party, "cac:PartyName/cbc:Name"),
        "vendor_tax_id": vat,
        "invoice_number": _text(root, "cbc:ID"),
        "invoice_date": _iso_date(_text(root, "cbc:IssueDate")),
        "due_date": _iso_date(_text(root, "cbc:DueDate") or _text(root, "cac:PaymentMeans/cbc:PaymentDueDate")),
        "currency": currency,
        "po_number": _text(root, "cac:OrderReference/cbc:ID"),
        "subtotal": _amount(totals, "cbc:TaxExclusiveAmount", currency),
        "tax": _amount(root, "cac:TaxTotal/cbc:TaxAmount", currency),
        "total": _amount(totals, "cbc:TaxInclusiveAmount", currency),
        "amount_due": _amount(totals, "cbc:PayableAmount", currency),
        "iban": _compact(_text(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID")),
        "payment_terms": _text(root, "cac:PaymentTerms/cbc:Note"),
        "kind": "credit_note" if credit_note or type_code in CREDIT_NOTE_CODES else "invoice",
        "line_items": lines,
    }


def embedded_xml(pdf: bytes) -> bytes | None:
    """The invoice XML a Factur-X / ZUGFeRD 2 / XRechnung PDF carries as an attachment, taken out
    by the factur-x library (run in the sandboxed child: pypdf reads the untrusted PDF there); None
    for a PDF without one. The XML is not trusted for being embedded: read_einvoice parses it with
    the same defences as an upload."""
    import facturx

    logging.getLogger("factur-x").setLevel(logging.ERROR)  # "no XML found" is the common case, not a warning
    try:
        _name, xml = facturx.get_xml_from_pdf(pdf, check_xsd=False)
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on odd PDFs; the printed text is read instead
        logger.info("no e-invoice XML could be taken out of this PDF", exc_info=True)
        return None
    return xml if xml and len(xml) <= settings.DOCUMENT_MAX_XML_BYTES else None


def read_einvoice(data: bytes) -> dict:
    """The fields of an e-invoice, in the shape extract_invoice answers, each read from its
    element (confidence 1.0) or null when the invoice does not carry it (confidence 0)."""
    kind, root = parse_einvoice(data)
    values = _read_cii(root) if kind == "cii" else _read_ubl(root)
    subtotal, tax, total = (_number(values[name]) for name in ("subtotal", "tax", "total"))
    confidence = {name: (1.0 if value not in (None, []) else 0.0) for name, value in values.items() if name != "kind"}
    return {
        **values,
        "source": "xml",
        "format": kind,
        "totals_consistent": subtotal is not None and tax is not None and subtotal + tax == total,
        "confidence": confidence,
    }
