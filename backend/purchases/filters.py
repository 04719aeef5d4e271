"""Query-string filters of the purchasing lists (django-filter). Bad values answer 400."""

import django_filters
from django.db.models import Exists, OuterRef, Q

from core.search import matches_text

from .models import PurchaseOrder, PurchaseRequest, PurchaseRequestItem, Vendor, archive_condition


class _SearchFilterSet(django_filters.FilterSet):
    """`search`: any of `search_fields` contains the text, ignoring case and accents ("cafe"
    finds "Café"), on SQLite as on PostgreSQL (core/search.py)."""

    search_fields: tuple[str, ...] = ()
    search = django_filters.CharFilter(method="filter_search", max_length=100)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(self.search_condition(value))

    def search_condition(self, value: str) -> Q:
        condition = Q()
        for field in self.search_fields:
            condition |= matches_text(field, value)
        return condition


class PurchaseRequestFilter(_SearchFilterSet):
    search_fields = ("number", "title", "requester__email", "requester__full_name", "vendor__name")

    def search_condition(self, value: str) -> Q:
        # A line item's description too, as a subquery: a join would list a request once per
        # matching item.
        items = PurchaseRequestItem.objects.filter(matches_text("description", value), purchase_request=OuterRef("pk"))
        return super().search_condition(value) | Q(Exists(items))

    status = django_filters.MultipleChoiceFilter(choices=PurchaseRequest.Status.choices)
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    total_min = django_filters.NumberFilter(field_name="total", lookup_expr="gte")
    total_max = django_filters.NumberFilter(field_name="total", lookup_expr="lte")
    ordering = django_filters.OrderingFilter(
        fields=("created_at", "submitted_at", "total", "number", "needed_by", "status", "title")
    )

    class Meta:
        model = PurchaseRequest
        fields = ["status", "department", "vendor", "requester", "currency"]


class PurchaseOrderFilter(_SearchFilterSet):
    search_fields = ("number", "purchase_request__number", "purchase_request__title", "vendor__name")
    status = django_filters.MultipleChoiceFilter(choices=PurchaseOrder.Status.choices)
    archived = django_filters.BooleanFilter(method="filter_archived")
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    ordering = django_filters.OrderingFilter(fields=("created_at", "issued_at", "total", "number", "status"))

    class Meta:
        model = PurchaseOrder
        fields = ["status", "vendor", "currency"]

    def filter_archived(self, queryset, name, value):
        return queryset.filter(archive_condition()) if value else queryset.exclude(archive_condition())

    @property
    def qs(self):
        # Archived orders leave the default list; `?archived=true` shows them.
        queryset = super().qs
        if "archived" not in self.data:
            queryset = queryset.exclude(archive_condition())
        return queryset


class VendorFilter(_SearchFilterSet):
    search_fields = ("name", "email", "tax_id")
    ordering = django_filters.OrderingFilter(fields=("name", "created_at"))

    class Meta:
        model = Vendor
        fields = ["is_active", "currency"]
