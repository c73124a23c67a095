"""`prevex import FILE --source ORG`: summary in French, error report next to the file."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from prevex.intake.models import ImportBatch
from prevex.procedures.models import Event
from tests.intake.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_import_prints_the_summary_and_writes_the_error_report(bailiff, tmp_path):
    path = tmp_path / "actes.csv"
    path.write_bytes(
        csv_bytes([row(), row(reference_acte="B", locataire_nom="=1+1", montant_dette="-3")])
    )
    output = _run(str(path), "--source", "etude-lenoir")
    assert "Lignes lues : 2" in output
    assert "Importées : 1" in output and "En quarantaine : 1" in output
    report = tmp_path / "actes.csv.erreurs.csv"
    assert f"Rapport d'erreurs : {report}" in output
    lines = list(csv.reader(io.StringIO(report.read_text("utf-8").lstrip("\ufeff")), delimiter=";"))
    assert lines[0] == ["ligne", "colonne", "valeur", "erreur"]
    assert {tuple(line[:3]) for line in lines[1:]} == {
        ("3", "locataire_nom", "'=1+1"),
        ("3", "montant_dette", "'-3"),
    }
    assert ImportBatch.objects.get().created_by is None
    again = _run(str(path), "--source", str(bailiff.organisation_id))
    assert "Doublons : 1" in again and "En quarantaine : 1" in again
    assert Event.objects.count() == 1


def test_refused_file_fails_with_the_reason(bailiff, tmp_path):
    path = tmp_path / "vide.csv"
    path.write_bytes(csv_bytes([]))
    with pytest.raises(CommandError, match="que la ligne d'en-tête"):
        _run(str(path), "--source", "etude-lenoir")
    assert (tmp_path / "vide.csv.erreurs.csv").exists()


def test_unknown_source_or_missing_file(bailiff, tmp_path):
    with pytest.raises(CommandError, match="Organisation inconnue"):
        _run(str(tmp_path / "x.csv"), "--source", "nobody")
    with pytest.raises(CommandError, match="Fichier introuvable"):
        _run(str(tmp_path / "x.csv"), "--source", "etude-lenoir")
