from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class SpendingReport(models.Model):
    """The daily spending report: one per day, its figures as JSON and as a CSV file."""

    report_date = models.DateField(unique=True)
    generated_at = models.DateTimeField(auto_now_add=True)
    totals = models.JSONField(encoder=DjangoJSONEncoder)
    csv_file = models.FileField(upload_to="reports/")
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-report_date"]

    def __str__(self) -> str:
        return f"Spending report {self.report_date}"
