"""The three-way match: an invoice against its purchase order and what was received. Pure: it
takes plain facts and returns every check it made, so a screen can explain the result and an
audit can replay it. The services gather the facts (under row locks) and apply the result."""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher
from functools import partial

from babel.numbers import get_currency_precision

from .models import HoldCode, HoldOwner

ZERO = Decimal("0")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
# A header is consistent when its figures agree to the cent.
TOTALS_EPSILON = CENT


@dataclass(frozen=True)
class Tolerances:
    price_percent: Decimal = Decimal("2")
    price_amount: Decimal = Decimal("25.00")
    quantity_units: Decimal = ZERO
    quantity_percent: Decimal = ZERO
    header_difference: Decimal = Decimal("1.00")


@dataclass(frozen=True)
class OrderLine:
    id: int
    position: int
    description: str
    ordered: Decimal
    received: Decimal
    unit_price: Decimal
    # What other invoices bill on this line so far: the non-cancelled invoices entered before
    # this one, less every non-cancelled credit note.
    invoiced_before: Decimal = ZERO


@dataclass(frozen=True)
class Order:
    id: int
    number: str
    vendor_id: int
    vendor_name: str
    currency: str
    cancelled: bool
    requester_id: int | None
    services: bool = False
    lines: dict[int, OrderLine] = field(default_factory=dict)


@dataclass(frozen=True)
class Line:
    position: int
    description: str
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal | None
    po_line_id: int | None


@dataclass(frozen=True)
class Suspect:
    invoice_id: int
    number: str
    reason: str


@dataclass(frozen=True)
class Facts:
    kind: str
    vendor_id: int | None
    vendor_name: str
    vendor_name_read: str
    currency: str
    subtotal: Decimal | None
    tax: Decimal | None
    total: Decimal | None
    lines: tuple[Line, ...]
    order: Order | None
    suspects: tuple[Suspect, ...] = ()


@dataclass(frozen=True)
class Finding:
    code: str
    owner: str
    detail: str
    line_position: int | None = None
    owner_user_id: int | None = None
    evidence: dict = field(default_factory=dict)


@dataclass
class MatchResult:
    missing: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    def check(self, name: str, passed: bool, line: int | None = None, **evidence) -> bool:
        self.checks.append({"check": name, "passed": passed, "line": line, **{k: _plain(v) for k, v in evidence.items()}})
        return passed

    def as_json(self) -> dict:
        return {"complete": self.complete, "missing": self.missing, "checks": self.checks}


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def fmt(value: Decimal) -> str:
    """A quantity or percentage as a person writes it: 12, 10.5, 100.002."""
    return f"{value.normalize():f}"


def money(value: Decimal, currency: str = "") -> str:
    """An amount with its currency's decimals: 126.00 (USD), 3300 (JPY), 1.300 (KWD)."""
    places = get_currency_precision(currency) if currency else 2
    step = Decimal(1).scaleb(-places)
    rounded = value.quantize(step, rounding=ROUND_HALF_UP)
    return f"{rounded:f}" if rounded == value else f"{value.normalize():f}"


def percent_text(value: Decimal, limit: Decimal) -> str:
    """A variance to one decimal, or two where one would read as within the limit (+2.01 %)."""
    one = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{one:f}" if one > limit or value <= limit else f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"


_COMPANY_SUFFIX = re.compile(
    r"\b(inc|incorporated|ltd|limited|llc|llp|plc|gmbh|ag|sa|sas|sarl|srl|bv|nv|oy|ab|as|co|corp|corporation|company|the)\b\.?"
)


def company_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", _COMPANY_SUFFIX.sub(" ", name.lower())).strip()


def same_company(a: str, b: str) -> float:
    """How alike two company names are, 0..1, legal forms and punctuation ignored."""
    ka, kb = company_key(a), company_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb or ka in kb or kb in ka:
        return 1.0
    return SequenceMatcher(None, ka, kb).ratio()


# Below this likeness the seller printed on the document is clearly not the order's vendor.
CLEARLY_OTHER_COMPANY = 0.6


