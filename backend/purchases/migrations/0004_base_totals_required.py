from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("purchases", "0003_fill_base_totals")]

    operations = [
        migrations.AddConstraint(
            model_name="purchaserequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("submitted_at__isnull", True),
                    models.Q(("exchange_rate__gt", 0), ("total_base__isnull", False)),
                    _connector="OR",
                ),
                name="pr_submitted_has_base_total",
            ),
        ),
        migrations.AlterField(
            model_name="purchaseorder",
            name="total_base",
            field=models.DecimalField(
                decimal_places=2, help_text="The total in the base currency, at the request's rate.", max_digits=14
            ),
        ),
    ]
