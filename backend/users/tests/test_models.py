from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from users.models import User
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_negative_limits_and_self_management():
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(spending_limit=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(manager=user)


def test_database_refuses_the_same_email_in_another_case():
    UserFactory(email="case@example.com")
    table = User._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (email, full_name, role, spending_limit, approval_limit, is_active, is_staff,"
            " is_superuser, date_joined, password) VALUES ('CASE@example.com', '', 'requester', 0, 0, true, false,"
            " false, CURRENT_TIMESTAMP, '')"
        )
