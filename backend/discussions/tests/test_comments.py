import pytest

from conftest import bearer_client
from core.models import AuditEvent
from discussions.models import Comment
from documents.models import Document
from notifications.models import Notification
from purchases.tests.factories import make_org, make_request
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/purchase-requests/"


def document(user, name, **fields):
    return Document.objects.create(
        uploaded_by=user,
        original_filename=name,
        content_type="application/pdf",
        extension="pdf",
        size=1,
        sha256="0" * 64,
        **fields,
    )


def submitted(org):
    request = make_request(org.requester)
    bearer_client(org.requester).post(f"{URL}{request.pk}/submit/")
    return request


def test_a_comment_with_a_mention_notifies_the_mentioned_and_the_followers():
    org = make_org()
    request = submitted(org)
    client = bearer_client(org.approver)
    body = f"Please attach the quote, @{org.procurement.email} can you check the price?"
    response = client.post(f"{URL}{request.pk}/comments/", {"body": body}, format="json")
    assert response.status_code == 201
    comment = response.json()
    assert comment["author"]["id"] == org.approver.pk and [m["id"] for m in comment["mentions"]] == [org.procurement.pk]
    assert Notification.objects.get(user=org.procurement).kind == "mention"
    assert Notification.objects.filter(user=org.requester, kind="comment").count() == 1
    assert not Notification.objects.filter(user=org.approver, kind__in=["comment", "mention"]).exists()  # the author
    listed = bearer_client(org.requester).get(f"{URL}{request.pk}/comments/").json()
    assert [c["body"] for c in listed["results"]] == [body]
    assert AuditEvent.objects.filter(action="comment.create", object_id=str(request.pk)).count() == 1


def test_mentioning_someone_who_cannot_see_the_request_is_refused_and_nothing_is_written():
    org = make_org()
    request = submitted(org)
    outsider = UserFactory(role=Role.REQUESTER, department=org.department)
    response = bearer_client(org.requester).post(
        f"{URL}{request.pk}/comments/", {"body": f"@{outsider.email} look"}, format="json"
    )
    assert response.status_code == 400 and "cannot see this request" in response.json()["fields"]["body"][0]
    response = bearer_client(org.requester).post(
        f"{URL}{request.pk}/comments/", {"body": "@nobody@example.org hi"}, format="json"
    )
    assert response.status_code == 400 and "nobody@example.org" in response.json()["fields"]["body"][0]
    assert Comment.objects.count() == 0 and Notification.objects.filter(kind__in=["mention", "comment"]).count() == 0


def test_visibility_follows_the_request_and_bad_bodies_are_400():
    org = make_org()
    request = submitted(org)
    outsider = UserFactory(role=Role.REQUESTER, department=org.department)
    assert bearer_client(outsider).get(f"{URL}{request.pk}/comments/").status_code == 404
    assert bearer_client(outsider).post(f"{URL}{request.pk}/comments/", {"body": "hi"}, format="json").status_code == 404
    client = bearer_client(org.requester)
    assert client.post(f"{URL}{request.pk}/comments/", {"body": "   "}, format="json").json()["fields"]["body"]
    assert client.post(f"{URL}{request.pk}/comments/", {"body": "x" * 5001}, format="json").status_code == 400
    assert client.post(f"{URL}{request.pk}/comments/", {"body": "hi", "extra": 1}, format="json").status_code == 400
    assert Comment.objects.count() == 0


def test_attachments_are_documents_the_author_uploaded():
    org = make_org()
    request = submitted(org)
    mine = document(org.requester, "quote.pdf", purchase_request=request)
    theirs = document(org.approver, "other.pdf")
    client = bearer_client(org.requester)
    response = client.post(f"{URL}{request.pk}/comments/", {"body": "quote", "documents": [theirs.pk]}, format="json")
    assert response.status_code == 400 and response.json()["fields"]["documents"]
    response = client.post(f"{URL}{request.pk}/comments/", {"body": "quote", "documents": [mine.pk]}, format="json")
    assert response.status_code == 201
    assert response.json()["documents"] == [{"id": mine.pk, "original_filename": "quote.pdf"}]


def test_comments_are_append_only():
    org = make_org()
    request = submitted(org)
    bearer_client(org.requester).post(f"{URL}{request.pk}/comments/", {"body": "first"}, format="json")
    comment = Comment.objects.get()
    with pytest.raises(TypeError):
        comment.save()
    with pytest.raises(TypeError):
        Comment.objects.all().delete()


def test_order_discussion_follows_the_order():
    org = make_org()
    request = submitted(org)
    bearer_client(org.approver).post(f"{URL}{request.pk}/approve/")
    from purchases.tests.factories import VendorFactory

    vendor = VendorFactory()
    order_id = (
        bearer_client(org.procurement)
        .post("/api/purchase-orders/", {"purchase_request": request.pk, "vendor": vendor.pk}, format="json")
        .json()["id"]
    )
    response = bearer_client(org.procurement).post(
        f"/api/purchase-orders/{order_id}/comments/", {"body": "Ordered"}, format="json"
    )
    assert response.status_code == 201
    assert Notification.objects.filter(user=org.requester, kind="comment", url=f"/purchase-orders/{order_id}").exists()


def test_invoice_discussion_notifies_who_entered_it_and_the_request_followers():
    from datetime import date
    from decimal import Decimal

    from invoices.services import invoice_create
    from purchases.models import PurchaseOrder
    from purchases.tests.factories import VendorFactory

    org = make_org()
    request = make_request(org.requester, vendor=VendorFactory())
    bearer_client(org.requester).post(f"{URL}{request.pk}/submit/")
    bearer_client(org.approver).post(f"{URL}{request.pk}/approve/")
    order = PurchaseOrder.objects.get(purchase_request=request)
    line = order.lines.first()
    invoice = invoice_create(
        actor=org.finance,
        header={"purchase_order": order, "number": "INV-1", "invoice_date": date.today(), "total": line.unit_price},
        lines=[{"po_line": line, "description": line.description, "quantity": Decimal("1"), "unit_price": line.unit_price}],
    )
    response = bearer_client(org.requester).post(f"/api/invoices/{invoice.pk}/comments/", {"body": "Half arrived"}, format="json")
    assert response.status_code == 201
    told = set(Notification.objects.filter(kind="comment", url=f"/invoices/{invoice.pk}").values_list("user_id", flat=True))
    # The PO was issued by the approval itself: procurement hears of it too.
    assert told == {org.finance.pk, org.approver.pk, org.procurement.pk}
    outsider = UserFactory(role=Role.REQUESTER, department=org.department)
    assert bearer_client(outsider).get(f"/api/invoices/{invoice.pk}/comments/").status_code == 404
