from django.db.models import Q, QuerySet

from .models import Department, User


def user_list(*, filters: dict | None = None) -> QuerySet[User]:
    """All users (admins only reach this: checked by the view's permission)."""
    qs = User.objects.select_related("department", "manager")
    filters = filters or {}
    if filters.get("role"):
        qs = qs.filter(role=filters["role"])
    if filters.get("department"):
        qs = qs.filter(department_id=filters["department"])
    if filters.get("is_active") is not None:
        qs = qs.filter(is_active=filters["is_active"])
    if search := (filters.get("search") or "").strip():
        qs = qs.filter(Q(email__icontains=search) | Q(full_name__icontains=search))
    return qs


def department_list(*, filters: dict | None = None) -> QuerySet[Department]:
    """Every department: all signed-in users pick them (requests, reports)."""
    qs = Department.objects.select_related("manager")
    if search := ((filters or {}).get("search") or "").strip():
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return qs
