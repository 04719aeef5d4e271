"""Revise and resubmit, duplicate, route preview, bulk decisions and delegation (issue 15)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import bearer_client
from core.models import AuditEvent
from purchases.models import ApprovalStep, PurchaseRequest
from purchases.services import approval_steps_follow_delegations
from purchases.tests.factories import VendorFactory, make_org, make_request
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/purchase-requests/"


def submitted(org, items=(("Keyboard", "10", "50.00"),)):
    request = make_request(org.requester, total_items=items)
    assert bearer_client(org.requester).post(f"{URL}{request.pk}/submit/").status_code == 200
    return request


def rejected(org):
    request = submitted(org)
    response = bearer_client(org.approver).post(f"{URL}{request.pk}/reject/", {"comment": "Please attach the quote"})
    assert response.status_code == 200
    return request


# --- revise ---------------------------------------------------------------------------------


def test_revise_returns_a_rejected_request_to_draft_and_the_next_submit_builds_a_fresh_chain():
    org = make_org()
    request = rejected(org)
    client = bearer_client(org.requester)
    response = client.post(f"{URL}{request.pk}/revise/")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["number"], body["approval_round"]) == ("DRAFT", request.number, 2)
    assert body["total_base"] is None and body["submitted_at"] is None
    # The rejected round stays on the request, with its comment.
    [old] = body["approval_steps"]
    assert (old["round"], old["status"], old["comment"]) == (1, "REJECTED", "Please attach the quote")
    client.patch(f"{URL}{request.pk}/", {"title": "Team equipment (quote attached)"}, format="json")
    assert client.post(f"{URL}{request.pk}/submit/").json()["status"] == "PENDING_APPROVAL"
    steps = list(ApprovalStep.objects.filter(purchase_request=request).order_by("round", "sequence"))
    assert [(s.round, s.approver_id, s.status) for s in steps] == [
        (1, org.approver.pk, "REJECTED"),
        (2, org.approver.pk, "PENDING"),
    ]
    assert bearer_client(org.approver).post(f"{URL}{request.pk}/approve/").json()["status"] == "APPROVED"
    actions = list(
        AuditEvent.objects.filter(object_id=str(request.pk), object_type="purchases.purchaserequest")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-4:] == [
        "purchase_request.revise",
        "purchase_request.update",
        "purchase_request.submit",
        "purchase_request.approve",
    ]
    assert "purchase_request.reject" in actions


def test_only_the_requester_revises_and_only_a_rejected_request():
    org = make_org()
    request = rejected(org)
    assert bearer_client(org.approver).post(f"{URL}{request.pk}/revise/").status_code == 403
    pending = submitted(org)
    response = bearer_client(org.requester).post(f"{URL}{pending.pk}/revise/")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    stranger = UserFactory(department=org.department)
    assert bearer_client(stranger).post(f"{URL}{request.pk}/revise/").status_code == 404
    request.refresh_from_db()
    assert request.status == "REJECTED" and request.approval_round == 1


# --- duplicate ------------------------------------------------------------------------------


def test_duplicate_copies_lines_vendor_and_justification_into_a_new_draft_of_the_caller():
    org = make_org()
    vendor = VendorFactory()
    source = make_request(org.requester, total_items=(("Desk", "2", "300.00"), ("Chair", "4", "150.50")), vendor=vendor)
    source.justification = "New hires"
    source.save()
    assert bearer_client(org.requester).post(f"{URL}{source.pk}/submit/").status_code == 200
    # The approver may see the request, so may copy it: the copy is theirs.
    response = bearer_client(org.approver).post(f"{URL}{source.pk}/duplicate/")
    assert response.status_code == 201
    copy = response.json()
    assert copy["id"] != source.pk and copy["number"] != source.number
    assert (copy["status"], copy["requester"]["id"], copy["vendor"]["id"]) == ("DRAFT", org.approver.pk, vendor.pk)
    assert copy["justification"] == "New hires" and copy["total"] == "1202.00"
    assert [(i["description"], i["quantity"], i["unit_price"]) for i in copy["items"]] == [
        ("Desk", "2.000", "300.00"),
        ("Chair", "4.000", "150.50"),
    ]
    assert copy["approval_steps"] == []


def test_duplicate_of_a_request_the_caller_cannot_see_is_404():
    org = make_org()
    source = make_request(org.requester)
    stranger = UserFactory(department=org.department)
    assert bearer_client(stranger).post(f"{URL}{source.pk}/duplicate/").status_code == 404
    assert PurchaseRequest.objects.count() == 1


# --- route preview --------------------------------------------------------------------------


def test_route_of_a_draft_names_each_approver_their_limit_and_why():
    org = make_org()
    request = make_request(org.requester, total_items=(("Servers", "1", "8000.00"),))
    body = bearer_client(org.requester).get(f"{URL}{request.pk}/route/").json()
    assert [(s["approver"]["id"], s["approval_limit"]) for s in body["steps"]] == [
        (org.approver.pk, "5000.00"),
        (org.finance.pk, "100000.00"),
    ]
    assert body["steps"][0]["rule"] == "The requester's manager."
    assert body["steps"][1]["rule"].startswith("Manager of ")
    assert [(c["code"], c["passes"]) for c in body["checks"]] == [("spending_limit_exceeded", True), ("budget_exceeded", True)]
    assert body["problems"] == []


def test_route_previews_an_edited_total_and_says_when_the_limit_fails_in_formatted_money():
    org = make_org()
    request = make_request(org.requester)
    body = bearer_client(org.requester).get(f"{URL}{request.pk}/route/", {"total": "60000", "currency": "USD"}).json()
    assert body["total"] == "60000.00"
    [problem] = body["problems"]
    assert problem["code"] == "spending_limit_exceeded"
    assert "60,000.00 USD" in problem["message"] and "50,000.00 USD" in problem["message"]


def test_route_for_the_new_request_form_and_bad_input():
    org = make_org()
    client = bearer_client(org.requester)
    body = client.get(f"{URL}route/", {"total": "100"}).json()
    assert [s["approver"]["id"] for s in body["steps"]] == [org.approver.pk]
    bad = client.get(f"{URL}route/", {"total": "-1"})
    assert bad.status_code == 400 and "total" in bad.json()["fields"]
    assert client.get(f"{URL}route/", {"currency": "XXZ"}).status_code == 400
    body = client.get(f"{URL}route/", {"total": "100", "currency": "EUR"}).json()
    assert body["problems"][0]["code"] == "no_exchange_rate" and body["steps"] == []


def test_route_of_a_submitted_request_is_its_chain():
    org = make_org()
    request = submitted(org)
    body = bearer_client(org.approver).get(f"{URL}{request.pk}/route/").json()
    assert [(s["approver"]["id"], s["status"]) for s in body["steps"]] == [(org.approver.pk, "PENDING")]
    assert body["steps"][0]["rule"] == "The requester's manager."


# --- bulk decisions -------------------------------------------------------------------------


def test_bulk_decides_each_on_its_own_and_answers_per_item():
    org = make_org()
    first, second, third = submitted(org), submitted(org), submitted(org)
    bearer_client(org.requester).post(f"{URL}{third.pk}/cancel/")  # a conflict
    response = bearer_client(org.approver).post(
        "/api/approvals/bulk/",
        {
            "decisions": [
                {"purchase_request": first.pk, "action": "approve"},
                {"purchase_request": third.pk, "action": "approve"},
                {"purchase_request": second.pk, "action": "reject", "comment": "Too many"},
                {"purchase_request": 999999, "action": "approve"},
                {"purchase_request": second.pk, "action": "approve"},
                {"purchase_request": first.pk, "action": "dance"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200
    results = response.json()
    assert [(r["ok"], r["status"], r["http_status"]) for r in results] == [
        (True, "APPROVED", 200),
        (False, None, 409),
        (True, "REJECTED", 200),
        (False, None, 404),
        (False, None, 409),  # already rejected above
        (False, None, 400),
    ]
    assert results[1]["error"]["code"] == "invalid_transition"
    assert "action" in results[5]["error"]["fields"]
    statuses = dict(PurchaseRequest.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[second.pk], statuses[third.pk]) == ("APPROVED", "REJECTED", "CANCELLED")


def test_bulk_refuses_an_empty_or_oversized_batch():
    org = make_org()
    client = bearer_client(org.approver)
    assert client.post("/api/approvals/bulk/", {"decisions": []}, format="json").status_code == 400
    many = [{"purchase_request": 1, "action": "approve"}] * 101
    assert client.post("/api/approvals/bulk/", {"decisions": many}, format="json").status_code == 400


# --- inbox ----------------------------------------------------------------------------------


def test_inbox_sorts_by_amount_and_filters_by_department():
    org = make_org()
    small = submitted(org, (("A", "1", "10.00"),))
    large = submitted(org, (("B", "1", "900.00"),))
    client = bearer_client(org.approver)
    ids = [row["purchase_request"]["id"] for row in client.get("/api/approvals/", {"ordering": "-amount"}).json()["results"]]
    assert ids == [large.pk, small.pk]
    ids = [row["purchase_request"]["id"] for row in client.get("/api/approvals/").json()["results"]]
    assert ids == [small.pk, large.pk]  # oldest first
    assert client.get("/api/approvals/", {"department": org.department.pk + 1000}).json()["results"] == []
    assert client.get("/api/approvals/", {"ordering": "colour"}).status_code == 400


# --- delegation -----------------------------------------------------------------------------


def delegate_for(org, **extra):
    return UserFactory(role=Role.APPROVER, department=org.department, approval_limit=Decimal("5000.00"), **extra)


def delegate(user, to, starts=0, ends=7):
    today = timezone.localdate()
    return bearer_client(user).post(
        "/api/delegations/",
        {
            "delegate": to.pk,
            "starts_on": (today + timedelta(days=starts)).isoformat(),
            "ends_on": (today + timedelta(days=ends)).isoformat(),
        },
        format="json",
    )


def test_steps_wait_on_the_delegate_and_history_says_on_behalf_of():
    org = make_org()
    waiting = submitted(org)
    deputy = delegate_for(org)
    response = delegate(org.approver, deputy)
    assert response.status_code == 201
    # The step already waiting moved to the deputy ...
    step = waiting.approval_steps.get()
    assert (step.approver_id, step.on_behalf_of_id) == (deputy.pk, org.approver.pk)
    # ... and a new request's chain goes to them directly.
    later = submitted(org)
    step = later.approval_steps.get()
    assert (step.approver_id, step.on_behalf_of_id) == (deputy.pk, org.approver.pk)
    assert "away until" in step.rule
    assert bearer_client(org.approver).post(f"{URL}{later.pk}/approve/").status_code == 403
    assert bearer_client(deputy).post(f"{URL}{later.pk}/approve/", {"comment": "ok"}).json()["status"] == "APPROVED"
    event = AuditEvent.objects.filter(action="purchase_request.approve", object_id=str(later.pk)).get()
    assert event.actor_id == deputy.pk and event.after["on_behalf_of"] == org.approver.email
    # Ending the delegation early returns what still waits.
    [mine] = bearer_client(org.approver).get("/api/delegations/").json()["results"]
    assert bearer_client(deputy).delete(f"/api/delegations/{mine['id']}/").status_code == 404
    assert bearer_client(org.approver).delete(f"/api/delegations/{mine['id']}/").status_code == 200
    step = waiting.approval_steps.get()
    assert (step.approver_id, step.on_behalf_of_id) == (org.approver.pk, None)
    assert bearer_client(org.approver).delete(f"/api/delegations/{mine['id']}/").status_code == 409


def test_a_delegate_without_a_sufficient_limit_passes_the_step_up_the_chain():
    org = make_org()
    weak = UserFactory(role=Role.APPROVER, department=org.department, approval_limit=Decimal("100.00"))
    assert delegate(org.approver, weak).status_code == 201
    request = submitted(org, (("Monitor", "1", "400.00"),))
    assert [(s.approver_id, s.on_behalf_of_id) for s in request.approval_steps.all()] == [(org.finance.pk, None)]


def test_the_requester_as_delegate_never_approves_their_own_request():
    org = make_org()
    org.requester.approval_limit = Decimal("5000.00")
    org.requester.save()
    assert delegate(org.approver, org.requester).status_code == 201
    request = submitted(org)
    assert [s.approver_id for s in request.approval_steps.all()] == [org.finance.pk]


def test_delegation_rules():
    org = make_org()
    deputy, other = delegate_for(org), delegate_for(org)
    assert delegate(org.approver, org.approver).json()["fields"]["delegate"]
    nobody = UserFactory(department=org.department)  # no approval limit
    assert delegate(org.approver, nobody).status_code == 400
    assert delegate(org.approver, deputy, starts=3, ends=1).json()["fields"]["ends_on"]
    assert delegate(org.approver, deputy, starts=-5, ends=-1).status_code == 400
    assert delegate(org.approver, deputy).status_code == 201
    assert delegate(org.approver, other, starts=2, ends=3).json()["fields"]["starts_on"]  # overlaps mine
    assert delegate(deputy, other).json()["fields"]["delegate"]  # deputy stands in: cannot pass it on
    assert delegate(other, org.approver).json()["fields"]["delegate"]  # approver is away
    assert delegate(other, deputy, starts=8, ends=9).status_code == 201  # after it: no chain
    response = bearer_client(org.approver).post("/api/delegations/", {"delegate": deputy.pk}, format="json")
    assert set(response.json()["fields"]) == {"starts_on", "ends_on"}


def test_a_delegation_starting_later_applies_on_its_first_morning(monkeypatch):
    org = make_org()
    deputy = delegate_for(org)
    assert delegate(org.approver, deputy, starts=1, ends=3).status_code == 201
    request = submitted(org)
    assert request.approval_steps.get().approver_id == org.approver.pk
    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert approval_steps_follow_delegations() == 1
    assert approval_steps_follow_delegations() == 0  # idempotent
    assert request.approval_steps.get().approver_id == deputy.pk


# --- decisions from the e-mail --------------------------------------------------------------


def test_an_emailed_link_decides_once_only_for_its_approver_and_never_on_get():
    from purchases.approval_links import approval_link_token

    org = make_org()
    request = submitted(org)
    step = request.approval_steps.get()
    token = approval_link_token(step, "approve")
    client = bearer_client(org.approver)
    preview = client.get("/api/approval-links/", {"token": token})
    assert preview.status_code == 200 and preview.json()["action"] == "approve"
    request.refresh_from_db()
    assert request.status == "PENDING_APPROVAL"  # a GET changes nothing
    assert bearer_client(org.requester).post("/api/approval-links/", {"token": token}, format="json").status_code == 403
    assert client.post("/api/approval-links/", {"token": token + "x"}, format="json").json()["code"] == "invalid_link"
    assert client.post("/api/approval-links/", {"token": token}, format="json").json()["status"] == "APPROVED"
    again = client.post("/api/approval-links/", {"token": token}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "link_used"


def test_an_expired_link_is_410(settings):
    from purchases.approval_links import approval_link_token

    settings.APPROVAL_LINK_MAX_AGE_DAYS = -1
    org = make_org()
    step = submitted(org).approval_steps.get()
    response = bearer_client(org.approver).get("/api/approval-links/", {"token": approval_link_token(step, "reject")})
    assert response.status_code == 410 and response.json()["code"] == "link_expired"


def test_a_reject_link_still_needs_a_comment():
    from purchases.approval_links import approval_link_token

    org = make_org()
    step = submitted(org).approval_steps.get()
    token = approval_link_token(step, "reject")
    client = bearer_client(org.approver)
    assert client.post("/api/approval-links/", {"token": token}, format="json").status_code == 400
    assert client.post("/api/approval-links/", {"token": token, "comment": "No"}, format="json").json()["status"] == "REJECTED"


def test_approvers_lists_only_active_people_with_a_limit():
    org = make_org()
    UserFactory(department=org.department, approval_limit=Decimal("900.00"), is_active=False, full_name="Café Gone")
    client = bearer_client(org.requester)
    ids = {row["id"] for row in client.get("/api/approvers/").json()["results"]}
    assert ids == {org.approver.pk, org.finance.pk}
    found = client.get("/api/approvers/", {"search": org.approver.email.upper()}).json()["results"]
    assert [row["id"] for row in found] == [org.approver.pk] and set(found[0]) == {"id", "email", "full_name", "approval_limit"}
