"""Files built independently of our generators, pushed through the real entry points
(``services.file_import`` and the upload page): odd encodings, broken quoting, invisible
characters, cells neutralised by our own exports, oversized uploads."""

import codecs
import gzip

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler

from prevex.households.models import Household
from prevex.intake import parsing, reports, selectors, services
from prevex.intake.models import BatchStatus, ImportBatch, ImportChunk, ImportRow, RowStatus
from prevex.procedures.models import Event
from tests.intake.conftest import HEADER, csv_bytes, row

pytestmark = pytest.mark.django_db


def _line(**values) -> str:
    """One data line written by hand (no quoting), ``;``-separated."""
    full = row(**values)
    return ";".join(full.get(column, "") for column in HEADER)


def _file(*lines: str, encoding="utf-8") -> bytes:
    return ("\r\n".join([";".join(HEADER), *lines]) + "\r\n").encode(encoding)


def _import(sender, content: bytes, name="actes.csv") -> ImportBatch:
    return services.file_import(source=sender.organisation, content=content, filename=name, by=None)


def _counts() -> tuple[int, int, int, int]:
    return (
        ImportRow.objects.count(),
        ImportChunk.objects.count(),
        Household.objects.count(),
        Event.objects.count(),
    )


def _rows(batch) -> list[ImportRow]:
    return list(ImportRow.objects.filter(batch=batch).order_by("line"))


# --------------------------------------------------------------------------- quoting


def test_an_unterminated_quote_refuses_the_file_instead_of_swallowing_the_next_rows(bailiff):
    content = _file(
        _line(reference_acte="U1", locataire_nom="Un", observations='"Locataire absent'),
        _line(reference_acte="U2", locataire_nom="Deux"),
        _line(reference_acte="U3", locataire_nom="Trois"),
    )
    before = _counts()
    batch = _import(bailiff, content)
    assert batch.status == BatchStatus.ECHEC
    assert "Ligne 2" in batch.error and "guillemet" in batch.error
    assert _counts() == before


def test_quotes_closed_properly_still_span_lines(bailiff):
    content = _file(
        _line(reference_acte="Q1", observations='"Note sur ""deux""\r\nlignes"'),
        _line(reference_acte="Q2", locataire_nom="Martin", locataire_prenom="Paul"),
    )
    batch = _import(bailiff, content)
    assert batch.status == BatchStatus.TERMINE and batch.summary["lus"] == 2
    first = _rows(batch)[0]
    assert first.raw["observations"] == 'Note sur "deux"\r\nlignes'


# --------------------------------------------------------------------------- encodings


def test_one_cp1252_line_in_a_utf8_file_does_not_garble_the_other_lines(bailiff):
    utf8 = _line(reference_acte="E1", montant_dette="", observations="Occupant âgé").encode("utf-8")
    cp1252 = _line(reference_acte="E2", locataire_nom="Gérard", montant_dette="").encode("cp1252")
    content = ";".join(HEADER).encode() + b"\r\n" + utf8 + b"\r\n" + cp1252 + b"\r\n"
    batch = _import(bailiff, content)
    assert batch.status == BatchStatus.TERMINE
    first, second = _rows(batch)
    assert first.raw["adresse"] == "12 rue de la République"
    assert first.raw["observations"] == "Occupant âgé"
    assert second.raw["locataire_nom"] == "Gérard"
    notice = " ".join(batch.notices)
    assert "ligne(s) 3 lue(s) comme Windows-1252" in notice


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_as_utf16(bailiff, codec):
    content = _file(_line(locataire_nom="N’Diaye", montant_dette="1 950,00 €")).decode()
    batch = _import(bailiff, content.encode(codec))
    assert batch.status == BatchStatus.TERMINE, batch.error
    assert "UTF-16" in batch.file_format
    (stored,) = _rows(batch)
    assert stored.status == RowStatus.IMPORTE, stored.errors
    assert stored.raw["locataire_nom"] == "N’Diaye"
    assert stored.raw["montant_dette"] == "1 950,00 €"


# --------------------------------------------------------------------------- invisible


@pytest.mark.parametrize(
    "mark", ["\u200b", "\u200e", "\u200f", "\u202e", "\u2060", "\ufeff", "\u00ad"]
)
def test_invisible_characters_are_dropped_from_cells(bailiff, mark):
    content = csv_bytes(
        [
            row(
                locataire_nom=f"Ben{mark}ali",
                code_postal=f"93200{mark}",
                date_acte=f"{mark}10/03/2025",
            )
        ]
    )
    batch = _import(bailiff, content)
    (stored,) = _rows(batch)
    assert stored.status == RowStatus.IMPORTE, stored.errors
    assert stored.normalised["locataire_nom"] == "Benali"


