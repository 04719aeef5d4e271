"""The permission classes follow the capability table (the one /api/auth/me/ shows)."""

from types import SimpleNamespace

import pytest

from users.models import Role
from users.permissions import ROLE_PERMISSIONS, Capability, IsAdmin, IsAuditor, IsProcurement, permissions_for

# Who each class let in before it was derived from the table (admins always).
EXPECTED = {
    IsAdmin: {Role.ADMIN},
    IsProcurement: {Role.PROCUREMENT, Role.ADMIN},
    IsAuditor: {Role.FINANCE, Role.ADMIN},
}


def _request(role, *, superuser=False, authenticated=True):
    user = SimpleNamespace(role=role, is_authenticated=authenticated, is_admin=role == Role.ADMIN or superuser, approval_limit=0)
    return SimpleNamespace(user=user)


@pytest.mark.parametrize("permission_class", list(EXPECTED))
@pytest.mark.parametrize("role", list(Role))
def test_each_class_lets_in_exactly_the_roles_whose_capability_it_names(permission_class, role):
    allowed = permission_class().has_permission(_request(role), view=None)
    assert allowed == (role in EXPECTED[permission_class])
    assert allowed == (permission_class.capability in ROLE_PERMISSIONS[role])


@pytest.mark.parametrize("permission_class", list(EXPECTED))
def test_superusers_pass_and_anonymous_users_do_not(permission_class):
    assert permission_class().has_permission(_request(Role.REQUESTER, superuser=True), view=None)
    assert not permission_class().has_permission(_request(Role.ADMIN, authenticated=False), view=None)


def test_the_table_uses_only_declared_capabilities_and_admins_hold_them_all():
    for granted in ROLE_PERMISSIONS.values():
        assert set(granted) <= set(Capability.values)
        assert all(type(name) is str for name in granted)  # plain strings in the JSON
    assert ROLE_PERMISSIONS[Role.ADMIN] == Capability.values
    user = SimpleNamespace(role=Role.REQUESTER, is_admin=False, approval_limit=100)
    assert permissions_for(user) == [Capability.PURCHASE_REQUEST_CREATE, Capability.APPROVAL_ACT]
