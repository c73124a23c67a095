"""Workbooks a hostile-input probe built, and cells it wrote oddly (2026-12-06): one odd
cell quarantines its row, never the file; what is read empty or skipped is said; what
cannot be read at all is refused with its own French message
(docs/decisions/2026-12-06-odd-workbook-cells.md)."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from prevex.households.models import Household
from prevex.intake import services
from prevex.intake.columns import COLUMNS
from prevex.intake.models import BatchStatus, ImportRow, RowStatus
from prevex.intake.parsing import FileRefused, read_file
from prevex.procedures.models import Event
from tests.intake.conftest import HEADER, row

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"
DATE = "B"  # date_acte, second column of HEADER
ADDRESS = "J"  # adresse
DEBT = "U"  # montant_dette
assert (HEADER[1], HEADER[9], HEADER[20]) == ("date_acte", "adresse", "montant_dette")

# Three households (other names, other dwellings): three rows the import takes.
ROWS = [
    row(),
    row(reference_acte="CDP-2", locataire_nom="Martin", locataire_prenom="Paul",
        locataire_date_naissance="", adresse="4 avenue Jean Jaurès", code_postal="93300",
        commune="Aubervilliers"),
    row(reference_acte="CDP-3", locataire_nom="Traoré", locataire_prenom="Awa",
        locataire_date_naissance="03/03/1970", adresse="8 rue de Paris", code_postal="93100",
        commune="Montreuil"),
]  # fmt: skip


def _book(rows=ROWS, **cells) -> Workbook:
    """A workbook of ``rows`` under HEADER, the act date a real date cell; ``cells``
    (« B3 »: value) written over."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for data in rows:
        values = [data.get(c, "") for c in HEADER]
        day, month, year = map(int, data["date_acte"].split("/"))
        values[1] = datetime.date(year, month, day)
        sheet.append(values)
    for ref, value in cells.items():
        sheet[ref] = value
    return book


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx(rows=ROWS, replace: dict[str, str] | None = None, **cells) -> bytes:
    """``_book`` saved; ``replace`` rewrites whole cells of the sheet's XML (« B3 »:
    « <c …>…</c> »), as a tool other than openpyxl would have written them."""
    content = _bytes(_book(rows, **cells))
    if not replace:
        return content
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == SHEET:
                text = data.decode()
                for ref, cell in replace.items():
                    text, count = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', cell, text)
                    assert count == 1, ref
                data = text.encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def _import(sender, content: bytes, name: str = "actes.xlsx"):
    batch = services.file_import(
        source=sender.organisation, content=content, filename=name, by=None
    )
    batch.refresh_from_db()
    return batch


def _rows(batch) -> dict[int, ImportRow]:
    return {r.line: r for r in ImportRow.objects.filter(batch=batch)}


def _errors(stored: ImportRow) -> dict[str, str]:
    return {e["column"]: e["message"] for e in stored.errors}


# --------------------------------------------------------------------------- odd cells


@pytest.mark.parametrize(
    ("ref", "cell", "column", "words"),
    [
        # a serial number no calendar reaches, in a cell formatted as a date
        (f"{DATE}3", f'<c r="{DATE}3" s="1" t="n"><v>2958466000</v></c>', "date_acte",
         "le nombre 2958466000 est au format date"),
        # a date cell (t="d") holding text
        (f"{DATE}3", f'<c r="{DATE}3" t="d"><v>pas-une-date</v></c>', "date_acte",
         "« pas-une-date » est marqué comme une date"),
        (f"{DATE}3", f'<c r="{DATE}3" t="d"><v>2025-02-30</v></c>', "date_acte",
         "marqué comme une date"),
        # a number cell that holds no number
        (f"{DEBT}3", f'<c r="{DEBT}3" t="n"><v>douze</v></c>', "montant_dette",
         "marqué comme un nombre"),
        # a spreadsheet error, in a column that would have taken any text
        (f"{ADDRESS}3", f'<c r="{ADDRESS}3" t="e"><v>#REF!</v></c>', "adresse",
         "l'erreur « #REF! »"),
    ],
    ids=["serial-out-of-range", "date-cell-text", "date-cell-no-such-day", "number-text",
         "error-cell"],
)  # fmt: skip
def test_an_odd_cell_quarantines_its_row_and_the_others_import(bailiff, ref, cell, column, words):
    """Found by the probe: one date cell openpyxl cannot convert refused the whole
    workbook (« XLSX illisible »); a « #REF! » was stored as the address."""
    batch = _import(bailiff, _xlsx(replace={ref: cell}))

    assert batch.status == BatchStatus.TERMINE, batch.error
    stored = _rows(batch)
    assert sorted(stored) == [2, 3, 4]
    assert stored[2].status == stored[4].status == RowStatus.IMPORTE
    assert stored[3].status == RowStatus.QUARANTAINE
    message = _errors(stored[3])[column]
    assert message.startswith(f"{COLUMNS[column]} : la cellule {ref} n'a pas pu être lue (")
    assert words in message, message
    assert len([e for e in stored[3].errors if e["column"] == column]) == 1, stored[3].errors
    assert Household.objects.count() == 2


