"""``prevex import FILE --source ORGANISATION``: import a notification file.

The whole file is one transaction: if anything interrupts it, nothing is written, and
running the same command again imports it (an interrupted import of the same file is
resumed). Prints the summary in French and writes the error report next to the file
(``FILE.erreurs.csv``; formulas neutralised).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prevex.accounts.models import Organisation
from prevex.intake import reports, selectors, services
from prevex.intake.models import BatchStatus
from prevex.intake.parsing import MAX_BYTES


class Command(BaseCommand):
    help = "Importe un fichier de notifications d'actes (CSV ou XLSX) pour une organisation."

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier CSV ou XLSX")
        parser.add_argument(
            "--source", required=True, help="organisation émettrice : identifiant ou slug"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        source = self._source(options["source"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError("Fichier trop volumineux : 50 Mo au plus. Découpez-le.")
        content = path.read_bytes()
        batch = services.file_import(source=source, content=content, filename=path.name, by=None)
        report = path.with_name(path.name + ".erreurs.csv")
        report.write_text(
            reports.error_report_csv(batch, selectors.batch_error_rows(batch=batch)),
            encoding="utf-8",
        )
        s = batch.summary
        self.stdout.write(f"Import n° {batch.pk} de {path.name} pour {source.name}")
        if batch.file_format:
            self.stdout.write(f"Format : {batch.file_format}")
        for notice in batch.notices:
            self.stdout.write(f"Remarque : {notice}")
        self.stdout.write(
            f"Lignes lues : {s['lus']}\n"
            f"Importées : {s['importes']}\n"
            f"Mises à jour : {s['mis_a_jour']}\n"
            f"Doublons : {s['doublons']}\n"
            f"En quarantaine : {s['quarantaine']}\n"
            f"Envoyées en revue : {s['revue']}"
        )
        self.stdout.write(f"Rapport d'erreurs : {report}")
        if batch.status != BatchStatus.TERMINE:
            raise CommandError(batch.error)

    def _source(self, value: str) -> Organisation:
        value = (value or "").strip()
        organisation = None
        if value.isdigit():
            organisation = Organisation.objects.filter(pk=int(value)).first()
        if organisation is None:
            organisation = Organisation.objects.filter(slug=value).first()
        if organisation is None:
            raise CommandError(f"Organisation inconnue : « {value} » (identifiant ou slug).")
        if not organisation.is_active:
            raise CommandError(f"L'organisation « {organisation.name} » est désactivée.")
        return organisation