def _header(facts: Facts, result: MatchResult) -> None:
    order = facts.order
    if order is None:
        return
    if facts.vendor_id is not None and not result.check(
        "vendor", facts.vendor_id == order.vendor_id, invoice_vendor=facts.vendor_name, order_vendor=order.vendor_name
    ):
        result.findings.append(
            Finding(
                HoldCode.VENDOR_MISMATCH,
                HoldOwner.FINANCE,
                f"The invoice is from {facts.vendor_name}; {order.number} was issued to {order.vendor_name}.",
                evidence={"invoice_vendor": facts.vendor_name, "order_vendor": order.vendor_name},
            )
        )
    elif facts.vendor_name_read:
        likeness = same_company(facts.vendor_name_read, order.vendor_name)
        if not result.check(
            "vendor_printed",
            likeness >= CLEARLY_OTHER_COMPANY,
            printed=facts.vendor_name_read,
            order_vendor=order.vendor_name,
            likeness=round(likeness, 2),
        ):
            result.findings.append(
                Finding(
                    HoldCode.VENDOR_MISMATCH,
                    HoldOwner.FINANCE,
                    f"The document names the seller {facts.vendor_name_read!r}; {order.number} was issued to "
                    f"{order.vendor_name} (likeness {likeness:.0%}).",
                    evidence={"printed": facts.vendor_name_read, "order_vendor": order.vendor_name},
                )
            )
    if facts.currency and not result.check(
        "currency", facts.currency == order.currency, invoice=facts.currency, order=order.currency
    ):
        result.findings.append(
            Finding(
                HoldCode.CURRENCY_MISMATCH,
                HoldOwner.FINANCE,
                f"The invoice is in {facts.currency}; {order.number} is in {order.currency}.",
                evidence={"invoice": facts.currency, "order": order.currency},
            )
        )


def _totals(facts: Facts, result: MatchResult, tolerances: Tolerances) -> None:
    cash = partial(money, currency=facts.currency)
    subtotal, tax, total = facts.subtotal, facts.tax, facts.total
    if subtotal is not None and tax is not None and total is not None:
        difference = subtotal + tax - total
        if not result.check("header_sum", abs(difference) <= TOTALS_EPSILON, subtotal=subtotal, tax=tax, total=total):
            result.findings.append(
                Finding(
                    HoldCode.TOTALS_INCONSISTENT,
                    HoldOwner.FINANCE,
                    f"Subtotal {cash(subtotal)} + tax {cash(tax)} = {cash(subtotal + tax)}, but the total is {cash(total)}.",
                    evidence={"subtotal": str(subtotal), "tax": str(tax), "total": str(total)},
                )
            )
    for line in facts.lines:
        if line.quantity is None or line.unit_price is None or line.amount is None:
            continue
        expected = line.quantity * line.unit_price
        if not result.check(
            "line_amount",
            abs(expected - line.amount) <= TOTALS_EPSILON,
            line=line.position,
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line.amount,
        ):
            result.findings.append(
                Finding(
                    HoldCode.TOTALS_INCONSISTENT,
                    HoldOwner.FINANCE,
                    f"Line {line.position}: {fmt(line.quantity)} x {cash(line.unit_price)} = {cash(expected)}, "
                    f"but the line says {cash(line.amount)}.",
                    line_position=line.position,
                )
            )
    amounts = [line.amount for line in facts.lines if line.amount is not None]
    if not amounts or len(amounts) != len(facts.lines):
        return
    lines_sum = sum(amounts, ZERO)
    # What the lines should add up to: the subtotal, else the total less the tax, else the total.
    if subtotal is not None:
        against, label = subtotal, "subtotal"
    elif total is not None:
        against, label = total - (tax or ZERO), "total less tax" if tax else "total"
    else:
        return
    difference = abs(lines_sum - against)
    accepted = TOTALS_EPSILON < difference <= tolerances.header_difference
    if result.check(
        "lines_sum",
        difference <= tolerances.header_difference,
        lines=lines_sum,
        header=against,
        difference=difference,
        threshold=tolerances.header_difference,
        accepted_difference=accepted,
    ):
        return
    result.findings.append(
        Finding(
            HoldCode.TOTALS_INCONSISTENT,
            HoldOwner.FINANCE,
            f"The lines add up to {cash(lines_sum)}; the {label} is {cash(against)}: a difference of "
            f"{cash(difference)}, above the {cash(tolerances.header_difference)} accepted.",
            evidence={"lines": str(lines_sum), "header": str(against), "difference": str(difference)},
        )
    )


