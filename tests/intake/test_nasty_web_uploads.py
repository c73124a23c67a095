"""Nasty files through the web pages, against the rule « bad input gets a clear French message:
nothing lost, no partial write, no 500 »: the upload form with empty, binary, damaged or
hostile files and file names, the report, error CSV, quarantine and correction pages showing
hostile rows (no markup injected), a large file with bad rows going through the job, the
correction form fed nasty values, and the payments upload with nasty files. Part of the
independent probe of 2026-12-04 (written apart from test_adversarial_files.py); tests marked
« Found by the probe » failed on the code of that day and were fixed with it
(docs/decisions/2026-12-04-nasty-files.md)."""

from __future__ import annotations

import codecs

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from prevex.intake.models import BatchStatus, ImportBatch, ImportRow, RowStatus
from tests.intake.conftest import HEADER, csv_bytes, row
from tests.intake.nasty_helpers import (
    FINAL_ROW_STATES,
    FRENCH,
    _counts,
    _csv,
    _import,
    _table,
    _xlsx_cut,
    _zip,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- web upload


NASTY_UPLOADS = {
    "empty": (b"", "actes.csv"),
    "header-only": (";".join(HEADER).encode(), "actes.csv"),
    "nuls": (b"\x00" * 64, "actes.csv"),
    "utf16": (codecs.BOM_UTF16_LE + _csv(_table(row())).encode("utf-16-le"), "actes.csv"),
    "cp1252": (_csv(_table(row(locataire_nom="Gérard"))).encode("cp1252"), "actes.csv"),
    "mac-cr": (_csv(_table(row()), eol="\r").encode(), "actes.csv"),
    "unclosed-quote": (
        (
            "\r\n".join(
                [
                    ";".join(HEADER),
                    ";".join(row().get(c, "") for c in HEADER).replace("Benali", '"Benali'),
                ]
            )
            + "\r\n"
        ).encode(),
        "actes.csv",
    ),
    "1mb-cell": (_csv(_table(row(observations="x" * 1_000_000))).encode(), "actes.csv"),
    "10000-cols": (_csv([HEADER + [f"c{i}" for i in range(10_000)]]).encode(), "actes.csv"),
    "pdf": (b"%PDF-1.4\n" + bytes(range(256)) * 4, "actes.pdf"),
    "zip": (_zip({"a.csv": b"x"}), "actes.csv"),
    "zip-bad-xml": (_zip({"[Content_Types].xml": b"<not xml"}), "actes.csv"),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "actes.xls"),
    "bad-rows": (
        csv_bytes(
            [row(date_acte="44927", montant_dette="1e9", locataire_nom="=cmd|' /C calc'!A0")]
        ),
        "actes.csv",
    ),
    "weird-name": (("\u202e\x00" + ".." + "/" + ".." + "/etc/passwd;.csv").encode(), "x"),
    "filename-nul": (csv_bytes([row()]), "ac\x00tes.csv"),
    "filename-long": (csv_bytes([row()]), "a" * 400 + ".csv"),
}


@pytest.mark.urls("tests.intake.urls")
@pytest.mark.parametrize("case", list(NASTY_UPLOADS))
def test_web_upload_never_500_and_says_it_in_french(client, bailiff, login_as, case):
    """Found by the probe. zip-bad-xml (500)."""
    login_as(bailiff)
    content, name = NASTY_UPLOADS[case]
    before = _counts()
    response = client.post("/imports/", {"fichier": SimpleUploadedFile(name, content)})
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        page = client.get(response["Location"])
        assert page.status_code == 200
        html = page.content.decode()
    else:
        html = response.content.decode()
    assert FRENCH.search(html)
    batch = ImportBatch.objects.order_by("-id").first()
    if batch is not None and batch.status == BatchStatus.ECHEC:
        assert "Fichier refusé" in html or batch.error[:40] in html, html[:2000]
        assert _counts() == before
    elif batch is not None:
        assert batch.status == BatchStatus.TERMINE, (batch.status, batch.error)
        assert "terminé" in html


