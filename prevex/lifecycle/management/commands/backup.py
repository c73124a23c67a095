from django.core.management.base import BaseCommand, CommandError

from prevex.lifecycle.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sauvegarde toute la base (SQLite : API de sauvegarde en ligne ; PostgreSQL : pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument(
            "fichier", nargs="?", help="fichier de sortie (défaut : PREVEX_BACKUP_DIR)"
        )

    def handle(self, *args, fichier=None, **options):
        try:
            path = backup(fichier)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Sauvegarde écrite : {path}")
