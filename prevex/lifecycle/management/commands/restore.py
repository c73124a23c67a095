from django.core.management.base import BaseCommand, CommandError

from prevex.lifecycle.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restaure toute la base depuis une sauvegarde (remplace tout son contenu)."

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="sauvegarde écrite par « backup »")
        parser.add_argument(
            "--oui", action="store_true", help="confirmer : le contenu actuel sera remplacé"
        )

    def handle(self, *args, fichier, oui=False, **options):
        if not oui:
            raise CommandError(
                "La restauration remplace tout le contenu de la base : relancez avec --oui "
                "pour confirmer (arrêtez d'abord le serveur et le traitement des tâches)."
            )
        try:
            restore(fichier)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Base restaurée depuis {fichier}.")
