"""Who approves a request, in which order and why: the approval route. Read-only, so that the
route preview (a draft being edited) and the submit that builds the chain take the same path."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet

from core.exceptions import ApplicationError
from core.money import format_money
from users.models import Role, User

from .models import Delegation, PurchaseRequest


@dataclass(frozen=True)
class RouteStep:
    approver: User
    rule: str
    on_behalf_of: User | None = None


def active_delegations(day: date) -> QuerySet[Delegation]:
    return Delegation.objects.filter(starts_on__lte=day, ends_on__gte=day, ended_early_at__isnull=True)


def delegation_for(user: User, day: date) -> Delegation | None:
    return active_delegations(day).filter(delegator=user).select_related("delegate").first()


def may_stand_in(delegate: User, *, delegator: User, total: Decimal) -> bool:
    """A delegate takes over a step when they could approve what the delegator would have:
    active, with a limit covering the delegator's limit or the total, whichever is lower."""
    return delegate.is_active and delegate.approval_limit >= min(delegator.approval_limit, total)


def line_above(user: User) -> Iterator[User]:
    """`user`'s manager, that manager's manager, and so on (a cycle ends the walk)."""
    seen: set[int] = set()
    candidate = user.manager
    while candidate is not None and candidate.pk not in seen:
        seen.add(candidate.pk)
        yield candidate
        candidate = candidate.manager


def _line_with_rules(first: User, rule: str) -> Iterator[tuple[User, str]]:
    yield first, rule
    below = first
    for boss in line_above(first):
        yield boss, f"Manager of {below.full_name or below.email}, next up the line."
        below = boss


def approvers_upwards(request: PurchaseRequest) -> Iterator[tuple[User, str]]:
    """The requester's management line; the department manager's when the requester has no manager."""
    requester = request.requester
    if requester.manager is None and request.department.manager is not None:
        yield from _line_with_rules(
            request.department.manager, f"Manager of {request.department.name} (the requester has no manager)."
        )
    elif requester.manager is not None:
        yield from _line_with_rules(requester.manager, "The requester's manager.")


def route_for(request: PurchaseRequest, candidates, *, total: Decimal, day: date, exclude: set[int]) -> list[RouteStep]:
    """The approvers a chain needs from `candidates` ((user, rule) in order) onwards: each active
    one with a limit, until one whose limit covers the base-currency `total`; if they run out, a
    finance user with a sufficient limit closes it. Never the requester, nobody in `exclude`,
    nobody twice. Someone away on `day` is replaced by their delegate when the delegate may
    stand in for them, and passed over (the chain goes on up) when not."""
    exclude = {request.requester_id, *exclude}
    base = settings.BASE_CURRENCY
    chain: list[RouteStep] = []
    for candidate, rule in candidates:
        if candidate.pk in exclude or not candidate.is_active or candidate.approval_limit <= 0:
            continue
        exclude.add(candidate.pk)
        step = RouteStep(candidate, rule)
        delegation = delegation_for(candidate, day)
        if delegation is not None:
            delegate = delegation.delegate
            if delegate.pk in exclude or not may_stand_in(delegate, delegator=candidate, total=total):
                continue  # away, and nobody may stand in: the next one up decides
            exclude.add(delegate.pk)
            away = f"{candidate.full_name or candidate.email} is away until {delegation.ends_on.isoformat()}"
            step = RouteStep(delegate, f"{rule} {away}; their delegate decides.", on_behalf_of=candidate)
        chain.append(step)
        if candidate.approval_limit >= total:
            return chain
    away_today = active_delegations(day).values("delegator")
    closer = (
        User.objects.filter(role=Role.FINANCE, is_active=True, approval_limit__gte=total)
        .exclude(Q(pk__in=exclude) | Q(pk__in=away_today))
        .order_by("approval_limit", "pk")
        .first()
    )
    if closer is None:
        raise ApplicationError(
            "no_approver_available",
            f"Nobody may approve {format_money(total, base)}: no manager or finance user has a high enough limit.",
        )
    reason = (
        f"Finance closes the chain: nobody above has a limit of {format_money(total, base)}."
        if chain
        else "Finance approves: the requester has no manager with an approval limit."
    )
    return [*chain, RouteStep(closer, reason)]


def approval_route(request: PurchaseRequest, *, total: Decimal, day: date) -> list[RouteStep]:
    return route_for(request, approvers_upwards(request), total=total, day=day, exclude=set())


def amount_text(total: Decimal, currency: str, total_base: Decimal | None) -> str:
    """The total as entered, with its base-currency value when the currencies differ."""
    text = format_money(total, currency)
    if currency != settings.BASE_CURRENCY and total_base is not None:
        text += f" ({format_money(total_base, settings.BASE_CURRENCY)})"
    return text


@dataclass(frozen=True)
class LimitCheck:
    code: str
    passes: bool
    message: str
    fields: dict


def limit_checks(request: PurchaseRequest, *, total_base: Decimal, shown: str, committed: Decimal) -> list[LimitCheck]:
    """The requester's spending limit and the department's remaining budget (its annual budget
    less `committed`) against the base-currency total (`shown` as the messages show it)."""
    base = settings.BASE_CURRENCY
    limit = request.requester.spending_limit
    department = request.department
    remaining = department.annual_budget - committed
    if request.pk and request.status != PurchaseRequest.Status.DRAFT and request.total_base is not None:
        remaining += request.total_base  # a submitted request is already among the committed
    return [
        LimitCheck(
            "spending_limit_exceeded",
            total_base <= limit,
            f"The total {shown} is {'within' if total_base <= limit else 'above'} your spending limit of "
            f"{format_money(limit, base)}.",
            {"limit": str(limit), "total": str(total_base)},
        ),
        LimitCheck(
            "budget_exceeded",
            total_base <= remaining,
            f"The total {shown} is {'within' if total_base <= remaining else 'above'} the {format_money(remaining, base)} "
            f"left in {department.name}'s budget for this year.",
            {
                "budget": str(department.annual_budget),
                "committed": str(committed),
                "remaining": str(remaining),
                "total": str(total_base),
            },
        ),
    ]
