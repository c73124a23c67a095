"""Nasty partner files at the byte level, against the rule « bad input gets a clear French
message: nothing lost, no partial write, no 500 »: the encodings partners' tools write
(UTF-8/16/32 with or without BOM, cp1252, latin-1, a file mixing two), line endings (CR, LF,
CRLF, mixed, a lone CR in a cell), empty or blank files, NUL bytes, a DOS end-of-file marker
and control characters inside cells. Part of the independent probe of 2026-12-04 (written
apart from test_adversarial_files.py; docs/decisions/2026-12-04-nasty-files.md)."""

from __future__ import annotations

import codecs

import pytest

from prevex.intake.models import BatchStatus, RowStatus
from tests.intake.conftest import HEADER, csv_bytes, row
from tests.intake.nasty_helpers import (
    FINAL_ROW_STATES,
    OTHER,
    THIRD,
    _counts,
    _csv,
    _import,
    _table,
    assert_finished,
    assert_refused,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding,prefix",
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("cp1252", b""),
    ],
)
def test_common_encodings_import_with_accents_intact(bailiff, encoding, prefix):
    text = _csv(
        _table(row(locataire_nom="Lefèvre", locataire_prenom="Hélène", montant_dette="1 950,00 €"))
    )
    batch = _import(bailiff, prefix + text.encode(encoding))
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors
    assert stored.raw["locataire_nom"] == "Lefèvre"
    assert stored.normalised["montant_dette"] in ("1950.00", "1950")


def test_excel_unicode_text_export_utf16_tab(bailiff):
    """Excel « Texte Unicode » : UTF-16 LE with BOM, tab-separated."""
    text = _csv(_table(row(locataire_nom="Gonçalves")), sep="\t")
    batch = _import(bailiff, codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "export.txt")
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors


def test_latin1_bytes_undefined_in_cp1252(bailiff):
    text = _csv(_table(row(locataire_nom="Müller", observations="x\x81y", montant_dette="1950")))
    batch = _import(bailiff, text.encode("latin-1"))
    (stored,) = assert_finished(batch, 1)
    assert stored.raw["locataire_nom"] == "Müller"
    assert batch.notices


def test_utf32_with_bom_is_read_or_refused_cleanly(bailiff):
    before = _counts()
    text = _csv(_table(row()))
    batch = _import(bailiff, text.encode("utf-32"))
    if batch.status == BatchStatus.ECHEC:
        assert_refused(batch, before)
    else:
        (stored,) = assert_finished(batch, 1)
        assert stored.raw["locataire_nom"] == "Benali"


def test_utf8_bom_file_with_one_cp1252_line(bailiff):
    """Excel « CSV UTF-8 » with one line pasted from a Windows tool."""
    before = _counts()
    good = _csv(_table(row()))
    bad = _csv([[row(reference_acte="X2", locataire_nom="Gérard").get(c, "") for c in HEADER]])
    content = codecs.BOM_UTF8 + good.encode("utf-8") + bad.encode("cp1252")
    batch = _import(bailiff, content)
    if batch.status == BatchStatus.ECHEC:
        assert_refused(batch, before)
    else:
        assert_finished(batch, 2)


def test_utf16_with_odd_byte_count_is_refused_in_french(bailiff):
    before = _counts()
    content = codecs.BOM_UTF16_LE + _csv(_table(row())).encode("utf-16-le") + b"\x41"
    batch = _import(bailiff, content)
    assert_refused(batch, before)


# --------------------------------------------------------------------------- line endings


@pytest.mark.parametrize("eol", ["\r", "\n", "\r\r\n"])
def test_line_endings(bailiff, eol):
    text = _csv(_table(row(), OTHER), eol=eol)
    batch = _import(bailiff, text.encode())
    stored = assert_finished(batch, 2)
    assert [r.status for r in stored] == [RowStatus.IMPORTE, RowStatus.IMPORTE], [
        r.errors for r in stored
    ]


def test_mixed_line_endings_and_no_final_newline(bailiff):
    lines = [";".join(r) for r in _table(row(), OTHER, THIRD)]
    text = lines[0] + "\r\n" + lines[1] + "\n" + lines[2] + "\r" + lines[3]
    batch = _import(bailiff, text.encode())
    stored = assert_finished(batch, 3)
    assert all(r.status == RowStatus.IMPORTE for r in stored), [r.errors for r in stored]


def test_a_lone_cr_inside_an_unquoted_cell_does_not_lose_data(bailiff):
    """A cell with a stray carriage return (copy-paste from a web form)."""
    data = row(observations="premiere partie\rseconde partie")
    line = ";".join(data.get(c, "") for c in HEADER)
    text = ";".join(HEADER) + "\r\n" + line + "\r\n"
    before = _counts()
    batch = _import(bailiff, text.encode())
    if batch.status == BatchStatus.ECHEC:
        assert_refused(batch, before)
        return
    stored = assert_finished(batch)
    # whatever happened, each physical piece is accounted for (imported or quarantined)
    assert stored
    for r in stored:
        assert r.status in FINAL_ROW_STATES


# --------------------------------------------------------------------------- empty, NUL


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\r\n\r\n\r\n",
        b"   \t  ",
        codecs.BOM_UTF8 + b"\r\n",
        b"\x00" * 100,
        b"\x00\r\n\x00",
        ";".join(HEADER).encode(),
        (";".join(HEADER) + "\r\n\r\n;;;;\r\n  \r\n").encode(),
        codecs.BOM_UTF16_LE + ";".join(HEADER).encode("utf-16-le"),
    ],
    ids=[
        "empty",
        "crlf",
        "blanks",
        "bom",
        "nuls",
        "nul-lines",
        "header",
        "header+blank",
        "utf16-header",
    ],
)
def test_empty_files_are_refused_whole(bailiff, content):
    before = _counts()
    batch = _import(bailiff, content)
    assert_refused(batch, before)


def test_nul_bytes_inside_cells(bailiff):
    text = _csv(_table(row(locataire_nom="Ben\x00ali", observations="a\x00b")))
    batch = _import(bailiff, text.encode())
    (stored,) = assert_finished(batch, 1)
    assert stored.status == RowStatus.IMPORTE, stored.errors
    assert "\x00" not in stored.raw["observations"]


# --------------------------------------------------------------------------- control characters


def test_dos_end_of_file_marker(bailiff):
    """Ctrl-Z (0x1A) left at the end by an old DOS tool."""
    batch = _import(bailiff, csv_bytes([row()]) + b"\x1a")
    stored = assert_finished(batch)
    assert stored[0].status == RowStatus.IMPORTE


def test_control_characters_in_cells(bailiff):
    batch = _import(
        bailiff,
        csv_bytes(
            [
                row(
                    locataire_nom="Ben\x0bali",
                    adresse="12 rue de la\x0cRépublique",
                    observations="a\x07b\x1bc\u2028d\x85e",
                )
            ]
        ),
    )
    (stored,) = assert_finished(batch, 1)
    assert stored.status in FINAL_ROW_STATES
