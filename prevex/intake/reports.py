"""Error report and quarantine export (CSV, ``;``, UTF-8 with BOM for spreadsheets).

Every cell goes through ``safe_cell``: a value starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is prefixed with a quote, so that a spreadsheet never runs a
formula a sender slipped into a row (``=HYPERLINK(…)``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from prevex.core.spreadsheet import safe_cell

from .columns import COLUMN_NAMES
from .models import ImportBatch, ImportRow, RowStatus

REPORT_HEADER = ["ligne", "colonne", "valeur", "erreur"]


def _writer(out) -> csv.writer:
    return csv.writer(out, delimiter=";", lineterminator="\r\n")


def error_report_lines(batch: ImportBatch, rows: Iterable[ImportRow]) -> Iterable[list[str]]:
    """Lines of the error report: one per refused cell, after the file-level messages,
    and one per value that intake corrected on an accepted row (never silent)."""
    yield REPORT_HEADER
    if batch.error:
        yield ["", "", "", safe_cell(batch.error)]
    for notice in batch.notices or []:
        yield ["", "", "", safe_cell(f"Remarque : {notice}")]
    # A row sent again in a later file is shown at its line there (``line_in``).
    for row in sorted(rows, key=lambda r: (r.line_in(batch.pk), r.pk)):
        line = str(row.line_in(batch.pk))
        for error in row.errors or []:
            yield [
                line,
                safe_cell(error.get("column", "")),
                safe_cell(error.get("value", "")),
                safe_cell(error.get("message", "")),
            ]
        if row.status == RowStatus.QUARANTAINE:
            continue
        for correction in (row.normalised or {}).get("corrections", []):
            yield [
                line,
                safe_cell(correction.get("column", "")),
                safe_cell(correction.get("value", "")),
                safe_cell(f"Correction (ligne acceptée) : {correction.get('message', '')}"),
            ]


def error_report_csv(batch: ImportBatch, rows: Iterable[ImportRow]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = _writer(out)
    for line in error_report_lines(batch, rows):
        writer.writerow(line)
    return out.getvalue()


def quarantine_csv(rows: Iterable[ImportRow]) -> str:
    """The quarantined rows as received (to correct in a spreadsheet and send again)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = _writer(out)
    writer.writerow(["import", "ligne", *COLUMN_NAMES, "erreurs"])
    for row in rows:
        raw = row.raw or {}
        messages = " | ".join(e.get("message", "") for e in row.errors or [])
        writer.writerow(
            [
                str(row.sent_batch_id),
                str(row.sent_line),
                *(safe_cell(raw.get(column, "")) for column in COLUMN_NAMES),
                safe_cell(messages),
            ]
        )
    return out.getvalue()
