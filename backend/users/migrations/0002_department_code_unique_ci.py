"""Department codes are unique whatever the case (`ENG` and `eng` were both accepted), and every
users constraint says in a sentence what it refuses (the API files it under its field)."""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def refuse_case_duplicates(apps, schema_editor):
    """Say which codes clash instead of failing on the unique index with a database error."""
    Department = apps.get_model("users", "Department")
    clashes = (
        Department.objects.using(schema_editor.connection.alias)
        .annotate(folded=Lower("code"))
        .values("folded")
        .annotate(count=Count("id"))
        .filter(count__gt=1)
        .values_list("folded", flat=True)
    )
    if clashes:
        raise RuntimeError(
            "Department codes that differ only in case must be renamed before this migration: " + ", ".join(sorted(clashes))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(refuse_case_duplicates, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="department",
            name="code",
            field=models.CharField(max_length=20),
        ),
        migrations.AddConstraint(
            model_name="department",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("code"),
                name="department_code_unique_ci",
                violation_error_message="A department with this code already exists.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="department",
            name="department_budget_non_negative",
            constraint=models.CheckConstraint(
                condition=models.Q(("annual_budget__gte", 0)),
                name="department_budget_non_negative",
                violation_error_message="The annual budget cannot be negative.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="user",
            name="user_email_unique_ci",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                name="user_email_unique_ci",
                violation_error_message="A user with this email already exists.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="user",
            name="user_spending_limit_non_negative",
            constraint=models.CheckConstraint(
                condition=models.Q(("spending_limit__gte", 0)),
                name="user_spending_limit_non_negative",
                violation_error_message="The spending limit cannot be negative.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="user",
            name="user_approval_limit_non_negative",
            constraint=models.CheckConstraint(
                condition=models.Q(("approval_limit__gte", 0)),
                name="user_approval_limit_non_negative",
                violation_error_message="The approval limit cannot be negative.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="user",
            name="user_not_own_manager",
            constraint=models.CheckConstraint(
                condition=models.Q(("manager", models.F("id")), _negated=True),
                name="user_not_own_manager",
                violation_error_message="A user cannot be their own manager.",
            ),
        ),
    ]
