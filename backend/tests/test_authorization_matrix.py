"""The authorization matrix: every operation of the served OpenAPI schema, called by every
identity (anonymous, each role, another department's requester, a deactivated admin's still
unexpired token) on an object of requester A's department and, where visibility matters, one
of department B, must answer the outcome that docs/api.md and users/permissions.py give.

The expected outcomes below are written from the contract and the permission classes (and the
visibility rules of the selectors), not recorded from what the code answers: where the code
disagrees, this test fails and names the rows.

Outcome classes:
- ok:      2xx
- denied:  401 for anonymous and the deactivated token; 403 for a signed-in role lacking the right
- hidden:  404 (objects a user may not see answer 404, not 403)
- invalid: 400/409/422: a permitted caller whose body or object state is not acceptable

Any 2xx where the table says denied or hidden is a leak; all leaks and mismatches are
reported together in one table. An operation served without a row here, or a row for an
operation not served, fails the coverage test: add the new endpoint to the matrix.

Each call runs in its own savepoint that is rolled back, so no call changes what the next
one sees. Run with `-s` to see the number of checks.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from documents.models import Document
from documents.services import preview_name
from invoices.services import invoice_create
from notifications.models import Notification
from payments.models import CompanyBankAccount, PaymentRun, VendorBankAccount
from purchases.approval_links import approval_link_token
from purchases.models import ApprovalStep
from purchases.services import delegation_create, purchase_request_approve, purchase_request_reject, purchase_request_submit
from purchases.tests.factories import VendorFactory, make_org, make_request
from reports.services import spending_report_generate
from users.models import Role
from users.tests.factories import PASSWORD, UserFactory

OK, DENIED, HIDDEN, INVALID = "ok", "denied", "hidden", "invalid"

ANONYMOUS, DEACTIVATED = "anonymous", "deactivated"
# requester_a: the requester of department A (the "own" department); requester_b: department B's.
# approver, procurement and finance belong to department A; approver is requester_a's manager
# (their requests' only approval step). deactivated: an admin deactivated after their token was issued.
IDENTITIES = (ANONYMOUS, "requester_a", "requester_b", "approver", "procurement", "finance", "admin", DEACTIVATED)
SIGNED_IN = IDENTITIES[1:-1]
UNAUTHENTICATED = {ANONYMOUS, DEACTIVATED}  # their "denied" is 401; everyone else's is 403

SAMPLE_PDF = Path(__file__).resolve().parents[1] / "documents" / "tests" / "samples" / "sample-01.pdf"


def signed_in(default: str, **cells: str) -> dict[str, str]:
    """An endpoint behind authentication: anonymous and the deactivated token are denied (401);
    every signed-in identity gets `default` unless named."""
    unknown = set(cells) - set(SIGNED_IN)
    assert not unknown, f"unknown identities {unknown}"
    return {ANONYMOUS: DENIED, DEACTIVATED: DENIED, **dict.fromkeys(SIGNED_IN, default), **cells}


def public(default: str, **cells) -> dict:
    """A public endpoint: every identity, anonymous included, gets `default` unless named."""
    unknown = set(cells) - set(IDENTITIES)
    assert not unknown, f"unknown identities {unknown}"
    return {**dict.fromkeys(IDENTITIES, default), **cells}


# (method, path template as served) -> {case: {identity: expected}}.
# A case is "-" (no object in the path), an object name (its id goes into the path) or
# "object+body" (that object, with the named body of BODIES instead of the default minimal one:
# `{}` for unsafe methods, nothing for GET).
MATRIX: dict[tuple[str, str], dict[str, dict]] = {
    # --- Public: health, CSRF and the sign-in endpoints -------------------------------------
    ("GET", "/api/health/"): {"-": public(OK)},
    ("GET", "/api/auth/csrf/"): {"-": public(OK)},
    # With the identity's own email and password (anonymous: `{}`). A deactivated user may not sign in.
    ("POST", "/api/auth/login/"): {"-": public(OK, anonymous=INVALID, deactivated=DENIED)},
    ("POST", "/api/auth/token/"): {"-": public(OK, anonymous=INVALID, deactivated=DENIED)},
    # With the identity's own refresh token (anonymous: none, so 401); a deactivated user's is refused.
    ("POST", "/api/auth/refresh/"): {"-": public(OK, anonymous=DENIED, deactivated=DENIED)},
    # "logging out always succeeds" (with or without a token).
    ("POST", "/api/auth/logout/"): {"-": public(OK)},
    ("GET", "/api/auth/me/"): {"-": signed_in(OK)},
    # --- User administration: admin only ---------------------------------------------------
    ("GET", "/api/users/"): {"-": signed_in(DENIED, admin=OK)},
    ("POST", "/api/users/"): {"-": signed_in(DENIED, admin=INVALID)},
    # The target is requester_a's own user: still admin only (users read themselves at /auth/me/).
    ("GET", "/api/users/{user_id}/"): {"user_a": signed_in(DENIED, admin=OK)},
    ("PATCH", "/api/users/{user_id}/"): {"user_a": signed_in(DENIED, admin=OK)},
    # --- Departments: everyone reads, admin writes -----------------------------------------
    ("GET", "/api/departments/"): {"-": signed_in(OK)},
    ("POST", "/api/departments/"): {"-": signed_in(DENIED, admin=INVALID)},
    ("GET", "/api/departments/{id}/"): {"department_a": signed_in(OK), "department_b": signed_in(OK)},
    ("PATCH", "/api/departments/{id}/"): {
        "department_a": signed_in(DENIED, admin=OK),
        "department_b": signed_in(DENIED, admin=OK),
    },
    # --- Audit trail: finance and admin (IsAuditor) ----------------------------------------
    ("GET", "/api/audit-events/"): {"-": signed_in(DENIED, finance=OK, admin=OK)},
    # --- Vendors: everyone reads, procurement and admin write (IsProcurement) --------------
    ("GET", "/api/vendors/"): {"-": signed_in(OK)},
    ("POST", "/api/vendors/"): {"-": signed_in(DENIED, procurement=INVALID, admin=INVALID)},
    ("GET", "/api/vendors/{id}/"): {"vendor": signed_in(OK)},
    ("PATCH", "/api/vendors/{id}/"): {"vendor": signed_in(DENIED, procurement=OK, admin=OK)},
    # --- Purchase requests ------------------------------------------------------------------
    # Visibility: the requester, whoever is or was an approver on it, procurement/finance/admin.
    ("GET", "/api/purchase-requests/"): {"-": signed_in(OK)},
    ("POST", "/api/purchase-requests/"): {"-": signed_in(INVALID)},  # every role may create
    ("GET", "/api/purchase-requests/{id}/"): {
        "pr_a_draft": signed_in(OK, requester_b=HIDDEN, approver=HIDDEN),  # no approval step yet
        "pr_a_pending": signed_in(OK, requester_b=HIDDEN),
        "pr_b_pending": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    # "PATCH and DELETE only while DRAFT, only by the requester" (admins included).
    ("PATCH", "/api/purchase-requests/{id}/"): {
        "pr_a_draft": signed_in(DENIED, requester_a=OK, requester_b=HIDDEN, approver=HIDDEN),
        "pr_b_draft": signed_in(DENIED, requester_b=OK, requester_a=HIDDEN, approver=HIDDEN),
        "pr_a_pending": signed_in(DENIED, requester_a=INVALID, requester_b=HIDDEN),  # not a DRAFT: 409
    },
    ("DELETE", "/api/purchase-requests/{id}/"): {
        "pr_a_draft": signed_in(DENIED, requester_a=OK, requester_b=HIDDEN, approver=HIDDEN),
        "pr_b_draft": signed_in(DENIED, requester_b=OK, requester_a=HIDDEN, approver=HIDDEN),
        "pr_a_pending": signed_in(DENIED, requester_a=INVALID, requester_b=HIDDEN),
    },
    ("GET", "/api/purchase-requests/{id}/history/"): {
        "pr_a_pending": signed_in(OK, requester_b=HIDDEN),
        "pr_b_pending": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    # The requester submits their own DRAFT.
    ("POST", "/api/purchase-requests/{id}/submit/"): {
        "pr_a_draft": signed_in(DENIED, requester_a=OK, requester_b=HIDDEN, approver=HIDDEN),
        "pr_b_draft": signed_in(DENIED, requester_b=OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    # "the current approver approves their step": nobody else, admins included (403 if they see it).
    # With an unknown field in the body, only the current approver may learn that it is invalid.
    ("POST", "/api/purchase-requests/{id}/approve/"): {
        "pr_a_pending": signed_in(DENIED, approver=OK, requester_b=HIDDEN),
        "pr_b_pending": signed_in(DENIED, requester_a=HIDDEN, approver=HIDDEN),
        "pr_a_pending+bogus": signed_in(DENIED, approver=INVALID, requester_b=HIDDEN),
        "pr_b_pending+bogus": signed_in(DENIED, requester_a=HIDDEN, approver=HIDDEN),
    },
    # `{}` lacks the required comment: only the current approver may learn that (400);
    # everyone else is refused first. With a comment, the approver rejects.
    ("POST", "/api/purchase-requests/{id}/reject/"): {
        "pr_a_pending": signed_in(DENIED, approver=INVALID, requester_b=HIDDEN),
        "pr_b_pending": signed_in(DENIED, requester_a=HIDDEN, approver=HIDDEN),
        "pr_a_pending+comment": signed_in(DENIED, approver=OK, requester_b=HIDDEN),
        "pr_b_pending+comment": signed_in(DENIED, requester_a=HIDDEN, approver=HIDDEN),
    },
    # "an admin hands the current approval step to another approver" (IsAdmin, before any lookup);
    # with a valid body, to department A's finance user (not on either chain).
    ("POST", "/api/purchase-requests/{id}/reassign/"): {
        "pr_a_pending": signed_in(DENIED, admin=INVALID),
        "pr_b_pending": signed_in(DENIED, admin=INVALID),
        "pr_a_pending+finance": signed_in(DENIED, admin=OK),
        "pr_b_pending+finance": signed_in(DENIED, admin=OK),
    },
    # "requester cancels before approval".
    ("POST", "/api/purchase-requests/{id}/cancel/"): {
        "pr_a_pending": signed_in(DENIED, requester_a=OK, requester_b=HIDDEN),
        "pr_b_pending": signed_in(DENIED, requester_b=OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    # "REJECTED -> DRAFT": the requester alone (403 for others who see it; 409 when not rejected).
    ("POST", "/api/purchase-requests/{id}/revise/"): {
        "pr_a_rejected": signed_in(DENIED, requester_a=OK, requester_b=HIDDEN),
        "pr_a_pending": signed_in(DENIED, requester_a=INVALID, requester_b=HIDDEN),
    },
    # "a new DRAFT copy of a request the caller may see": the copy is the caller's.
    ("POST", "/api/purchase-requests/{id}/duplicate/"): {
        "pr_a_draft": signed_in(OK, requester_b=HIDDEN, approver=HIDDEN),
        "pr_b_pending": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    ("GET", "/api/purchase-requests/{id}/route/"): {
        "pr_a_draft": signed_in(OK, requester_b=HIDDEN, approver=HIDDEN),
        "pr_b_pending": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    ("GET", "/api/purchase-requests/route/"): {"-": signed_in(OK)},  # the caller's own unsaved draft
    # "visibility follows the request"; `{}` lacks the body.
    ("GET", "/api/purchase-requests/{id}/comments/"): {
        "pr_a_pending": signed_in(OK, requester_b=HIDDEN),
        "pr_b_pending": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    ("POST", "/api/purchase-requests/{id}/comments/"): {
        "pr_a_pending": signed_in(INVALID, requester_b=HIDDEN),
        "pr_b_pending+body": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    ("GET", "/api/approvals/"): {"-": signed_in(OK)},  # each caller's own inbox
    # Each decision is answered in the 200 body as a single call would be (`{}`: no decisions).
    ("POST", "/api/approvals/bulk/"): {"-": signed_in(INVALID), "-+approve_a": signed_in(OK)},
    # An e-mailed link decides only for the approver it was sent to (403 for anyone else).
    ("GET", "/api/approval-links/"): {"-": signed_in(INVALID)},  # no token
    ("POST", "/api/approval-links/"): {"-": signed_in(INVALID), "-+token_a": signed_in(DENIED, approver=OK)},
    # Delegations: one's own; DELETE ends the approver's own (404 for everyone else's).
    ("GET", "/api/approvers/"): {"-": signed_in(OK)},  # who may be picked as a delegate
    ("GET", "/api/delegations/"): {"-": signed_in(OK)},
    ("POST", "/api/delegations/"): {"-": signed_in(INVALID)},
    ("DELETE", "/api/delegations/{id}/"): {"delegation_a": signed_in(HIDDEN, approver=OK)},
    # Notifications: the caller's own.
    ("GET", "/api/notifications/"): {"-": signed_in(OK)},
    ("POST", "/api/notifications/read-all/"): {"-": signed_in(OK)},
    ("POST", "/api/notifications/{id}/read/"): {"notification_a": signed_in(HIDDEN, approver=OK)},
    # --- Purchase orders: visibility follows the request -----------------------------------
    ("GET", "/api/purchase-orders/"): {"-": signed_in(OK)},
    ("POST", "/api/purchase-orders/"): {"-": signed_in(DENIED, procurement=INVALID, admin=INVALID)},
    ("GET", "/api/purchase-orders/{id}/"): {
        "po_a": signed_in(OK, requester_b=HIDDEN),
        "po_b": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    ("GET", "/api/purchase-orders/{id}/pdf/"): {
        "po_a": signed_in(OK, requester_b=HIDDEN),
        "po_b": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    ("GET", "/api/purchase-orders/{id}/comments/"): {
        "po_a": signed_in(OK, requester_b=HIDDEN),
        "po_b": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    ("POST", "/api/purchase-orders/{id}/comments/"): {"po_a+body": signed_in(OK, requester_b=HIDDEN)},
    # "procurement cancels before any receipt" (IsProcurement, before any lookup).
    ("POST", "/api/purchase-orders/{id}/cancel/"): {
        "po_a": signed_in(DENIED, procurement=OK, admin=OK),
        "po_b": signed_in(DENIED, procurement=OK, admin=OK),
    },
    # Receipts: procurement, admins and the order's requester (selectors.may_receive_goods);
    # others who see the order get 403, those who do not 404.
    ("POST", "/api/purchase-orders/{id}/receipts/"): {
        "po_a": signed_in(DENIED, requester_a=INVALID, requester_b=HIDDEN, procurement=INVALID, admin=INVALID),
        "po_b": signed_in(DENIED, requester_b=INVALID, requester_a=HIDDEN, approver=HIDDEN, procurement=INVALID, admin=INVALID),
        "po_a+line": signed_in(DENIED, requester_a=OK, requester_b=HIDDEN, procurement=OK, admin=OK),
        "po_b+line": signed_in(DENIED, requester_b=OK, requester_a=HIDDEN, approver=HIDDEN, procurement=OK, admin=OK),
    },
    # Returns: as receipts; `{}` lacks the lines and the reason.
    ("POST", "/api/purchase-orders/{id}/returns/"): {
        "po_a": signed_in(DENIED, requester_a=INVALID, requester_b=HIDDEN, procurement=INVALID, admin=INVALID),
        "po_b": signed_in(DENIED, requester_b=INVALID, requester_a=HIDDEN, approver=HIDDEN, procurement=INVALID, admin=INVALID),
    },
    # Drafts, issue and change orders: procurement only (IsProcurement, before any lookup); the
    # orders here are issued, so editing or issuing them is a 409 and `{}` is no change order.
    ("PATCH", "/api/purchase-orders/{id}/"): {
        "po_a": signed_in(DENIED, procurement=INVALID, admin=INVALID),
        "po_b": signed_in(DENIED, procurement=INVALID, admin=INVALID),
    },
    ("POST", "/api/purchase-orders/{id}/issue/"): {"po_a": signed_in(DENIED, procurement=INVALID, admin=INVALID)},
    ("POST", "/api/purchase-orders/{id}/revisions/"): {"po_a": signed_in(DENIED, procurement=INVALID, admin=INVALID)},
    ("GET", "/api/procurement-queue/"): {"-": signed_in(DENIED, procurement=OK, admin=OK)},
    # Closing a request without an order: procurement; `{}` lacks the reason.
    ("POST", "/api/purchase-requests/{id}/close/"): {"pr_a_pending": signed_in(DENIED, procurement=INVALID, admin=INVALID)},
    # --- Documents: the uploader, who sees the linked request/order, procurement/finance/admin
    ("GET", "/api/documents/"): {"-": signed_in(OK)},
    # An empty multipart form; then a PDF linked to requester A's pending request, which only
    # those who may see that request may link to (404 for the others, as for a missing one).
    ("POST", "/api/documents/upload/"): {
        "-": signed_in(INVALID),
        "-+link_pr_a": signed_in(OK, requester_b=HIDDEN),
    },
    ("GET", "/api/documents/{id}/"): {
        "document_a": signed_in(OK, requester_b=HIDDEN, approver=HIDDEN),
        "document_b": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    ("GET", "/api/documents/{id}/download/"): {
        "document_a": signed_in(OK, requester_b=HIDDEN, approver=HIDDEN),
        "document_b": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    ("GET", "/api/documents/{id}/pages/{number}/"): {
        "document_a_page": signed_in(OK, requester_b=HIDDEN, approver=HIDDEN),
        "document_b_page": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    # "only the task's owner (or admin) may read it": procurement and finance too get 404.
    ("GET", "/api/tasks/{task_id}/"): {
        "task_a": signed_in(HIDDEN, requester_a=OK, admin=OK),
        "task_b": signed_in(HIDDEN, requester_b=OK, admin=OK),
    },
    # --- Dashboard and reports ----------------------------------------------------------------
    ("GET", "/api/dashboard/stats/"): {"-": signed_in(OK)},
    ("GET", "/api/reports/spending/"): {"-": signed_in(OK)},  # over what the caller may see
    # The daily reports: IsReportReader (procurement, finance, admin).
    ("GET", "/api/reports/"): {"-": signed_in(DENIED, procurement=OK, finance=OK, admin=OK)},
    ("GET", "/api/reports/{id}/csv/"): {"report": signed_in(DENIED, procurement=OK, finance=OK, admin=OK)},
    # --- Exchange rates: "(finance, admin)" (IsRateKeeper) -----------------------------------
    ("GET", "/api/exchange-rates/"): {"-": signed_in(DENIED, finance=OK, admin=OK)},
    ("POST", "/api/exchange-rates/"): {"-": signed_in(DENIED, finance=INVALID, admin=INVALID)},
    ("POST", "/api/exchange-rates/import/"): {"-": signed_in(DENIED, finance=INVALID, admin=INVALID)},  # no file
    # --- Accounts payable: visibility follows the order; finance (IsInvoiceClerk) acts --------
    # invoice_a/_b: entered by finance for one item of po_a/_b before any receipt, so each has an
    # open qty_not_received hold owned by its requester.
    ("GET", "/api/invoices/"): {"-": signed_in(OK)},
    ("POST", "/api/invoices/"): {"-": signed_in(DENIED, finance=INVALID, admin=INVALID)},  # `{}` lacks the fields
    ("GET", "/api/invoices/{id}/"): {
        "invoice_a": signed_in(OK, requester_b=HIDDEN),
        "invoice_b": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    ("PATCH", "/api/invoices/{id}/"): {
        "invoice_a": signed_in(DENIED, finance=OK, admin=OK),
        "invoice_b": signed_in(DENIED, finance=OK, admin=OK),
    },
    ("GET", "/api/invoices/{id}/comments/"): {
        "invoice_a": signed_in(OK, requester_b=HIDDEN),
        "invoice_b": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    ("POST", "/api/invoices/{id}/comments/"): {"invoice_a+body": signed_in(OK, requester_b=HIDDEN)},
    ("GET", "/api/invoices/{id}/history/"): {
        "invoice_a": signed_in(OK, requester_b=HIDDEN),
        "invoice_b": signed_in(OK, requester_a=HIDDEN, approver=HIDDEN),
    },
    # "never by whoever entered or last corrected the invoice: 403" (finance entered both); the
    # requester's hold is released by that requester, procurement or an admin; `{}` lacks the reason.
    ("POST", "/api/invoices/{id}/holds/{hold_id}/release/"): {
        "hold_a": signed_in(DENIED, requester_a=INVALID, requester_b=HIDDEN, procurement=INVALID, admin=INVALID),
        "hold_b": signed_in(DENIED, requester_b=INVALID, requester_a=HIDDEN, approver=HIDDEN, procurement=INVALID, admin=INVALID),
        "hold_a+reason": signed_in(DENIED, requester_a=OK, requester_b=HIDDEN, procurement=OK, admin=OK),
        "hold_b+reason": signed_in(DENIED, requester_b=OK, requester_a=HIDDEN, approver=HIDDEN, procurement=OK, admin=OK),
    },
    # Never by whoever entered it (finance here: 403, before the state is looked at); on hold,
    # so refused (409) to an admin.
    ("POST", "/api/invoices/{id}/approve/"): {
        "invoice_a": signed_in(DENIED, admin=INVALID),
        "invoice_b": signed_in(DENIED, admin=INVALID),
    },
    ("POST", "/api/invoices/{id}/cancel/"): {
        "invoice_a": signed_in(DENIED, finance=OK, admin=OK),
        "invoice_b": signed_in(DENIED, finance=OK, admin=OK),
    },
    ("GET", "/api/match-exceptions/"): {"-": signed_in(OK)},  # the holds of each caller's role
    ("GET", "/api/reports/payables/"): {"-": signed_in(DENIED, procurement=OK, finance=OK, admin=OK)},
    ("GET", "/api/reports/received-not-invoiced/"): {"-": signed_in(DENIED, procurement=OK, finance=OK, admin=OK)},
    ("GET", "/api/reports/invoice-holds/"): {"-": signed_in(DENIED, procurement=OK, finance=OK, admin=OK)},
    # --- Payments ------------------------------------------------------------------------------
    # Vendor bank accounts: procurement, finance and admin (IsBankAccountKeeper). bank_account:
    # an unconfirmed account entered by procurement, whom four eyes keep from confirming it.
    ("GET", "/api/vendors/{id}/bank-accounts/"): {"vendor": signed_in(DENIED, procurement=OK, finance=OK, admin=OK)},
    ("POST", "/api/vendors/{id}/bank-accounts/"): {
        "vendor": signed_in(DENIED, procurement=INVALID, finance=INVALID, admin=INVALID)
    },
    ("PATCH", "/api/vendors/{id}/bank-accounts/{account_id}/"): {
        "bank_account": signed_in(DENIED, procurement=OK, finance=OK, admin=OK)
    },
    ("POST", "/api/vendors/{id}/bank-accounts/{account_id}/confirm/"): {"bank_account": signed_in(DENIED, finance=OK, admin=OK)},
    # Payment runs and statements: finance and admin (IsPaymentClerk). run: a DRAFT run that
    # finance prepared and that pays nothing yet.
    ("GET", "/api/company-bank-accounts/"): {"-": signed_in(DENIED, finance=OK, admin=OK)},
    ("GET", "/api/payment-runs/"): {"-": signed_in(DENIED, finance=OK, admin=OK)},
    ("POST", "/api/payment-runs/"): {"-": signed_in(DENIED, finance=INVALID, admin=INVALID)},  # no pay date
    ("GET", "/api/payment-runs/{id}/"): {"run": signed_in(DENIED, finance=OK, admin=OK)},
    ("PATCH", "/api/payment-runs/{id}/"): {"run": signed_in(DENIED, finance=OK, admin=OK)},  # nothing to change
    # "by a finance user other than its creator": the creator gets 403; admin reaches the run,
    # which pays nothing (409).
    ("POST", "/api/payment-runs/{id}/approve/"): {"run": signed_in(DENIED, admin=INVALID)},
    ("POST", "/api/payment-runs/{id}/cancel/"): {"run": signed_in(DENIED, finance=OK, admin=OK)},
    ("POST", "/api/payment-runs/{id}/mark-paid/"): {"run": signed_in(DENIED, finance=INVALID, admin=INVALID)},
    ("GET", "/api/payment-runs/{id}/sepa/"): {"run": signed_in(DENIED, finance=INVALID, admin=INVALID)},  # not approved
    ("GET", "/api/payment-runs/{id}/csv/"): {"run": signed_in(DENIED, finance=INVALID, admin=INVALID)},
    ("GET", "/api/bank-statements/"): {"-": signed_in(DENIED, finance=OK, admin=OK)},
    ("POST", "/api/bank-statements/"): {"-": signed_in(DENIED, finance=INVALID, admin=INVALID)},  # no file
}

# Served by their own views, outside the schema they describe (as in core/tests/test_api_contract.py).
# Public. The contract does not say what a public page answers to a stale bearer header: a
# deactivated token may get the page or a 401, never anything else.
OUTSIDE_SCHEMA: dict[tuple[str, str], dict[str, dict]] = {
    ("GET", "/api/schema/"): {"-": public(OK, deactivated=(OK, DENIED))},
    ("GET", "/api/docs/"): {"-": public(OK, deactivated=(OK, DENIED))},
}

ALL_ROWS = {**MATRIX, **OUTSIDE_SCHEMA}
CHECKS = sum(len(cells) for cases in ALL_ROWS.values() for cells in cases.values())
CASES = sum(len(cases) for cases in ALL_ROWS.values())


# --- The fixed dataset ---------------------------------------------------------------------


@dataclass
class World:
    users: dict = field(default_factory=dict)  # identity -> User (anonymous absent)
    access: dict = field(default_factory=dict)  # identity -> access token (issued before deactivation)
    refresh: dict = field(default_factory=dict)  # identity -> refresh token
    objects: dict = field(default_factory=dict)  # object name -> the value put into the path
    lines: dict = field(default_factory=dict)  # po name -> id of its first line


def _approved(requester, approver, vendor, currency):
    request = make_request(requester, vendor=vendor, currency=currency)
    purchase_request_submit(request=request, actor=requester)
    purchase_request_approve(request=request, actor=approver)
    request.refresh_from_db()
    return request


def _invoice(finance, order):
    line = order.lines.order_by("position").first()
    header = {"purchase_order": order, "number": f"INV-{order.pk}", "invoice_date": date.today(), "total": line.unit_price}
    lines = [{"po_line": line, "description": line.description, "quantity": Decimal("1"), "unit_price": line.unit_price}]
    invoice = invoice_create(actor=finance, header=header, lines=lines)
    assert invoice.status == "ON_HOLD", invoice.match_result
    return invoice


def _upload(world: World, identity: str) -> dict:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.access[identity]}")
    upload = SimpleUploadedFile("invoice.pdf", SAMPLE_PDF.read_bytes(), content_type="application/pdf")
    response = client.post("/api/documents/upload/", {"file": upload}, format="multipart")
    assert response.status_code == 202, response.content
    return response.json()


def build_world() -> World:
    world = World()
    org_a, org_b = make_org(), make_org()
    admin = UserFactory(role=Role.ADMIN, department=org_a.department)
    former_admin = UserFactory(role=Role.ADMIN, department=org_a.department)
    world.users = {
        "requester_a": org_a.requester,
        "requester_b": org_b.requester,
        "approver": org_a.approver,
        "procurement": org_a.procurement,
        "finance": org_a.finance,
        "admin": admin,
        DEACTIVATED: former_admin,
    }
    for identity, user in world.users.items():
        token = RefreshToken.for_user(user)
        world.access[identity], world.refresh[identity] = str(token.access_token), str(token)
    former_admin.is_active = False
    former_admin.save()  # its tokens stay unexpired

    currency = django_settings.BASE_CURRENCY  # no exchange rate needed to submit
    vendor = VendorFactory(currency=currency)
    objects = world.objects
    objects.update(vendor=vendor.pk, user_a=org_a.requester.pk)
    objects.update(department_a=org_a.department.pk, department_b=org_b.department.pk)
    for suffix, org in (("a", org_a), ("b", org_b)):
        objects[f"pr_{suffix}_draft"] = make_request(org.requester, vendor=vendor, currency=currency).pk
        pending = make_request(org.requester, vendor=vendor, currency=currency)
        purchase_request_submit(request=pending, actor=org.requester)
        objects[f"pr_{suffix}_pending"] = pending.pk
        approved = _approved(org.requester, org.approver, vendor, currency)
        order = approved.purchase_order
        objects[f"po_{suffix}"] = order.pk
        world.lines[f"po_{suffix}"] = order.lines.order_by("position").first().pk
        invoice = _invoice(org_a.finance, order)
        objects[f"invoice_{suffix}"] = invoice.pk
        objects[f"hold_{suffix}"] = (invoice.pk, invoice.holds.get(code="qty_not_received").pk)
    for suffix in ("a", "b"):
        uploaded = _upload(world, f"requester_{suffix}")
        objects[f"document_{suffix}"] = uploaded["document_id"]
        objects[f"task_{suffix}"] = uploaded["task_id"]
        # As the reading leaves it: the first page's image stored.
        document = Document.objects.get(pk=uploaded["document_id"])
        default_storage.save(preview_name(document, 1), ContentFile(b"\x89PNG\r\n\x1a\n"))
        Document.objects.filter(pk=document.pk).update(preview_pages=1)
        objects[f"document_{suffix}_page"] = (document.pk, 1)
    rejected = make_request(org_a.requester, vendor=vendor, currency=currency)
    purchase_request_submit(request=rejected, actor=org_a.requester)
    purchase_request_reject(request=rejected, actor=org_a.approver, comment="Attach the quote.")
    objects["pr_a_rejected"] = rejected.pk
    pending_step = ApprovalStep.objects.get(purchase_request_id=objects["pr_a_pending"], status="PENDING")
    objects["token_a"] = approval_link_token(pending_step, "approve")
    objects["notification_a"] = Notification.objects.filter(user=org_a.approver).first().pk
    # Starting later, so that it moves none of the steps above.
    later = date.today() + timedelta(days=30)
    objects["delegation_a"] = delegation_create(
        actor=org_a.approver, delegate=org_a.finance, starts_on=later, ends_on=later + timedelta(days=5)
    ).pk
    objects["report"] = spending_report_generate(report_date=date.today()).pk
    company = CompanyBankAccount.objects.create(
        name="Main", holder="Example Corp", iban="DE89370400440532013000", is_default=True
    )
    account = VendorBankAccount.objects.create(
        vendor=vendor, holder=vendor.name, iban="DE02120300000000202051", currency="EUR", entered_by=org_a.procurement
    )
    objects["bank_account"] = (vendor.pk, account.pk)
    run = PaymentRun.objects.create(
        number="PAY-2026-999999", pay_date=date.today(), due_by=date.today(), company_account=company, created_by=org_a.finance
    )
    objects["run"] = run.pk
    return world


# --- Requests ----------------------------------------------------------------------------------


def _credentials(world: World, identity: str) -> dict:
    if identity == ANONYMOUS:
        return {}
    return {"email": world.users[identity].email, "password": PASSWORD}


def _refresh(world: World, identity: str) -> dict:
    if identity == ANONYMOUS:
        return {}
    if identity == DEACTIVATED:
        return {"refresh": world.refresh[identity]}
    return {"refresh": str(RefreshToken.for_user(world.users[identity]))}  # a fresh one per call


def _linked_upload(world: World, identity: str, obj: str) -> dict:
    upload = SimpleUploadedFile("invoice.pdf", SAMPLE_PDF.read_bytes(), content_type="application/pdf")
    return {"file": upload, "purchase_request": world.objects["pr_a_pending"]}


def _receipt_line(world: World, identity: str, obj: str) -> dict:
    return {"lines": [{"po_line": world.lines[obj], "quantity": "1"}]}


# (method, path, body name) -> (world, identity, object name) -> body. The body name "" is the
# default of its operation; without an entry the default is `{}` (unsafe methods) or none (GET).
BodyBuilder = Callable[[World, str, str], object]
BODIES: dict[tuple[str, str, str], BodyBuilder] = {
    ("POST", "/api/auth/login/", ""): lambda world, identity, obj: _credentials(world, identity),
    ("POST", "/api/auth/token/", ""): lambda world, identity, obj: _credentials(world, identity),
    ("POST", "/api/auth/refresh/", ""): lambda world, identity, obj: _refresh(world, identity),
    ("POST", "/api/auth/logout/", ""): lambda world, identity, obj: _refresh(world, identity),
    ("POST", "/api/purchase-requests/{id}/reject/", "comment"): lambda world, identity, obj: {"comment": "No budget."},
    ("POST", "/api/purchase-requests/{id}/approve/", "bogus"): lambda world, identity, obj: {"bogus": 1},
    ("POST", "/api/purchase-requests/{id}/reassign/", "finance"): (
        lambda world, identity, obj: {"approver": world.users["finance"].pk, "reason": "On leave."}
    ),
    ("POST", "/api/purchase-orders/{id}/receipts/", "line"): _receipt_line,
    ("POST", "/api/purchase-requests/{id}/comments/", "body"): lambda world, identity, obj: {"body": "Any news?"},
    ("POST", "/api/purchase-orders/{id}/comments/", "body"): lambda world, identity, obj: {"body": "Any news?"},
    ("POST", "/api/invoices/{id}/comments/", "body"): lambda world, identity, obj: {"body": "Any news?"},
    ("POST", "/api/approvals/bulk/", "approve_a"): (
        lambda world, identity, obj: {"decisions": [{"purchase_request": world.objects["pr_a_pending"], "action": "approve"}]}
    ),
    ("POST", "/api/approval-links/", "token_a"): lambda world, identity, obj: {"token": world.objects["token_a"]},
    ("POST", "/api/documents/upload/", "link_pr_a"): _linked_upload,
    ("POST", "/api/invoices/{id}/holds/{hold_id}/release/", "reason"): lambda world, identity, obj: {"reason": "Delivered."},
}
MULTIPART = {("POST", "/api/documents/upload/"), ("POST", "/api/exchange-rates/import/"), ("POST", "/api/bank-statements/")}


def classify(identity: str, status: int) -> str:
    if 200 <= status < 300:
        return OK
    if status == 401:
        return DENIED if identity in UNAUTHENTICATED else "401"
    if status == 403:
        return DENIED if identity not in UNAUTHENTICATED else "403"
    if status == 404:
        return HIDDEN
    if status in (400, 409, 422):
        return INVALID
    return str(status)


def call(world: World, identity: str, method: str, template: str, case: str):
    obj, _, body_name = case.partition("+")
    url = template
    if obj != "-":
        values = world.objects[obj] if isinstance(world.objects[obj], tuple) else (world.objects[obj],)
        for value in values:
            url, replaced = re.subn(r"\{[^}]+\}", str(value), url, count=1)
            assert replaced == 1, f"{template}: a path parameter per value of {obj} expected"
        assert "{" not in url, f"{template}: more path parameters than values of {obj}"
    client = APIClient()
    if identity != ANONYMOUS:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.access[identity]}")
    builder = BODIES.get((method, template, body_name))
    assert builder or not body_name, f"no body {body_name!r} for {method} {template}"
    # The savepoint undoes the call's rows; clearing the cache undoes what it kept there (a
    # logout denies its access token in the cache, sign-ins count attempts, caches fill).
    with transaction.atomic():
        if method in ("GET", "DELETE"):
            response = getattr(client, method.lower())(url)
        else:
            body = builder(world, identity, obj) if builder else {}
            fmt = "multipart" if (method, template) in MULTIPART else "json"
            response = getattr(client, method.lower())(url, body, format=fmt)
        transaction.set_rollback(True)
    cache.clear()
    if response.streaming:  # drain it, which closes the file (close() would close the test's connection)
        b"".join(response.streaming_content)
    return response.status_code


def served_operations() -> dict[tuple[str, str], list[str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path): [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }


# --- The tests ----------------------------------------------------------------------------------


def test_every_served_operation_has_a_row_and_every_row_is_served():
    served = served_operations()
    missing = sorted(set(served) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(served))
    problems = [f"new endpoint without a row: add it to the matrix: {m} {p}" for m, p in missing]
    problems += [f"row for an operation not served: {m} {p}" for m, p in stale]
    for key, cases in ALL_ROWS.items():
        for case, cells in cases.items():
            if set(cells) != set(IDENTITIES):
                problems.append(f"{key} {case}: cells for {sorted(cells)}, not every identity")
            has_object = case.partition("+")[0] != "-"
            if key in served and has_object != bool(served[key]):
                problems.append(f"{key} {case}: an object case must match the path's parameters {served[key]}")
    for _, path in OUTSIDE_SCHEMA:
        resolve(path)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_authorization_matrix(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    served = served_operations()
    rows = {key: cases for key, cases in ALL_ROWS.items() if key in served or key in OUTSIDE_SCHEMA}
    failures, leaks, checks = [], [], 0
    for (method, template), cases in rows.items():
        for case, cells in cases.items():
            for identity in IDENTITIES:
                expected = cells[identity]
                allowed = expected if isinstance(expected, tuple) else (expected,)
                status = call(world, identity, method, template, case)
                got = classify(identity, status)
                checks += 1
                if got in allowed:
                    continue
                row = (method, template, case, identity, "|".join(allowed), f"{got} ({status})")
                failures.append(row)
                if got == OK and set(allowed) & {DENIED, HIDDEN}:
                    leaks.append(row)
    print(
        f"\nauthorization matrix: {checks} checks = {sum(len(cases) for cases in rows.values())} cases"
        f" (operation x object/body) over {len(rows)} operations, x {len(IDENTITIES)} identities"
    )
    assert checks == CHECKS

    def table(found):
        header = ("method", "path", "case", "identity", "expected", "got")
        widths = [max(len(str(r[i])) for r in [header, *found]) for i in range(len(header))]
        return "\n".join("  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)) for r in [header, *found])

    message = f"{len(failures)} of {checks} checks disagree with the contract"
    if leaks:
        message += f"\n\nLEAKS (2xx where denied/hidden was expected): {len(leaks)}\n{table(leaks)}"
    assert not failures, f"{message}\n\nAll disagreements:\n{table(failures)}"