def test_an_address_of_invisible_characters_only_is_missing(bailiff):
    batch = _import(bailiff, csv_bytes([row(adresse="\u200b\u200b")]))
    (stored,) = _rows(batch)
    assert stored.status == RowStatus.QUARANTAINE
    assert [e["column"] for e in stored.errors] == ["adresse"]
    assert Household.objects.count() == 0


# --------------------------------------------------------------------------- round trip


def test_the_quarantine_export_corrected_in_a_spreadsheet_imports_again(bailiff):
    bad = row(
        reference_acte="RT1",
        date_acte="31/02/2025",
        telephone="+33 6 12 34 56 78",
        observations="- locataire absent",
    )
    _import(bailiff, csv_bytes([bad]))
    exported = reports.quarantine_csv(selectors.quarantine_for(membership=bailiff))
    assert "'+33 6 12 34 56 78" in exported  # neutralised for the spreadsheet
    corrected = exported.replace("31/02/2025", "28/02/2025").encode("utf-8")
    _import(bailiff, corrected, "quarantaine.csv")
    stored = ImportRow.objects.get(reference_acte="RT1")
    assert stored.status == RowStatus.IMPORTE, stored.errors
    assert stored.normalised["observations"] == "- locataire absent"
    assert not selectors.quarantine_for(membership=bailiff).exists()


# --------------------------------------------------------------------------- upload


@pytest.fixture
def sender(bailiff, login_as):
    login_as(bailiff)
    return bailiff


def _stored_bytes(monkeypatch) -> list[int]:
    """Bytes that reach Django's storing upload handlers (memory or temporary file)."""
    received = [0]
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def spy(self, raw_data, start, _original=original):
            received[0] += len(raw_data)
            return _original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", spy)
    return received


@pytest.mark.urls("tests.intake.urls")
def test_an_upload_over_the_limit_is_cut_before_it_is_stored(client, sender, monkeypatch):
    monkeypatch.setattr(parsing, "MAX_BYTES", 100_000)
    received = _stored_bytes(monkeypatch)
    content = csv_bytes([row()]) + b"x" * 1_000_000
    response = client.post("/imports/", {"fichier": SimpleUploadedFile("gros.csv", content)})
    assert response.status_code == 200
    assert "Fichier trop volumineux" in response.content.decode()
    assert received[0] <= 100_000
    assert ImportBatch.objects.count() == 0


@pytest.mark.urls("tests.intake.urls")
def test_the_payments_upload_is_cut_at_the_limit_too(client, sender, monkeypatch):
    monkeypatch.setattr(parsing, "MAX_BYTES", 100_000)
    received = _stored_bytes(monkeypatch)
    content = b"numero_plan;date_versement;montant\r\n" + b"1;05/03/2025;150\r\n" * 20_000
    response = client.post(
        "/imports/versements/", {"fichier": SimpleUploadedFile("v.csv", content)}
    )
    assert "Fichier trop volumineux" in response.content.decode()
    assert received[0] <= 100_000


@pytest.mark.urls("tests.intake.urls")
def test_the_upload_page_still_checks_the_csrf_token(bailiff, login_as):
    from django.test import Client

    strict = login_as(bailiff, the_client=Client(enforce_csrf_checks=True))
    response = strict.post("/imports/", {"fichier": SimpleUploadedFile("a.csv", b"x")})
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize("debug", [False, True])
def test_a_browser_upload_with_its_csrf_token_is_imported(bailiff, login_as, settings, debug):
    """The whole stack as a browser meets it (real URLs, every middleware, the CSRF
    token read from the page), in production and in the demo's debug mode, whose error
    pages middleware reads the form before any view: the bounded handler must not break
    an ordinary upload (it did, with a 500, when the view installed it)."""
    from django.test import Client

    settings.DEBUG = debug

    browser = login_as(bailiff, the_client=Client(enforce_csrf_checks=True))
    page = browser.get("/imports/")
    assert page.status_code == 200
    token = page.cookies["csrftoken"].value
    response = browser.post(
        "/imports/",
        {"fichier": SimpleUploadedFile("export.xls", csv_bytes([row()])),
         "csrfmiddlewaretoken": token},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:500]
    assert ImportBatch.objects.get().status == BatchStatus.TERMINE


@pytest.mark.urls("tests.intake.urls")
def test_an_upload_within_the_limit_is_imported(client, sender, monkeypatch):
    monkeypatch.setattr(parsing, "MAX_BYTES", 100_000)
    content = csv_bytes([row()])
    response = client.post("/imports/", {"fichier": SimpleUploadedFile("actes.csv", content)})
    assert response.status_code == 302
    assert ImportBatch.objects.get().status == BatchStatus.TERMINE


# --------------------------------------------------------------------------- already fine

