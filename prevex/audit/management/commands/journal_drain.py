from django.core.management.base import BaseCommand

from prevex.audit.buffer import drain_spool, pending_files


class Command(BaseCommand):
    help = "Insère dans le journal des accès les lignes mises en attente (verrou SQLite)."

    def handle(self, *args, **options):
        waiting = len(pending_files())
        written = drain_spool()
        self.stdout.write(f"{written} ligne(s) insérée(s) depuis {waiting} fichier(s) en attente.")
