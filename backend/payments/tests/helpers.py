"""Approved invoices to pay, vendor and company accounts, the official pain.001 schema, and a
camt.053 statement written the way a bank books the transfers of a pain.001 file."""

from datetime import date
from decimal import Decimal
from importlib.resources import files
from xml.etree import ElementTree as ET

import xmlschema
from django.utils import timezone

from conftest import bearer_client
from invoices.models import Invoice
from invoices.tests.helpers import INVOICES, Setup, by_hand, ordered
from payments.models import CompanyBankAccount, VendorBankAccount
from purchases.tests.factories import UserFactory
from users.models import Role

RUNS = "/api/payment-runs/"
STATEMENTS = "/api/bank-statements/"
COMPANY_IBAN = "DE89370400440532013000"
MUELLER_IBAN, MUELLER_BIC = "DE02120300000000202051", "BYLADEM1001"
VANDIJK_IBAN, VANDIJK_BIC = "NL91ABNA0417164300", "ABNANL2A"
PAIN = "{urn:iso:std:iso:20022:tech:xsd:pain.001.001.03}"
# The official ISO 20022 schema, as sepaxml ships it: the tests validate the stored bytes with
# xmlschema themselves, not through the library's own export check.
PAIN_001_001_03 = xmlschema.XMLSchema(str(files("sepaxml") / "schemas" / "pain.001.001.03.xsd"))


def company_account(iban=COMPANY_IBAN) -> CompanyBankAccount:
    return CompanyBankAccount.objects.create(name="Main", holder="Example Corp", iban=iban, bic="COBADEFFXXX", is_default=True)


def confirmed_account(setup: Setup, *, iban=MUELLER_IBAN, bic=MUELLER_BIC, currency="EUR", **extra) -> VendorBankAccount:
    return VendorBankAccount.objects.create(
        vendor=setup.order.vendor,
        holder=setup.order.vendor.name,
        iban=iban,
        bic=bic,
        currency=currency,
        is_default=True,
        status="confirmed",
        entered_by=setup.org.procurement,
        confirmed_by=setup.org.finance,
        confirmed_at=timezone.now(),
        **extra,
    )


def approved(setup: Setup, *, number: str, quantity="1", unit_price="1200.00", **extra) -> Invoice:
    """An invoice entered by finance for received goods: it matches and approves itself."""
    response = bearer_client(setup.org.finance).post(
        INVOICES, by_hand(setup, number=number, quantity=quantity, unit_price=unit_price, **extra), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "APPROVED", response.json()
    return Invoice.objects.get(pk=response.json()["id"])


def eur_order(name="Müller Industriebedarf GmbH", items=(("Drill", "2", "1200.00"),), org=None, vendor=None) -> Setup:
    setup = ordered(items=items, vendor_name=name, currency="EUR", org=org, vendor=vendor)
    for line in setup.order.lines.all():
        setup.receive(str(line.quantity), line=line)
    return setup


def second_finance(setup: Setup):
    return UserFactory(role=Role.FINANCE, department=setup.org.department)


def pain_payments(xml: bytes) -> list[dict]:
    """The credit transfers of a pain.001.001.03 file, as a bank reads them."""
    root = ET.fromstring(xml)
    found = []
    for tx in root.iter(f"{PAIN}CdtTrfTxInf"):
        found.append(
            {
                "end_to_end_id": tx.findtext(f"{PAIN}PmtId/{PAIN}EndToEndId"),
                "amount": Decimal(tx.findtext(f"{PAIN}Amt/{PAIN}InstdAmt")),
                "currency": tx.find(f"{PAIN}Amt/{PAIN}InstdAmt").get("Ccy"),
                "name": tx.findtext(f"{PAIN}Cdtr/{PAIN}Nm"),
                "iban": tx.findtext(f"{PAIN}CdtrAcct/{PAIN}Id/{PAIN}IBAN"),
                "remittance": tx.findtext(f"{PAIN}RmtInf/{PAIN}Ustrd"),
            }
        )
    return found


def camt053(transfers: list[dict], *, iban=COMPANY_IBAN, booked: date | None = None, statement_id="STMT-2026-12-02") -> bytes:
    """A camt.053.001.02 end-of-day statement booking each transfer as a debit."""
    booked = (booked or timezone.localdate()).isoformat()
    entries = "".join(
        f"""
      <Ntry>
        <Amt Ccy="{t["currency"]}">{t["amount"]:.2f}</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{booked}</Dt></BookgDt>
        <ValDt><Dt>{booked}</Dt></ValDt>
        <AcctSvcrRef>BANK-{index:04d}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs>{f"<EndToEndId>{t['end_to_end_id']}</EndToEndId>" if t.get("end_to_end_id") else ""}</Refs>
          <RltdPties><Cdtr><Nm>{t.get("name", "")}</Nm></Cdtr><CdtrAcct><Id><IBAN>{t["iban"]}</IBAN></Id></CdtrAcct></RltdPties>
          <RmtInf><Ustrd>{t.get("remittance") or ""}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>"""
        for index, t in enumerate(transfers, start=1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>{statement_id}</MsgId><CreDtTm>{booked}T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{statement_id}</Id>
      <CreDtTm>{booked}T18:00:00</CreDtTm>
      <Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{booked}</Dt></Dt></Bal>{entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>""".encode()
