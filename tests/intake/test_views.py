"""Import pages as a sender meets them: upload, summary, report, quarantine, resume
(the progress of large files: test_import_job.py)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from prevex.core.models import JobRun, JobState
from prevex.intake import services
from prevex.intake.models import BatchStatus, ImportBatch, ImportRow, RowStatus
from prevex.procedures.models import Event
from tests.intake.conftest import HEADER, csv_bytes, row

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.intake.urls")]

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def sender(bailiff, login_as):
    login_as(bailiff)
    return bailiff


def _upload(client, content: bytes, name="actes.csv"):
    return client.post("/imports/", {"fichier": SimpleUploadedFile(name, content)})


def _csv_lines(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_upload_small_file_imports_it_at_once_and_shows_the_summary(client, sender):
    content = csv_bytes([row(), row(reference_acte="X", date_acte="31/02/2025")])
    response = _upload(client, content)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{batch.pk}/"
    assert batch.status == BatchStatus.TERMINE
    page = client.get(response["Location"])
    html = page.content.decode()
    assert f"Import n° {batch.pk} terminé : 2 lignes lues, 1 importée, 0 mise à jour" in html
    assert 'id="resume-import"' in html
    assert "Corriger la ligne en quarantaine" in html
    assert "Télécharger le rapport d'erreurs" in html


def test_clean_import_offers_no_error_report(client, sender):
    response = _upload(client, csv_bytes([row()]))
    batch = ImportBatch.objects.get()
    html = client.get(response["Location"]).content.decode()
    assert f"Import n° {batch.pk} terminé : 1 ligne lue, 1 importée" in html
    assert "rapport d'erreurs" not in html and "quarantaine</a>" not in html
    listing = client.get("/imports/").content.decode()
    assert f"n° {batch.pk}" in listing and "actes.csv" in listing


def test_refused_file_says_why(client, sender):
    response = _upload(client, b"nom;prenom\r\nA;B\r\n")
    page = client.get(response["Location"]).content.decode()
    assert "Fichier refusé" in page and "Aucune colonne reconnue" in page


def test_upload_form_refuses_missing_file(client, sender):
    response = client.post("/imports/", {})
    assert response.status_code == 200
    assert "Choisissez un fichier." in response.content.decode()


def test_error_report_neutralises_formulas(client, sender):
    rows = [
        row(reference_acte="A", locataire_nom='=HYPERLINK("http://x";"clic")'),
        row(reference_acte="B", montant_dette="-12"),
        row(reference_acte="C", locataire_prenom="@SOMME(A1)", telephone="+33 12"),
    ]
    _upload(client, csv_bytes(rows))
    batch = ImportBatch.objects.get()
    response = client.get(f"/imports/{batch.pk}/erreurs.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = _csv_lines(response)
    assert lines[0] == ["ligne", "colonne", "valeur", "erreur"]
    values = {(line[0], line[1]): line[2] for line in lines[1:] if line[0]}
    assert values[("2", "locataire_nom")] == '\'=HYPERLINK("http://x";"clic")'
    assert values[("3", "montant_dette")] == "'-12"
    assert values[("4", "locataire_prenom")] == "'@SOMME(A1)"
    assert values[("4", "telephone")] == "'+33 12"
    assert all(not cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line)


def test_quarantine_export_neutralises_formulas(client, sender):
    _upload(
        client,
        csv_bytes(
            [
                row(
                    observations="\t=1+1",
                    adresse="\r=cmd",
                    date_acte="31/02/2025",
                    reference_acte="",
                )
            ]
        ),
    )
    lines = _csv_lines(client.get("/imports/quarantaine.csv"))
    header, data = lines[0], lines[1]
    assert data[header.index("observations")] == "'\t=1+1"
    assert data[header.index("adresse")] == "'\r=cmd"
    assert data[header.index("date_acte")] == "31/02/2025"


def test_quarantined_row_corrected_inline_is_imported(client, sender):
    _upload(client, csv_bytes([row(date_acte="31/02/2025", montant_dette="-5")]))
    bad = ImportRow.objects.get()
    listing = client.get("/imports/quarantaine/").content.decode()
    assert f'hx-get="/imports/lignes/{bad.pk}/corriger/"' in listing
    assert "existe pas au calendrier" in listing
    form = client.get(f"/imports/lignes/{bad.pk}/corriger/", **HTMX).content.decode()
    assert "<html" not in form and 'value="31/02/2025"' in form
    values = {**{k: v for k, v in bad.raw.items()}, "date_acte": "28/02/2025"}
    still = client.post(f"/imports/lignes/{bad.pk}/corriger/", values, **HTMX).content.decode()
    assert "elle reste en quarantaine" in still and "ne peut pas être négatif" in still
    assert "existe pas au calendrier" not in still
    bad.refresh_from_db()
    assert bad.status == RowStatus.QUARANTAINE and bad.raw["date_acte"] == "28/02/2025"
    values["montant_dette"] = "1 500"
    done = client.post(f"/imports/lignes/{bad.pk}/corriger/", values, **HTMX).content.decode()
    assert "Ligne importée." in done
    bad.refresh_from_db()
    assert bad.status == RowStatus.IMPORTE and bad.errors == []
    assert Event.objects.get().debt_amount == 1500
    assert f"ménage {bad.household.reference}" in done


def test_shifted_row_is_explained_in_its_form_and_can_be_corrected(client, sender):
    """A row with more cells than the header (an unquoted « 1950,00 » in a comma file):
    the form says so, and once the agent has put the columns right the row is imported
    (the extra cells are what the agent has just realigned, not data to keep)."""
    header = ",".join(HEADER)
    good = row(montant_dette="1950", observations="appel le 3/03")
    cells = [good.get(c, "") for c in HEADER]
    cells[HEADER.index("montant_dette")] = "1950,00"  # unquoted: one cell too many
    _upload(client, (header + "\r\n" + ",".join(cells) + "\r\n").encode())
    bad = ImportRow.objects.get()
    assert bad.status == RowStatus.QUARANTAINE
    form = client.get(f"/imports/lignes/{bad.pk}/corriger/", **HTMX).content.decode()
    assert "de plus que l&#x27;en-tête" in form or "de plus que l'en-tête" in form
    assert "colonne « montant_dette » du fichier" in form
    values = {c: good.get(c, "") for c in HEADER}
    done = client.post(f"/imports/lignes/{bad.pk}/corriger/", values, **HTMX).content.decode()
    assert "Ligne importée." in done, done
    bad.refresh_from_db()
    assert bad.status == RowStatus.IMPORTE and "cellules_en_trop" not in bad.raw
    assert Event.objects.get().debt_amount == 1950


def test_correction_without_javascript_redirects_with_a_message(client, sender):
    _upload(client, csv_bytes([row(date_acte="31/02/2025")]))
    bad = ImportRow.objects.get()
    page = client.get(f"/imports/lignes/{bad.pk}/corriger/").content.decode()
    assert "<html" in page
    response = client.post(
        f"/imports/lignes/{bad.pk}/corriger/", {**bad.raw, "date_acte": "01/03/2025"}
    )
    assert response.status_code == 302 and response["Location"] == "/imports/quarantaine/"
    assert ImportRow.objects.get().status == RowStatus.IMPORTE


def test_interrupted_import_can_be_resumed_from_its_page(client, sender, monkeypatch):
    monkeypatch.setattr(services, "CHUNK_ROWS", 1)
    batch = services.batch_start(
        source=sender.organisation,
        content=csv_bytes([row(), row(reference_acte="R2", locataire_prenom="Karim")]),
        filename="a.csv",
        by=sender,
    )
    batch.status, batch.error = BatchStatus.ECHEC, "Import interrompu par une erreur technique"
    batch.save()
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "Reprendre l'import" in page
    response = client.post(f"/imports/{batch.pk}/reprendre/")
    assert response["Location"] == f"/imports/{batch.pk}/"
    batch.refresh_from_db()  # the job ran at once (immediate mode in the tests)
    assert (batch.status, batch.importes, batch.error) == (BatchStatus.TERMINE, 2, "")
    assert JobRun.objects.get(task_id=batch.job_id).state == JobState.DONE
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "Import relancé" in page and "Reprendre l'import" not in page


def test_the_summary_counts_quarantine_apart_and_lists_the_corrections(client, sender):
    """A corrected row is accepted: it is listed as a correction to check, not counted
    among the rows to correct in quarantine; the quarantine's message names its column
    once."""
    content = csv_bytes(
        [
            row(locataire_date_naissance="09/17/1984"),
            row(reference_acte="X", date_acte="31/02/2025"),
        ]
    )
    response = _upload(client, content)
    html = client.get(response["Location"]).content.decode()
    assert "Corriger la ligne en quarantaine" in html
    assert 'id="corrections"' in html
    assert "Ligne 2 : Date de naissance du locataire" in html and "09/17/1984" in html
    quarantine = client.get("/imports/quarantaine/").content.decode()
    assert quarantine.count("Date de l&#x27;acte") == 1  # not « label (value) : label : … »


def test_rows_sent_to_review_are_explained_without_naming_the_file(client, sender, caf):
    """The sender's act about a file it does not work on yet goes to review
    (« nouvel intervenant »): the summary says what happens next and that nothing is to
    be sent again, without saying which file or that it exists."""
    services.file_import(
        source=caf.organisation,
        content=csv_bytes([row(type_acte="IMPAYE", reference_acte="CAF-1")]),
        filename="caf.csv",
        by=None,
    )
    other = row(
        reference_acte="Q-1",
        locataire_nom="Durand",
        locataire_prenom="Paul",
        locataire_date_naissance="03/03/1970",
        adresse="4 avenue Jean Jaurès",
    )
    quiet = client.get(f"/imports/{_upload_batch(client, [other])}/")
    assert 'id="revue-explication"' not in quiet.content.decode()
    html = client.get(f"/imports/{_upload_batch(client, [row()])}/").content.decode()
    assert ImportRow.objects.filter(status=RowStatus.REVUE).count() == 1
    assert 'id="revue-explication"' in html and "rien à renvoyer" in html
    assert "HH-" not in html and "Benali" not in html


def _upload_batch(client, rows) -> int:
    response = _upload(client, csv_bytes(rows))
    assert response.status_code == 302, response.content[:300]
    return int(response["Location"].rstrip("/").rsplit("/", 1)[1])
