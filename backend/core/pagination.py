from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


# A list endpoint as the OpenAPI schema declares it: drf-spectacular reads `pagination_class`
# (the {"count", "next", "previous", "results"} envelope and `page`/`page_size`) and, when the
# view names a django-filter `filterset_class`, every filter of it as a query parameter. The
# view's selector still applies the filters; these attributes only describe them. (A comment,
# not a docstring: drf-spectacular would show a docstring as every list's description.)
class ListApiMixin:
    pagination_class = PageNumberPagination
    filterset_class = None

    @property
    def filter_backends(self):
        return [DjangoFilterBackend] if self.filterset_class else []

    @property
    def queryset(self):
        # drf-spectacular finds the filtered model through the view's queryset.
        return self.filterset_class._meta.model.objects.none() if self.filterset_class else None


def paginated_response(view, request, queryset, serializer_class, context: dict | None = None):
    """One page of `queryset`, serialised (with `context`), in the {"count", "next", "previous",
    "results"} shape, by the view's own `pagination_class` (ListApiMixin): the one the schema declares."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context or {}).data)
