"""``manage.py demo_setup``: demo accounts and households of the Seine-Saint-Denis."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from prevex.audit.models import WriteChannel
from prevex.audit.services import write_channel
from prevex.demo.accounts import DEMO_PASSWORD
from prevex.demo.services import DEFAULT_HOUSEHOLDS, DEFAULT_SEED, demo_setup

DEMO_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Crée le département de démonstration (93) : organisations, comptes de démonstration "
        "et ménages fictifs. Refusé hors mode démonstration. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--menages",
            type=int,
            default=DEFAULT_HOUSEHOLDS,
            help=f"nombre de ménages fictifs (défaut : {DEFAULT_HOUSEHOLDS})",
        )
        parser.add_argument("--graine", type=int, default=DEFAULT_SEED, help="graine aléatoire")
        parser.add_argument(
            "--echelle-historique",
            type=float,
            default=0.1,
            help="échelle de l'historique calibré 2017-2024 du 93 (0 : aucun ; défaut : 0,1)",
        )

    def handle(self, *args, **options):
        if options["menages"] < 0:
            raise CommandError("Le nombre de ménages ne peut pas être négatif.")
        started = time.monotonic()
        try:
            with write_channel(WriteChannel.DEMO):  # the history of writes says « démonstration »
                summary = demo_setup(
                    households=options["menages"],
                    seed=options["graine"],
                    history_scale=options["echelle_historique"],
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        elapsed = time.monotonic() - started
        if summary.households_created:
            self.stdout.write(
                f"{summary.households_created} ménages fictifs créés en {elapsed:.0f} s."
            )
        else:
            self.stdout.write("Ménages de démonstration déjà présents : rien à générer.")
        self.stdout.write(f"Ménages du département 93 : {summary.households_total}.\n")
        self.stdout.write(self._table(summary.logins))
        self.stdout.write(
            f"\nMot de passe de tous les comptes : « {DEMO_PASSWORD} » (mode démonstration "
            "uniquement, sans second facteur)."
        )
        self.stdout.write(f"Ouvrez {DEMO_URL} et connectez-vous avec l'un de ces comptes.")

    @staticmethod
    def _table(logins) -> str:
        header = ("Identifiant", "Organisation", "Rôle", "Mot de passe")
        rows = [(x.username, x.organisation, x.role, DEMO_PASSWORD) for x in logins]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]

        def line(row):
            return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))

        rule = "  ".join("-" * w for w in widths)
        return "\n".join([line(header), rule, *(line(r) for r in rows)])
