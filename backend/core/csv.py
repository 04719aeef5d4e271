"""The one CSV writer: a header row, then one row per dict (unknown keys ignored), CRLF line ends
(RFC 4180), as text a spreadsheet opens cleanly."""

import csv
import io
from collections.abc import Iterable


def csv_text(fieldnames: list[str], rows: Iterable[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
