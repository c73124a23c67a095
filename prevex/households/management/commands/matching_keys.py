from django.core.management.base import BaseCommand

from prevex.households.keys_repair import matching_keys_repair


class Command(BaseCommand):
    help = (
        "Recalcule les clés de rapprochement des ménages dont les clés enregistrées ne sont "
        "plus celles des règles actuelles (après une mise à jour de prevex)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--departement", help="code du département (tous par défaut)")

    def handle(self, *args, **options):
        repaired = matching_keys_repair(departement=options.get("departement"))
        self.stdout.write(f"{repaired} ménage(s) aux clés recalculées.")
