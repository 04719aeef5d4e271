from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import migrations


def fill_base_totals(apps, schema_editor):
    """Requests submitted before base-currency totals existed: converted with the rate of their
    submission day where one is known, else at 1 (there were no rates before this migration);
    their orders take the request's base total."""
    PurchaseRequest = apps.get_model("purchases", "PurchaseRequest")
    PurchaseOrder = apps.get_model("purchases", "PurchaseOrder")
    ExchangeRate = apps.get_model("currencies", "ExchangeRate")
    cent = Decimal("0.01")
    for request in PurchaseRequest.objects.filter(submitted_at__isnull=False, total_base__isnull=True).iterator():
        rate = Decimal(1)
        if request.currency != settings.BASE_CURRENCY:
            known = (
                ExchangeRate.objects.filter(currency=request.currency, date__lte=request.submitted_at.date())
                .order_by("-date")
                .values_list("rate", flat=True)
                .first()
            )
            rate = known or rate
        request.exchange_rate = rate
        request.total_base = (request.total * rate).quantize(cent, rounding=ROUND_HALF_UP)
        request.save(update_fields=["exchange_rate", "total_base"])
    for order in PurchaseOrder.objects.filter(total_base__isnull=True).select_related("purchase_request").iterator():
        order.total_base = order.purchase_request.total_base or order.total
        order.save(update_fields=["total_base"])


class Migration(migrations.Migration):
    dependencies = [("purchases", "0002_base_currency_totals")]

    operations = [migrations.RunPython(fill_base_totals, migrations.RunPython.noop)]
