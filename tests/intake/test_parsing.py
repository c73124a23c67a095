"""Reading files: encodings, separators, headers, XLSX, limits — French refusals."""

import io

import pytest
from openpyxl import Workbook

from prevex.intake import services
from prevex.intake.models import BatchStatus, ImportRow
from prevex.intake.parsing import MAX_BYTES, FileRefused, read_file
from tests.intake.conftest import HEADER, csv_bytes, row


def _rows(content: bytes, name="f.csv"):
    parsed = read_file(content, name)
    return parsed, list(parsed.rows())


def test_utf8_with_bom_and_semicolon():
    parsed, rows = _rows(b"\xef\xbb\xbf" + csv_bytes([row(locataire_nom="Bénali")]))
    assert rows[0] == (2, {**{c: "" for c in HEADER}, **row(locataire_nom="Bénali")})
    assert "UTF-8 (avec BOM)" in parsed.file_format and "point-virgule" in parsed.file_format
    assert parsed.notices == []


def test_comma_separator_is_detected():
    parsed, rows = _rows(csv_bytes([row(adresse="12, rue de Paris")], sep=","))
    assert "virgule" in parsed.file_format
    assert rows[0][1]["adresse"] == "12, rue de Paris"


@pytest.mark.parametrize(
    ("encoding", "name"), [("cp1252", "Bénédicte Œuvray"), ("latin-1", "Zoé Müller")]
)
def test_windows_encodings_are_detected_and_said(encoding, name):
    content = csv_bytes([row(locataire_nom=name, montant_dette="1950")], encoding=encoding)
    parsed, rows = _rows(content)
    assert rows[0][1]["locataire_nom"] == name
    assert "Windows-1252 (cp1252)" in parsed.file_format
    assert "n'est pas en UTF-8" in parsed.notices[0]


def test_bytes_undefined_in_cp1252_fall_back_to_latin1():
    content = csv_bytes([row(observations="x")]).replace(b";x", b";\x81")
    parsed, rows = _rows(content)
    assert "latin-1" in parsed.file_format
    assert rows[0][1]["observations"] == "\x81"


def test_a_utf8_file_with_a_bom_and_one_windows_line_is_read_and_the_line_named():
    """A UTF-8 export (with its BOM) to which a Windows tool appended a row: the file was
    refused whole, without saying which line was at fault."""
    utf8 = b"\xef\xbb\xbf" + csv_bytes([row(locataire_nom="Bénali")])
    windows = csv_bytes([row(locataire_nom="Bérénice", reference_acte="CDP-2")], encoding="cp1252")
    parsed, rows = _rows(utf8 + windows.split(b"\r\n", 1)[1])
    assert [r["locataire_nom"] for _, r in rows] == ["Bénali", "Bérénice"]
    assert "mélangés" in parsed.file_format
    assert "ligne(s) 3 lue(s) comme Windows-1252" in parsed.notices[0]


def test_a_carriage_return_alone_inside_a_cell_does_not_cut_the_row():
    """Unquoted, as a web form's copy-paste leaves it (a quoted cell keeps its line break,
    as the CSV format says)."""
    content = csv_bytes([row(adresse="12 rue de la République|Bât B"), row(reference_acte="Z")])
    parsed, rows = _rows(content.replace(b"|", b"\r"))
    assert [line for line, _ in rows] == [2, 3]
    assert rows[0][1]["adresse"] == "12 rue de la République Bât B"
    assert rows[0][1]["code_postal"] == "93200"
    assert any("au milieu de la ligne 2" in notice for notice in parsed.notices)


def test_a_file_whose_lines_end_with_carriage_returns_alone_is_read_as_such():
    content = csv_bytes([row(), row(reference_acte="Z")]).replace(b"\r\n", b"\r")
    parsed, rows = _rows(content)
    assert [r["reference_acte"] for _, r in rows] == ["CDP-001", "Z"]
    assert not any("retour chariot" in notice for notice in parsed.notices)


def test_header_ignores_case_accents_spaces_and_reports_unknown_columns():
    header = [" TYPE ACTE ", "Date_Acte", "Locataire nom", "locataire prénom", "Adresse"]
    header += ["Code-Postal", "Numéro CAF"]
    content = ";".join(header).encode() + b"\r\nCDP;10/03/2025;Benali;Samia;1 rue A;93200;123\r\n"
    parsed, rows = _rows(content)
    assert rows[0][1] == {
        "type_acte": "CDP",
        "date_acte": "10/03/2025",
        "locataire_nom": "Benali",
        "locataire_prenom": "Samia",
        "adresse": "1 rue A",
        "code_postal": "93200",
    }
    assert "Numéro CAF" in parsed.notices[0]


