from django.core.management.base import BaseCommand

from prevex.lifecycle.retention import retention_run


class Command(BaseCommand):
    help = (
        "Anonymise les dossiers clos depuis plus de PREVEX_RETENTION_MONTHS mois "
        "(--dry-run : compte sans rien modifier)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="compter seulement")
        parser.add_argument("--months", type=int, default=None, help="durée en mois")

    def handle(self, *args, dry_run=False, months=None, **options):
        result = retention_run(months=months, dry_run=dry_run)
        cutoff = result.cutoff.strftime("%d/%m/%Y")
        if dry_run:
            self.stdout.write(
                f"{result.due} dossier(s) clos avant le {cutoff} seraient anonymisés "
                "(simulation : rien n'a été modifié)."
            )
        else:
            self.stdout.write(f"{result.anonymised} dossier(s) clos avant le {cutoff} anonymisés.")