def test_a_row_quarantined_for_an_odd_cell_leaves_quarantine_once_corrected(bailiff):
    content = _xlsx(replace={f"{DATE}3": f'<c r="{DATE}3" t="d"><v>n/a</v></c>'})
    batch = _import(bailiff, content)
    stored = _rows(batch)[3]
    assert stored.status == RowStatus.QUARANTAINE

    result = services.row_correct(row=stored, values={"date_acte": "10/03/2025"}, by=bailiff)

    stored.refresh_from_db()
    assert stored.status == RowStatus.IMPORTE, (result, stored.errors)
    assert Event.objects.count() == 3


def test_an_unreadable_header_cell_refuses_the_file_naming_it():
    content = _xlsx(replace={"A1": '<c r="A1" t="d"><v>type_acte</v></c>'})
    with pytest.raises(FileRefused, match=r"La cellule A1 de l'en-tête n'a pas pu être lue"):
        read_file(content, "actes.xlsx")


# --------------------------------------------------------------------------- formulas


def test_a_formula_never_computed_in_an_optional_column_is_read_empty_and_said(bailiff):
    """Found by the probe: a workbook written by a tool that does not calculate (here
    openpyxl: « <f>650*3</f><v/> ») read the debt as empty, without a word."""
    content = _xlsx(**{f"{DEBT}2": "=650*3", f"{DEBT}4": "=SUM(S4:T4)"})

    batch = _import(bailiff, content)

    assert batch.status == BatchStatus.TERMINE, batch.error
    stored = _rows(batch)
    assert {r.status for r in stored.values()} == {RowStatus.IMPORTE}
    assert stored[2].normalised["montant_dette"] is None
    (notice,) = [n for n in batch.notices if "Formules sans valeur calculée" in n]
    assert "colonne « montant_dette », ligne(s) 2, 4" in notice, notice
    assert "enregistrez-le et déposez-le à nouveau" in notice


def test_a_formula_never_computed_in_a_required_column_quarantines_its_row(bailiff):
    content = _xlsx(**{f"{ADDRESS}3": '=CONCATENATE("4 avenue ";"Jean Jaurès")'})

    batch = _import(bailiff, content)

    stored = _rows(batch)
    assert stored[2].status == stored[4].status == RowStatus.IMPORTE
    assert stored[3].status == RowStatus.QUARANTAINE
    assert _errors(stored[3]) == {
        "adresse": "Adresse : la cellule J3 contient une formule dont la valeur n'a jamais "
        "été calculée (classeur enregistré sans calcul). Ouvrez le fichier dans votre "
        "tableur et enregistrez-le, ou saisissez la valeur."
    }
    assert any("colonne « adresse », ligne(s) 3" in n for n in batch.notices), batch.notices


