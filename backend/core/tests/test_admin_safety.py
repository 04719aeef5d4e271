"""The Django admin never deletes money or audit records, and every save through it is audited."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.forms import MultiWidget
from django.urls import reverse

from core.models import AuditEvent
from documents.models import Document
from purchases.models import PurchaseRequestItem, Vendor
from purchases.services import (
    goods_receipt_create,
    purchase_order_create_from_request,
    purchase_request_approve,
    purchase_request_submit,
)
from purchases.tests.factories import VendorFactory, make_org, make_request
from users.models import Role
from users.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROTECTED = [
    "users.department",
    "users.user",
    "purchases.vendor",
    "purchases.purchaserequest",
    "purchases.purchaseorder",
    "purchases.goodsreceipt",
    "documents.document",
    "core.auditevent",
]
READ_ONLY = ["purchases.goodsreceipt", "core.auditevent"]


@pytest.fixture
def superuser():
    return UserFactory(role=Role.ADMIN, department=None, is_staff=True, is_superuser=True)


@pytest.fixture
def admin_site_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def records():
    """One row of each protected model, built through the services as in real use."""
    org = make_org()
    vendor = VendorFactory()
    request = make_request(org.requester)
    purchase_request_submit(request=request, actor=org.requester)
    purchase_request_approve(request=request, actor=org.approver)
    order = purchase_order_create_from_request(request=request, vendor=vendor, actor=org.procurement)
    receipt = goods_receipt_create(
        order=order, actor=org.procurement, lines=[{"po_line": order.lines.first().pk, "quantity": Decimal("1")}]
    )
    document = Document.objects.create(
        uploaded_by=org.procurement,
        file="documents/invoice.pdf",
        original_filename="invoice.pdf",
        content_type="application/pdf",
        extension="pdf",
        size=10,
        sha256="0" * 64,
        purchase_order=order,
    )
    rows = [org.department, org.requester, vendor, request, order, receipt, document, AuditEvent.objects.first()]
    return {row._meta.label_lower: row for row in rows}


def _url(instance, view: str, *args) -> str:
    return reverse(f"admin:{instance._meta.app_label}_{instance._meta.model_name}_{view}", args=args)


def _form_data(response) -> dict:
    """The POST body of an admin change form as it was rendered, inlines included."""
    data: dict = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management[name].html_name: management[name].value() for name in management.fields})
        forms += inline.formset.forms
    for form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form[name].value()
            # Fields with a callable default also post their initial value, as a hidden input.
            for key in [form[name].html_name] + ([form[name].html_initial_name] if field.show_hidden_initial else []):
                if isinstance(field.widget, MultiWidget):
                    parts = field.widget.decompress(value)
                    data.update({f"{key}_{i}": "" if part is None else part for i, part in enumerate(parts)})
                elif value is True:
                    data[key] = "on"
                elif value is not None and value is not False:
                    data[key] = value
    return data


@pytest.mark.parametrize("label", PROTECTED)
def test_the_admin_refuses_to_delete_a_protected_record(admin_site_client, records, label):
    instance = records[label]
    assert admin_site_client.get(_url(instance, "delete", instance.pk)).status_code == 403
    assert admin_site_client.post(_url(instance, "delete", instance.pk), {"post": "yes"}).status_code == 403
    admin_site_client.post(
        _url(instance, "changelist"), {"action": "delete_selected", "_selected_action": [instance.pk], "post": "yes"}
    )
    assert type(instance).objects.filter(pk=instance.pk).exists()


@pytest.mark.parametrize("label", PROTECTED)
def test_the_changelist_offers_no_delete_action(admin_site_client, records, label):
    response = admin_site_client.get(_url(records[label], "changelist"))
    assert response.status_code == 200
    action_form = response.context["action_form"]
    choices = dict(action_form.fields["action"].choices) if action_form else {}
    assert "delete_selected" not in choices


def test_inlines_of_money_records_delete_nothing_and_add_no_approvals_or_lines(admin_site_client, records):
    inlines = {}
    for label in ("purchases.purchaserequest", "purchases.purchaseorder", "purchases.goodsreceipt"):
        response = admin_site_client.get(_url(records[label], "change", records[label].pk))
        inlines.update({(label, inline.formset.prefix): inline for inline in response.context["inline_admin_formsets"]})
    assert len(inlines) == 4 and not any(inline.formset.can_delete for inline in inlines.values())
    assert not inlines[("purchases.purchaserequest", "approval_steps")].has_add_permission
    assert not inlines[("purchases.purchaseorder", "lines")].has_add_permission
    assert not inlines[("purchases.goodsreceipt", "lines")].has_add_permission


@pytest.mark.parametrize("label", READ_ONLY)
def test_append_only_records_are_read_only(admin_site_client, records, label):
    instance = records[label]
    assert admin_site_client.post(_url(instance, "change", instance.pk), {}).status_code == 403
    assert admin_site_client.get(_url(instance, "add")).status_code == 403


def test_a_change_saved_in_the_admin_is_audited_with_before_and_after(admin_site_client, superuser):
    vendor = VendorFactory(name="Old Name")
    data = _form_data(admin_site_client.get(_url(vendor, "change", vendor.pk)))
    response = admin_site_client.post(_url(vendor, "change", vendor.pk), {**data, "name": "New Name"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    vendor.refresh_from_db()
    assert vendor.name == "New Name"
    event = AuditEvent.objects.get(action="admin.change")
    assert (event.actor, event.object_type, event.object_id) == (superuser, "purchases.vendor", str(vendor.pk))
    assert (event.before, event.after) == ({"name": "Old Name"}, {"name": "New Name"})


def test_an_add_in_the_admin_is_audited(admin_site_client, superuser):
    response = admin_site_client.post(
        reverse("admin:purchases_vendor_add"), {"name": "Admin Vendor", "currency": "EUR", "is_active": "on"}
    )
    assert response.status_code == 302
    vendor = Vendor.objects.get(name="Admin Vendor")
    event = AuditEvent.objects.get(action="admin.add")
    assert (event.actor, event.object_id, event.before) == (superuser, str(vendor.pk), None)
    assert event.after["name"] == "Admin Vendor" and event.after["currency"] == "EUR"


def test_a_user_change_with_groups_is_audited(admin_site_client):
    user, group = UserFactory(full_name="Before"), Group.objects.create(name="Buyers")
    data = _form_data(admin_site_client.get(_url(user, "change", user.pk)))
    response = admin_site_client.post(_url(user, "change", user.pk), {**data, "full_name": "After", "groups": [group.pk]})
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="admin.change", object_type="users.user")
    assert event.before == {"full_name": "Before", "groups": []}
    assert event.after == {"full_name": "After", "groups": [group.pk]}


def test_request_items_are_read_only_in_the_admin(admin_site_client, records):
    """An item edited in the admin would leave the request's total and approvals stale."""
    request = records["purchases.purchaserequest"]
    item = request.items.first()
    data = _form_data(admin_site_client.get(_url(request, "change", request.pk)))
    assert "items-0-description" not in data
    data["items-0-description"] = "Changed in the admin"
    admin_site_client.post(_url(request, "change", request.pk), data)
    assert PurchaseRequestItem.objects.get(pk=item.pk).description == item.description
    assert not AuditEvent.objects.filter(object_type="purchases.purchaserequestitem").exists()


def test_a_password_set_in_the_admin_is_audited_without_the_hash(admin_site_client):
    user = UserFactory()
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    new = "another-long-passphrase-42"
    response = admin_site_client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new) and not user.check_password(PASSWORD)
    event = AuditEvent.objects.get(action="admin.password_change")
    assert (event.object_id, event.before, event.after) == (str(user.pk), None, None)


def test_a_user_added_in_the_admin_is_audited_without_the_password(admin_site_client):
    new = "another-long-passphrase-42"
    body = {"email": "new@example.com", "role": "requester", "password1": new, "password2": new, "usable_password": "true"}
    assert admin_site_client.post(reverse("admin:users_user_add"), body).status_code == 302
    event = AuditEvent.objects.get(action="admin.add", object_type="users.user")
    assert event.after == {"email": "new@example.com", "role": "requester"}