def _price(line: Line, po_line: OrderLine, order: Order, result: MatchResult, tolerances: Tolerances) -> None:
    cash = partial(money, currency=order.currency)
    if line.unit_price is None or line.quantity is None:
        return
    variance = line.unit_price - po_line.unit_price
    over_amount = variance * line.quantity
    percent = (variance / po_line.unit_price * HUNDRED) if po_line.unit_price else (HUNDRED if variance > 0 else ZERO)
    passed = variance <= 0 or (percent <= tolerances.price_percent and over_amount <= tolerances.price_amount)
    evidence = {
        "invoiced_price": str(line.unit_price),
        "order_price": str(po_line.unit_price),
        "quantity": str(line.quantity),
        "variance_percent": str(percent.quantize(Decimal("0.001"))),
        "variance_amount": str(over_amount),
        "tolerance_percent": str(tolerances.price_percent),
        "tolerance_amount": str(tolerances.price_amount),
    }
    if result.check("price", passed, line=line.position, **evidence):
        return
    result.findings.append(
        Finding(
            HoldCode.PRICE_VARIANCE,
            HoldOwner.PROCUREMENT,
            f"Line {line.position}: invoiced {fmt(line.quantity)} x {cash(line.unit_price)} = "
            f"{cash(line.quantity * line.unit_price)}; ordered at {cash(po_line.unit_price)} on {order.number}: "
            f"+{percent_text(percent, tolerances.price_percent)} % (+{cash(over_amount)}), tolerance {fmt(tolerances.price_percent)} % / "
            f"{cash(tolerances.price_amount)}.",
            line_position=line.position,
            evidence=evidence,
        )
    )


def _allowance(limit: Decimal, tolerances: Tolerances) -> Decimal:
    """How far beyond `limit` a quantity may go: the larger of the two tolerances."""
    return max(tolerances.quantity_units, limit * tolerances.quantity_percent / HUNDRED)


def _quantity(line: Line, po_line: OrderLine, order: Order, result: MatchResult, tolerances: Tolerances) -> None:
    if line.quantity is None:
        return
    so_far = po_line.invoiced_before + line.quantity
    evidence = {
        "ordered": str(po_line.ordered),
        "received": str(po_line.received),
        "invoiced_before": str(po_line.invoiced_before),
        "this_invoice": str(line.quantity),
        "invoiced_so_far": str(so_far),
        "services": order.services,
        "tolerance_units": str(tolerances.quantity_units),
        "tolerance_percent": str(tolerances.quantity_percent),
    }
    counted = f"invoiced so far {fmt(so_far)} (this invoice {fmt(line.quantity)})"
    if not result.check(
        "quantity_ordered", so_far <= po_line.ordered + _allowance(po_line.ordered, tolerances), line=line.position, **evidence
    ):
        result.findings.append(
            Finding(
                HoldCode.QTY_OVER_ORDERED,
                HoldOwner.FINANCE,
                f"Line {line.position}: {counted}; {fmt(po_line.ordered)} ordered on {order.number}.",
                line_position=line.position,
                evidence=evidence,
            )
        )
        return
    if order.services:
        return
    if not result.check(
        "quantity_received",
        so_far <= po_line.received + _allowance(po_line.received, tolerances),
        line=line.position,
        **evidence,
    ):
        result.findings.append(
            Finding(
                HoldCode.QTY_NOT_RECEIVED,
                HoldOwner.REQUESTER,
                f"Line {line.position}: {counted}; {fmt(po_line.received)} of {fmt(po_line.ordered)} received on {order.number}.",
                line_position=line.position,
                owner_user_id=order.requester_id,
                evidence=evidence,
            )
        )


