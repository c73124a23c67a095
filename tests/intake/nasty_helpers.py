"""Helpers shared by the ``test_nasty_*`` modules: import a partner file and check the
rule « bad input gets a clear French message: nothing lost, no partial write, no 500 (no
uncaught exception) » (a refused file, a quarantined row, a finished batch), build CSV text
and tables, two other households (``OTHER``, ``THIRD``), and build or damage XLSX and ZIP
files. Not a test module: pytest does not collect it."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from prevex.households.models import Household
from prevex.intake import services
from prevex.intake.models import BatchStatus, ImportBatch, ImportChunk, ImportRow, RowStatus
from prevex.procedures.models import Event
from tests.intake.conftest import HEADER, row

FRENCH = re.compile(
    r"[éèàçêùô«]|\b(le|la|les|du|de|des|fichier|ligne|colonne|est|une?|code|postal|inconnu|"
    r"invalide|montant|date|nom|chiffres|au plus)\b",
    re.IGNORECASE,
)


FINAL_ROW_STATES = set(RowStatus.values)


def _counts() -> dict[str, int]:
    return {
        "rows": ImportRow.objects.count(),
        "chunks": ImportChunk.objects.count(),
        "households": Household.objects.count(),
        "events": Event.objects.count(),
    }


def _import(sender, content: bytes, name: str = "actes.csv") -> ImportBatch:
    batch = services.file_import(
        source=sender.organisation, content=content, filename=name, by=None
    )
    batch.refresh_from_db()
    return batch


def _rows(batch) -> list[ImportRow]:
    return list(ImportRow.objects.filter(batch=batch).order_by("line"))


def assert_refused(batch, before, *fragments):
    """The whole file refused: ECHEC, a French error, nothing written."""
    assert batch.status == BatchStatus.ECHEC, (batch.status, batch.error)
    assert batch.error and FRENCH.search(batch.error), batch.error
    # No exception name of the reader (« ParseError », « BadZipFile ») in the user's text.
    assert not re.search(r"\b[A-Z][a-z]+(Error|Exception|File)\b", batch.error), batch.error
    for fragment in fragments:
        assert fragment.lower() in batch.error.lower(), batch.error
    assert _counts() == before


def assert_quarantined(stored: ImportRow, column: str):
    """A row in quarantine with a French message on ``column``."""
    assert stored.status == RowStatus.QUARANTAINE, (stored.status, stored.raw)
    columns = [e["column"] for e in stored.errors]
    assert column in columns, stored.errors
    for error in stored.errors:
        assert error["message"] and FRENCH.search(error["message"]), error


def assert_finished(batch, expected_rows: int | None = None):
    assert batch.status == BatchStatus.TERMINE, (batch.status, batch.error)
    stored = _rows(batch)
    for r in stored:
        assert r.status in FINAL_ROW_STATES
        if r.status == RowStatus.QUARANTAINE:
            assert r.errors, r.raw
    if expected_rows is not None:
        assert batch.summary["lus"] == expected_rows, batch.summary
    return stored


def _csv(lines: list[list[str]], sep=";", eol="\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator=eol).writerows(lines)
    return out.getvalue()


def _table(*rows_, header=HEADER) -> list[list[str]]:
    return [list(header)] + [[r.get(c, "") for c in header] for r in rows_]


# Two other households (another person, another dwelling): not duplicates of ``row()``.
OTHER = row(
    reference_acte="CQL-9",
    type_acte="CQL",
    date_acte="20/05/2025",
    locataire_nom="Martin",
    locataire_prenom="Paul",
    locataire_date_naissance="",
    adresse="4 avenue Jean Jaurès",
    code_postal="93300",
    commune="Aubervilliers",
)


THIRD = row(
    reference_acte="CDP-7",
    date_acte="12/02/2025",
    locataire_nom="Traoré",
    locataire_prenom="Awa",
    locataire_date_naissance="03/03/1970",
    adresse="8 rue de Paris",
    code_postal="93100",
    commune="Montreuil",
)


def _xlsx(rows_: list[list], sheets=1) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in rows_:
        ws.append(r)
    for i in range(1, sheets):
        wb.create_sheet(f"S{i}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _xlsx_cut(rows: int = 3000, at: float = 0.9, garbage: bool = False, table=None) -> bytes:
    good = _xlsx(table or _table(*[row(reference_acte=f"R{i}") for i in range(rows)]))

    def cut(data: bytes) -> bytes:
        n = int(len(data) * at)
        return data[:n] + b"<<<>>>" + data[n:] if garbage else data[:n]

    src = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = cut(data)
            z.writestr(info.filename, data)
    return out.getvalue()
