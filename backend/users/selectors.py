from django.db.models import QuerySet

from .models import User


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
    return qs
