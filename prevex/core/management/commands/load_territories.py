"""Load départements, communes and postcodes from the committed COG data file."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from prevex.core.territories import load_territories, read_dataset


class Command(BaseCommand):
    help = (
        "Charge les départements, communes et codes postaux (Code officiel géographique) "
        "depuis le fichier de données versionné. Idempotent."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument(
            "--departements",
            help="codes des départements séparés par des virgules, par exemple 93,75",
        )
        scope.add_argument("--all", action="store_true", help="tous les départements (101)")

    def handle(self, *args, **options):
        codes = None
        if not options["all"]:
            codes = [code for code in options["departements"].split(",") if code.strip()]
        try:
            counts = load_territories(departements=codes)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        sources = ", ".join(f"{s['name']}@{s['version']}" for s in read_dataset()["sources"])
        self.stdout.write(f"Source : {sources}")
        labels = {
            "departements": "Départements",
            "communes": "Communes",
            "postal_codes": "Codes postaux",
        }
        for key, label in labels.items():
            c = counts[key]
            line = f"{label} : {c['created']} créé(s)"
            if "updated" in c:
                line += f", {c['updated']} mis à jour"
            line += f", {c['unchanged']} inchangé(s)."
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Territoires chargés."))
