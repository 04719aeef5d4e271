"""List exports: the rows a list's filters select, as CSV or XLSX, in bounded memory.

A list view that mixes in ExportableList answers `?format=csv` and `?format=xlsx` on its own
URL with every row its filters select (not one page). CSV streams row by row from a server-side
cursor; XLSX is written by openpyxl's write-only workbook (rows go straight to a temporary file,
never held as a sheet in memory) and then streamed from that file. Text that a spreadsheet
would run as a formula is quoted in both (core/csv.py's rule)."""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from openpyxl import Workbook

from .csv import FormatParamIsOurs, formula_safe
from .exceptions import ApplicationError

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000

FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=list(EXPORT_FORMATS),
    description="`csv` or `xlsx`: every row the filters select, as a download, instead of one JSON page.",
)


def list_or_export(serializer) -> dict:
    """The responses of an exportable list for @extend_schema: the JSON page, CSV and XLSX. The
    JSON one is keyed by its media type too: drf-spectacular takes the first key (as text) as the
    main response, which must be the list for the page envelope and the filter parameters."""
    return {(200, "application/json"): serializer, (200, "text/csv"): bytes, (200, XLSX_TYPE): bytes}


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]


def _plain(value: Any) -> Any:
    """A cell's value: dates in the local time zone, Decimals exact, None empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, (date, Decimal, int, float, bool)):
        return value
    return formula_safe(str(value))


def _rows(queryset: QuerySet, columns: list[Column]) -> Iterator[list[Any]]:
    # A server-side cursor on PostgreSQL; prefetch_related is honoured per chunk.
    for obj in queryset.iterator(chunk_size=CHUNK):
        yield [_plain(column.value(obj)) for column in columns]


class _Echo:
    """A file-like object whose write returns what it was given: csv.writer then yields lines."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(columns: list[Column], rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([column.header for column in columns])  # BOM: spreadsheets read UTF-8
    for row in rows:
        yield writer.writerow([value.isoformat(sep=" ") if isinstance(value, datetime) else value for value in row])


def export_response(fmt: str, *, filename: str, columns: list[Column], queryset: QuerySet):
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_lines(columns, _rows(queryset, columns)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
        return response
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(filename[:31])
    sheet.append([column.header for column in columns])
    for row in _rows(queryset, columns):
        sheet.append(row)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{filename}-{stamp}.xlsx", content_type=XLSX_TYPE)


# For a list APIView: `?format=csv|xlsx` exports the filtered queryset with `export_columns`; the
# view's get() answers `self.exported(request, queryset)` when it is not None. (A comment, not a
# docstring: drf-spectacular would show a docstring as every list's description.)
class ExportableList:
    content_negotiation_class = FormatParamIsOurs
    export_name = "export"
    export_columns: list[Column] = []

    def exported(self, request, queryset: QuerySet):
        fmt = request.query_params.get("format")
        if fmt is None or fmt == "json":
            return None
        if fmt not in EXPORT_FORMATS:
            raise ApplicationError(
                "validation_error", "Unknown format.", fields={"format": ["Choose csv or xlsx (or leave it out for JSON)."]}
            )
        return export_response(fmt, filename=self.export_name, columns=self.export_columns, queryset=queryset)