def match(facts: Facts, tolerances: Tolerances) -> MatchResult:
    result = MatchResult()
    for name in ("vendor_id", "currency", "total"):
        if getattr(facts, name) in (None, ""):
            result.missing.append(name.removesuffix("_id"))
    if not facts.lines:
        result.missing.append("lines")
    elif any(line.po_line_id and (line.quantity is None or line.unit_price is None) for line in facts.lines):
        result.missing.append("line quantities and prices")

    order = facts.order
    credit_note = facts.kind == "credit_note"
    if order is None and not credit_note:
        result.check("purchase_order", False)
        result.findings.append(
            Finding(
                HoldCode.NO_PO,
                HoldOwner.FINANCE,
                f"No purchase order: the invoice of {money(facts.total, facts.currency) if facts.total is not None else 'no total'}"
                " needs the approval of someone whose approval limit covers it.",
            )
        )
    if order is not None and not result.check("order_not_cancelled", not order.cancelled, order=order.number):
        result.findings.append(
            Finding(HoldCode.PO_CANCELLED, HoldOwner.FINANCE, f"{order.number} was cancelled; nothing on it may be billed.")
        )
    _header(facts, result)
    _totals(facts, result, tolerances)
    if order is not None and not credit_note:
        for line in facts.lines:
            po_line = order.lines.get(line.po_line_id) if line.po_line_id else None
            if po_line is None:
                continue
            _price(line, po_line, order, result, tolerances)
            _quantity(line, po_line, order, result, tolerances)
    if facts.suspects:
        for suspect in facts.suspects:
            result.check("duplicate", False, other=suspect.invoice_id, reason=suspect.reason)
        result.findings.append(
            Finding(
                HoldCode.DUPLICATE_SUSPECT,
                HoldOwner.FINANCE,
                " ".join(
                    f"Possibly the same as invoice {suspect.number or suspect.invoice_id} (id {suspect.invoice_id}): "
                    f"{suspect.reason}."
                    for suspect in facts.suspects
                )[:500],
                evidence={
                    "other_invoices": [suspect.invoice_id for suspect in facts.suspects],
                    "reasons": [suspect.reason for suspect in facts.suspects],
                },
            )
        )
    return result


# --- Which PO line an invoice line bills (for invoices created from a read document) -------


@dataclass(frozen=True)
class LineRef:
    description: str
    quantity: Decimal | None
    unit_price: Decimal | None


@dataclass(frozen=True)
class OrderLineRef:
    id: int
    description: str
    quantity: Decimal
    unit_price: Decimal


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z0-9]+", text.lower()) if len(word) > 1}


def _line_score(line: LineRef, order_line: OrderLineRef) -> float:
    """0..1: mostly how alike the descriptions are, then whether price and quantity agree."""
    a, b = _words(line.description), _words(order_line.description)
    overlap = len(a & b) / max(1, min(len(a), len(b))) if a and b else 0.0
    text = max(overlap, SequenceMatcher(None, line.description.lower(), order_line.description.lower()).ratio())
    price = 0.0
    if line.unit_price is not None and order_line.unit_price:
        price = max(0.0, 1 - float(abs(line.unit_price - order_line.unit_price) / order_line.unit_price) * 5)
    quantity = 1.0 if line.quantity is not None and line.quantity <= order_line.quantity else 0.0
    return 0.6 * text + 0.25 * price + 0.15 * quantity


# An invoice line is taken to bill a PO line above this score; below it, a person assigns it.
LINE_MATCH_THRESHOLD = 0.55


def assign_lines(lines: list[LineRef], order_lines: list[OrderLineRef]) -> dict[int, int]:
    """{invoice line index: PO line id}, best pairs first, each PO line used once; a line
    nothing resembles (freight, a fee) is left unassigned."""
    pairs = sorted(
        ((_line_score(line, order_line), index, order_line.id) for index, line in enumerate(lines) for order_line in order_lines),
        reverse=True,
    )
    assigned: dict[int, int] = {}
    used: set[int] = set()
    for score, index, order_line_id in pairs:
        if score < LINE_MATCH_THRESHOLD or index in assigned or order_line_id in used:
            continue
        assigned[index] = order_line_id
        used.add(order_line_id)
    return assigned
