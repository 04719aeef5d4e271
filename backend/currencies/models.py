from django.conf import settings
from django.db import models
from django.db.models import Q

# Units of the base currency for one unit of another: 20 digits, 10 of them decimals, holds
# 0.0000000001 (a weak currency against a strong base) to 9,999,999,999 (the other way round).
RATE = {"max_digits": 20, "decimal_places": 10}


class ExchangeRate(models.Model):
    """What one unit of `currency` was worth in the base currency on `date`."""

    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by hand"
        CSV = "csv", "Imported from CSV"
        ECB = "ecb", "Imported from an ECB reference-rate file"

    currency = models.CharField(max_length=3)
    date = models.DateField()
    rate = models.DecimalField(**RATE)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="exchange_rate_one_per_day"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="exchange_rate_currency_code"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.date}: {self.rate}"
