from django.core.management.base import BaseCommand, CommandError

from prevex.lifecycle.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sauvegarde toute la base (SQLite : API de sauvegarde en ligne ; PostgreSQL : pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument(
            "fichier", nargs="?", help="fichier de sortie (défaut : PREVEX_BACKUP_DIR)"
        )

        parser.add_argument(
            "--nouvelle-cle",
            action="store_true",
            help="affiche une nouvelle clé de chiffrement pour PREVEX_BACKUP_KEY, sans sauvegarder",
        )

    def handle(self, *args, fichier=None, nouvelle_cle=False, **options):
        if nouvelle_cle:
            from cryptography.fernet import Fernet

            self.stdout.write(Fernet.generate_key().decode("ascii"))
            return
        try:
            path = backup(fichier)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Sauvegarde écrite : {path}")
