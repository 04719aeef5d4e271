"""The one CSV writer: a header row, then one row per dict (unknown keys ignored), CRLF line ends
(RFC 4180), as text a spreadsheet opens cleanly."""

import csv
import io
import re
from collections.abc import Iterable

from django.http import HttpResponse
from rest_framework.negotiation import DefaultContentNegotiation

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Amounts reach the writer as text ("-12.50"); a spreadsheet reads that as a number, never a formula.
_NEGATIVE_NUMBER = re.compile(r"-[0-9]+(\.[0-9]+)?")


def formula_safe(value):
    """Text a spreadsheet would run as a formula (a vendor named =HYPERLINK(...)) gets a leading
    quote, as OWASP advises, so it opens as text; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _NEGATIVE_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(fieldnames: list[str], rows: Iterable[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: formula_safe(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


class FormatParamIsOurs(DefaultContentNegotiation):
    """For a view whose `?format=csv` is its own parameter, not DRF's renderer override."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def csv_response(filename: str, fieldnames: list[str], rows: Iterable[dict]) -> HttpResponse:
    """The rows as a CSV download named `filename`."""
    response = HttpResponse(csv_text(fieldnames, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