REFUSED = {
    "empty": (b"", "vide"),
    "bom only": (codecs.BOM_UTF8, "vide"),
    "utf-16 bom only": (codecs.BOM_UTF16_LE, "vide"),
    "blank lines": (b"\r\n \r\n\t\r\n", "vide"),
    "header only": (";".join(HEADER).encode(), "que la ligne d'en-tête"),
    "separators only": (b";;;\r\n;;\r\n", "Aucune colonne reconnue"),
    "title line first": (b"Export du 10/03/2025\r\n" + csv_bytes([row()]), "Aucune colonne"),
    "gzip": (gzip.compress(csv_bytes([row()])), "Aucune colonne reconnue"),
    "zip, not xlsx": (b"PK\x03\x04" + b"\x00" * 64, "XLSX illisible"),
    "pdf": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "Aucune colonne reconnue"),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "XLS"),
    "column twice": (_file().replace(b"\r\n", b";Locataire Nom\r\n", 1), "deux fois"),
    "5000 columns": (_file(_line() + ";" * 5000 + "x"), "colonnes, 100 au plus"),
    "200 000-char cell": (_file(_line(observations="x" * 200_000)), "caractères"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_unusable_files_are_refused_whole_in_french(bailiff, case):
    content, fragment = REFUSED[case]
    before = _counts()
    batch = _import(bailiff, content)
    assert batch.status == BatchStatus.ECHEC and fragment in batch.error
    assert _counts() == before


QUARANTINED = {
    "date_acte": ["2024-02-30", "00/00/0000", "31/12/9999", "45000", "10/03/25"],
    "locataire_date_naissance": ["31/12/9999", "01/01/1800", "13/13/1985"],
    "montant_dette": ["NaN", "1e309", "Infinity", "1,234,56", "0x10"],
    "code_postal": ["2A004", "093200", '="93200"'],
    "locataire_nom": ['=cmd|" /C calc"!A0', "Benali😀", "B" * 999],
}


def test_bad_values_are_quarantined_one_row_each_with_their_column(bailiff):
    cases = [(column, value) for column, values in QUARANTINED.items() for value in values]
    rows = [row(reference_acte=f"BAD-{i}", **{c: v}) for i, (c, v) in enumerate(cases)]
    batch = _import(bailiff, csv_bytes(rows))
    stored = _rows(batch)
    assert len(stored) == len(rows) and batch.summary["quarantaine"] == len(rows)
    for imported, (column, _) in zip(stored, cases, strict=True):
        assert imported.status == RowStatus.QUARANTAINE
        assert column in [e["column"] for e in imported.errors], imported.errors
    assert Household.objects.count() == 0 and Event.objects.count() == 0


# --------------------------------------------------------------------------- file names


@pytest.mark.parametrize("name", ["export.xls", "export.xlsx", "EXPORT.XLSX", "actes"])
def test_a_text_file_under_an_excel_name_is_read_as_csv(bailiff, name):
    batch = _import(bailiff, _file(_line(), _line(reference_acte="CDP-002")), name=name)
    assert [r.status for r in _rows(batch)] == [RowStatus.IMPORTE, RowStatus.DOUBLON]


def test_a_tab_separated_export_named_xls_is_read(bailiff):
    content = "\t".join(HEADER) + "\r\n" + "\t".join(row().get(c, "") for c in HEADER)
    batch = _import(bailiff, content.encode("cp1252"), name="extraction.xls")
    assert [r.status for r in _rows(batch)] == [RowStatus.IMPORTE]


def test_garbage_under_an_excel_name_is_refused_naming_the_extension(bailiff):
    before = _counts()
    with pytest.raises(parsing.FileRefused) as refusal:
        parsing.read_file(b"<html><table><tr><td>x</td></tr></table></html>", "export.xls")
    assert "extension « .xls » mais n'est pas un classeur Excel" in refusal.value.message
    assert "Aucune colonne reconnue" in refusal.value.message
    assert _counts() == before


def test_a_stray_quote_inside_a_quoted_cell_is_read_and_named_in_a_notice(bailiff):
    fields = row(adresse="x")
    line = ";".join(
        '"Résidence "Les Lilas", 12 rue de la République"' if c == "adresse" else fields.get(c, "")
        for c in HEADER
    )
    batch = _import(bailiff, _file(_line(reference_acte="A-1"), line))
    notice = " ".join(batch.notices)
    assert "Guillemet" in notice and "ligne(s) 3" in notice
    assert len(_rows(batch)) == 2  # read, not refused


def test_doubled_quotes_raise_no_notice(bailiff):
    fields = row()
    line = ";".join(
        '"Résidence ""Les Lilas"", 12 rue de la République"'
        if c == "adresse"
        else fields.get(c, "")
        for c in HEADER
    )
    batch = _import(bailiff, _file(line))
    assert not any("Guillemet" in n for n in batch.notices)
    assert _rows(batch)[0].raw["adresse"] == 'Résidence "Les Lilas", 12 rue de la République'