@pytest.mark.urls("tests.intake.urls")
def test_web_error_report_and_quarantine_pages_with_nasty_rows(client, bailiff, login_as):
    login_as(bailiff)
    rows_ = [
        row(reference_acte="W1", locataire_nom="<script>alert(1)</script>"),
        row(reference_acte="W2", observations="\u202e<b>gras</b>", date_acte="5-janv.-23"),
        row(reference_acte="W3", montant_dette="sNaN", locataire_prenom="😀"),
        row(reference_acte="W4", adresse="x" * 999, code_postal="75001"),
    ]
    client.post("/imports/", {"fichier": SimpleUploadedFile("a.csv", csv_bytes(rows_))})
    batch = ImportBatch.objects.get()
    for url in (
        f"/imports/{batch.pk}/",
        f"/imports/{batch.pk}/erreurs.csv",
        "/imports/quarantaine/",
        "/imports/quarantaine.csv",
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        assert "<script>alert(1)</script>" not in body or url.endswith(".csv"), url
    for r in ImportRow.objects.all():
        response = client.get(f"/imports/lignes/{r.pk}/corriger/")
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.urls("tests.intake.urls")
def test_web_upload_of_an_xlsx_broken_mid_file(client, bailiff, login_as):
    """Found by the probe. 500."""
    login_as(bailiff)
    content = _xlsx_cut(rows=200)
    response = client.post("/imports/", {"fichier": SimpleUploadedFile("a.xlsx", content)})
    assert response.status_code in (200, 302), response.status_code


@pytest.mark.urls("tests.intake.urls")
def test_web_upload_of_a_large_file_with_bad_rows_goes_through_the_job(client, bailiff, login_as):
    login_as(bailiff)
    rows_ = []
    for i in range(2100):
        bad = i % 300 == 0
        rows_.append(
            row(
                reference_acte=f"BIG-{i}",
                locataire_nom="Nom" + "abcdefghijklmnopqrstuvwxyz"[i % 26] * (1 + i % 7),
                locataire_prenom="Prénom" + "abcdefghij"[i % 10],
                locataire_date_naissance="",
                adresse=f"{i} rue de la République",
                date_acte="31/02/2025" if bad else "10/03/2025",
            )
        )
    response = client.post("/imports/", {"fichier": SimpleUploadedFile("g.csv", csv_bytes(rows_))})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.TERMINE, (batch.status, batch.error)
    assert batch.summary["lus"] == 2100
    assert batch.summary["quarantaine"] == 7
    assert client.get(response["Location"]).status_code == 200


# --------------------------------------------------------------------------- quarantine correction


@pytest.mark.urls("tests.intake.urls")
@pytest.mark.parametrize(
    "values",
    [
        {"locataire_nom": "Ben\x00ali", "date_acte": "10/03/2025"},
        {"date_acte": "x" * 10_001},
        {"date_acte": "10/03/2025", "observations": "😀\u202e" * 2000},
        {"date_acte": "44927", "montant_dette": "sNaN"},
        {"date_acte": "10/03/2025", "code_postal": "75001", "commune": "Paris"},
    ],
    ids=["nul", "too-long", "emoji-rtl", "still-bad", "other-dep"],
)
def test_quarantine_correction_form_with_nasty_values(client, bailiff, login_as, values):
    login_as(bailiff)
    _import(bailiff, csv_bytes([row(date_acte="31/02/2025")]))
    stored = ImportRow.objects.get()
    data = {**stored.raw, **values}
    response = client.post(f"/imports/lignes/{stored.pk}/corriger/", data)
    assert response.status_code in (200, 302), response.status_code
    stored.refresh_from_db()
    assert stored.status in FINAL_ROW_STATES
    if stored.status == RowStatus.QUARANTAINE:
        assert FRENCH.search(response.content.decode())


# --------------------------------------------------------------------------- payments file


PAYMENT_NASTY = {
    "empty": (b"", "v.csv"),
    "utf16": (
        codecs.BOM_UTF16_LE
        + "numero_plan;date_versement;montant\r\n1;05/03/2025;150\r\n".encode("utf-16-le"),
        "v.csv",
    ),
    "unclosed-quote": (
        b'numero_plan;date_versement;montant\r\n1;05/03/2025;"150\r\n2;05/04/2025;150\r\n',
        "v.csv",
    ),
    "snan": (b"numero_plan;date_versement;montant\r\n1;05/03/2025;sNaN\r\n", "v.csv"),
    "1mb-cell": (
        b"numero_plan;date_versement;montant\r\n1;05/03/2025;" + b"9" * 1_000_000 + b"\r\n",
        "v.csv",
    ),
    "huge-plan": (
        b"numero_plan;date_versement;montant\r\n" + "９".encode() * 5 + b";05/03/2025;150\r\n",
        "v.csv",
    ),
    "zip-bad-xml": (_zip({"[Content_Types].xml": b"<not xml"}), "v.csv"),
    "xlsx-broken-mid": (None, "v.xlsx"),
    "pdf": (b"%PDF-1.4\n" + bytes(range(256)), "v.csv"),
}


@pytest.mark.urls("tests.intake.urls")
@pytest.mark.parametrize("case", list(PAYMENT_NASTY))
def test_payments_upload_never_500(client, bailiff, login_as, case):
    """Found by the probe. zip-bad-xml and xlsx-broken-mid (500)."""
    from prevex.support.models import Payment

    login_as(bailiff)
    content, name = PAYMENT_NASTY[case]
    if content is None:
        table = [["numero_plan", "date_versement", "montant"]] + [
            [1, "05/03/2025", "150"] for _ in range(500)
        ]
        content = _xlsx_cut(table=table)
    response = client.post("/imports/versements/", {"fichier": SimpleUploadedFile(name, content)})
    assert response.status_code in (200, 422), response.status_code
    assert FRENCH.search(response.content.decode())
    assert Payment.objects.count() == 0