def test_computed_formulas_are_read_as_computed_and_say_nothing(bailiff):
    """A spreadsheet's own file: the value it computed (a number, an empty text)."""
    content = _xlsx(
        replace={
            f"{DEBT}2": f'<c r="{DEBT}2"><f>650*3</f><v>1950</v></c>',
            "Z2": '<c r="Z2" t="str"><f>IF(1=2,"x","")</f><v></v></c>',
        },
        Z2="placeholder",
    )
    batch = _import(bailiff, content)
    stored = _rows(batch)
    assert stored[2].status == RowStatus.IMPORTE, stored[2].errors
    assert stored[2].normalised["montant_dette"] == "1950"
    assert not [n for n in batch.notices if "Formules" in n], batch.notices


def test_template_rows_of_uncomputed_formulas_only_are_blank_rows(bailiff):
    content = _xlsx(**{f"{DEBT}9": "=S9*3", f"{DEBT}10": "=S10*3"})
    batch = _import(bailiff, content)
    assert batch.summary["lus"] == 3
    assert not [n for n in batch.notices if "Formules" in n], batch.notices


# --------------------------------------------------------------------------- sheets


def test_a_hidden_first_sheet_is_skipped_and_said(bailiff):
    """Found by the probe: the hidden sheet (a tool's parameters, a former list) was
    imported instead of the sheet the sender sees."""
    book = _book()
    hidden = book.active
    hidden.title = "Paramètres"
    hidden.sheet_state = "hidden"
    shown = book.create_sheet("Actes")
    for values in _book(ROWS[:1]).active.iter_rows(values_only=True):
        shown.append(values)

    batch = _import(bailiff, _bytes(book))

    assert batch.status == BatchStatus.TERMINE, batch.error
    assert batch.summary["lus"] == 1
    assert any(
        "Feuille(s) masquée(s) ignorée(s) : « Paramètres ». La première feuille visible, "
        "« Actes », a été lue." in n
        for n in batch.notices
    ), batch.notices
    assert not any("Seule la première feuille" in n for n in batch.notices), batch.notices


def test_a_workbook_without_a_visible_sheet_is_refused(bailiff):
    """Excel and openpyxl never write one; another tool may."""
    source = zipfile.ZipFile(io.BytesIO(_bytes(_book())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b'state="visible"', b'state="veryHidden"')
                assert b"veryHidden" in data
            target.writestr(info.filename, data)
    with pytest.raises(FileRefused, match="aucune feuille visible"):
        read_file(out.getvalue(), "actes.xlsx")


def _ods() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
    return out.getvalue()


@pytest.mark.parametrize("name", ["actes.ods", "actes.xlsx", "actes.csv"])
def test_an_opendocument_spreadsheet_is_refused_for_what_it_is(bailiff, name):
    """Found by the probe: an .ods was refused as « Fichier XLSX illisible »."""
    batch = _import(bailiff, _ods(), name)
    assert batch.status == BatchStatus.ECHEC
    assert "Le format OpenDocument" in batch.error and "XLSX" in batch.error, batch.error
    assert "illisible" not in batch.error


def test_the_payments_import_refuses_an_opendocument_spreadsheet_too():
    from prevex.intake.payments import _raw_rows

    with pytest.raises(FileRefused, match="Le format OpenDocument"):
        _raw_rows(_ods(), "versements.ods", [])


def test_the_payments_import_reads_the_first_visible_sheet_and_names_an_odd_cell():
    from prevex.intake.payments import _raw_rows

    book = Workbook()
    book.active.title = "Ancien"
    book.active.append(["numero_plan", "date_versement", "montant"])
    book.active.sheet_state = "hidden"
    sheet = book.create_sheet("Versements")
    sheet.append(["numero_plan", "date_versement", "montant"])
    sheet.append([7, datetime.date(2025, 2, 5), 150])
    sheet.append([7, "=TODAY()", 10])
    notices: list[str] = []

    _, _, rows = _raw_rows(_bytes(book), "versements.xlsx", notices)

    (first, second) = list(rows)
    assert first == (2, ["7", "2025-02-05", "150"], "")
    assert second[2].startswith("Date du versement, cellule B3 : formule dont la valeur n'a")
    assert notices == [
        "Feuille(s) masquée(s) ignorée(s) : « Ancien ». La première feuille visible, "
        "« Versements », a été lue."
    ]