def test_line_numbers_follow_the_file_with_multiline_cells_and_blank_lines():
    content = csv_bytes([row(observations="ligne 1\nligne 2"), row(), {}])
    content += b";;;\r\n" + csv_bytes([row(reference_acte="Z")]).split(b"\r\n", 1)[1]
    parsed, rows = _rows(content)
    assert [line for line, _ in rows] == [2, 4, 7]
    assert rows[0][1]["observations"] == "ligne 1\nligne 2"
    assert any("2 ligne(s) vide(s)" in n for n in parsed.notices)


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (b"", "f.csv", "vide"),
        (b"\xef\xbb\xbf\r\n  \r\n", "f.csv", "vide"),
        (b"\xd0\xcf\x11\xe0garbage", "f.xls", "XLS (Excel 97-2003)"),
        (b"\xd0\xcf\x11\xe0garbage", "f.csv", "XLS (Excel 97-2003)"),
        (b"PK\x03\x04garbage", "f.csv", "XLSX illisible"),
        (b"PK\x03\x04garbage", "f.xlsx", "XLSX illisible"),
        (b"nom;prenom\r\nA;B\r\n", "f.csv", "Aucune colonne reconnue"),
        (b"type_acte;date_acte\r\nCDP;x\r\n", "f.csv", "absente(s) de l'en-tête : locataire_nom"),
        (
            b"type_acte;date_acte;Date acte;locataire_nom;locataire_prenom;adresse;code_postal\r\n",
            "f.csv",
            "figure deux fois",
        ),
        (bytes(range(256)) * 20, "f.csv", "Aucune colonne reconnue"),
    ],
)
def test_unusable_files_are_refused_in_french(content, name, fragment):
    with pytest.raises(FileRefused) as refusal:
        _rows(content, name)
    assert fragment in refusal.value.message


def test_file_over_50_mb_is_refused_without_parsing(tmp_path):
    big = tmp_path / "gros.csv"
    with big.open("wb") as handle:
        handle.write(csv_bytes([]))
        line = csv_bytes([row(observations="x" * 900)]).split(b"\r\n", 1)[1]
        while handle.tell() <= MAX_BYTES:
            handle.write(line * 1000)
    with pytest.raises(FileRefused) as refusal:
        read_file(big.read_bytes(), big.name)
    assert "Fichier trop volumineux" in refusal.value.message and "50 Mo au plus" in (
        refusal.value.message
    )


def _xlsx(rows, header=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    columns = header or HEADER
    sheet.append(columns)
    for r in rows:
        sheet.append([r.get(c) for c in columns])
    workbook.create_sheet("Autre")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_first_sheet_with_typed_cells():
    import datetime

    content = _xlsx(
        [
            {
                **row(),
                "date_acte": datetime.datetime(2025, 3, 10),
                "code_postal": 93200,
                "montant_dette": 1950.5,
                "loyer_mensuel": 650.0,
            }
        ]
    )
    parsed, rows = _rows(content, "actes.xlsx")
    data = rows[0][1]
    assert (
        data["date_acte"],
        data["code_postal"],
        data["montant_dette"],
        data["loyer_mensuel"],
    ) == (
        "2025-03-10",
        "93200",
        "1950.5",
        "650",
    )
    assert parsed.file_format.startswith("XLSX")
    assert "première feuille" in parsed.notices[0]


@pytest.mark.django_db
def test_header_only_and_empty_files_give_a_failed_batch_with_a_message(bailiff):
    header_only = services.batch_start(
        source=bailiff.organisation, content=csv_bytes([]), filename="vide.csv", by=bailiff
    )
    assert header_only.status == BatchStatus.ECHEC
    assert "que la ligne d'en-tête" in header_only.error
    empty = services.file_import(
        source=bailiff.organisation, content=b"", filename="rien.csv", by=bailiff
    )
    assert empty.status == BatchStatus.ECHEC and "vide" in empty.error
    assert not ImportRow.objects.exists()


@pytest.mark.django_db
def test_xlsx_import_end_to_end(bailiff):
    batch = services.file_import(
        source=bailiff.organisation, content=_xlsx([row()]), filename="a.xlsx", by=bailiff
    )
    assert batch.status == BatchStatus.TERMINE and batch.importes == 1
