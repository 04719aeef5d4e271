import pytest
from django.core import mail

from conftest import bearer_client
from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import notification_email_task
from purchases.models import ApprovalStep
from purchases.tests.factories import VendorFactory, make_org, make_request
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/purchase-requests/"


def kinds(user):
    return list(Notification.objects.filter(user=user).order_by("id").values_list("kind", flat=True))


def test_the_flow_notifies_each_person_of_what_waits_on_them_with_a_link():
    org = make_org()
    vendor = VendorFactory()
    request = make_request(org.requester, vendor=vendor, total_items=(("Keyboard", "2", "50.00"),))
    bearer_client(org.requester).post(f"{URL}{request.pk}/submit/")
    [waiting] = Notification.objects.filter(user=org.approver)
    assert waiting.kind == "approval_waiting" and waiting.url == f"/purchase-requests/{request.pk}"
    assert request.number in waiting.text
    bearer_client(org.approver).post(f"{URL}{request.pk}/approve/")
    assert kinds(org.requester) == ["request_decided", "po_issued"]
    order = request.purchase_order
    po_note = Notification.objects.get(user=org.requester, kind="po_issued")
    assert "automatically on approval" in po_note.text and po_note.url == f"/purchase-orders/{order.pk}"
    line = order.lines.get()
    response = bearer_client(org.procurement).post(
        f"/api/purchase-orders/{order.pk}/receipts/", {"lines": [{"po_line": line.pk, "quantity": "2"}]}, format="json"
    )
    assert response.status_code == 201
    assert kinds(org.requester)[-1] == "goods_received"
    # The requester receiving their own goods is not told about it.
    assert Notification.objects.filter(user=org.procurement).count() == 0


def test_list_is_mine_unread_first_and_read_marks_one_or_all():
    org = make_org()
    for _ in range(3):
        bearer_client(org.requester).post(f"{URL}{make_request(org.requester).pk}/submit/")
    client = bearer_client(org.approver)
    rows = client.get("/api/notifications/").json()["results"]
    assert len(rows) == 3 and all(row["read_at"] is None for row in rows)
    oldest = rows[-1]
    assert client.post(f"/api/notifications/{oldest['id']}/read/").json()["read_at"] is not None
    rows = client.get("/api/notifications/").json()["results"]
    assert rows[-1]["id"] == oldest["id"]  # read ones after the unread
    assert client.get("/api/notifications/", {"unread": "true"}).json()["count"] == 2
    # Someone else's notification is 404, and read-all marks only mine.
    assert bearer_client(org.requester).post(f"/api/notifications/{oldest['id']}/read/").status_code == 404
    assert client.post("/api/notifications/read-all/").json() == {"marked": 2}
    assert client.get("/api/notifications/", {"unread": "true"}).json()["count"] == 0
    assert client.get("/api/notifications/", {"unread": "maybe"}).status_code == 400


def test_the_approval_mail_links_to_the_request_and_to_signed_decision_links(settings):
    settings.SITE_URL = "https://p2p.example.com"
    from purchases.tasks import approval_step_notify_task

    org = make_org()
    request = make_request(org.requester)
    bearer_client(org.requester).post(f"{URL}{request.pk}/submit/")
    step = ApprovalStep.objects.get(purchase_request=request)
    assert approval_step_notify_task.apply(args=(step.pk,)).get() is True
    [message] = mail.outbox
    assert f"https://p2p.example.com/purchase-requests/{request.pk}" in message.body
    assert "Please approve or reject it." in message.body
    assert "https://p2p.example.com/approval-link?token=" in message.body
    assert 'href="https://p2p.example.com/approval-link?token=' in message.alternatives[0][0]


def test_a_mailed_notification_says_what_is_expected_and_links_absolutely(settings):
    settings.SITE_URL = "https://p2p.example.com"
    org = make_org()
    request = make_request(org.requester)
    response = bearer_client(org.approver).post(f"{URL}{request.pk}/comments/", {"body": "hi"}, format="json")
    assert response.status_code == 404  # a draft is the requester's alone
    bearer_client(org.requester).post(f"{URL}{request.pk}/submit/")
    bearer_client(org.approver).post(
        f"{URL}{request.pk}/comments/", {"body": 'Which monitor 27" 4K? @' + org.requester.email}, format="json"
    )
    [mention] = Notification.objects.filter(user=org.requester, kind="mention")
    assert notification_email_task.apply(args=(mention.pk,)).get() is True
    assert notification_email_task.apply(args=(mention.pk,)).get() is False  # once
    [message] = mail.outbox
    assert f"https://p2p.example.com/purchase-requests/{request.pk}" in message.body
    assert "please read it and answer" in message.body
    assert 'Which monitor 27" 4K?' in message.body and "&quot;" not in message.body


def test_notify_skips_inactive_users_duplicates_and_whoever_caused_it():
    org = make_org()
    request = make_request(org.requester)
    gone = UserFactory(department=org.department, is_active=False)
    created = notify(
        users=[gone, org.approver, org.approver, org.requester, None],
        kind=Notification.Kind.COMMENT,
        text="x" * 400,
        instance=request,
        url="/purchase-requests/1",
        exclude=org.requester,
    )
    assert [n.user_id for n in created] == [org.approver.pk]
    assert len(created[0].text) == 300 and created[0].object_type == "purchases.purchaserequest"
