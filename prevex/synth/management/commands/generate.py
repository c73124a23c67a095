"""``manage.py generate`` (or ``bin/prevex generate``): a synthetic département.

    bin/prevex generate --preset 93 --years 2019 --seed 1 --format csv --out var/synth
    bin/prevex generate --preset 93 --years 2017-2024 --scale 0.1 --format db

See docs/synthetic-data.md.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from prevex.synth.api import DEFAULT_NOISE, generate


class Command(BaseCommand):
    help = (
        "Génère un département fictif calibré sur les chiffres publiés (preset 93, FR ou "
        "fichier TOML) : fichiers de notifications au format d'import avec leur vérité "
        "terrain (--format csv), ou dossiers en base (--format db)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--preset", default="93", help="93, FR ou chemin d'un fichier .toml")
        parser.add_argument("--years", default="2019", help="année ou période : 2019, 2017-2024")
        parser.add_argument("--seed", type=int, default=1, help="graine (mêmes fichiers)")
        parser.add_argument("--scale", type=float, default=1.0, help="échelle des volumes")
        parser.add_argument(
            "--noise",
            type=float,
            default=DEFAULT_NOISE,
            help=f"part des lignes bruitées (défaut : {DEFAULT_NOISE})",
        )
        parser.add_argument("--format", choices=("csv", "db"), default="csv")
        parser.add_argument("--out", type=Path, help="dossier des fichiers (format csv)")
        parser.add_argument(
            "--workers", type=int, default=None, help="processus (presets multi-départements)"
        )

    def handle(self, *args, **options):
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("Le nombre de processus doit être au moins 1.")
        try:
            result = generate(
                preset=options["preset"],
                years=options["years"],
                seed=options["seed"],
                scale=options["scale"],
                noise=options["noise"],
                out=options["out"],
                format=options["format"],
                workers=options["workers"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        years = (
            f"{result.years[0]}-{result.years[-1]}" if len(result.years) > 1 else result.years[0]
        )
        self.stdout.write(
            f"Preset {result.preset}, {years}, graine {result.seed}, échelle {result.scale} : "
            f"{result.seconds:.1f} s."
        )
        if result.format == "csv":
            rate = f"{result.rows / result.seconds if result.seconds else 0:,.0f}"
            self.stdout.write(
                f"{result.rows} lignes de notification écrites dans {result.out} "
                f"({rate.replace(',', ' ')} lignes/s), avec truth.csv, truth_procedures.csv, "
                "truth_events.csv et summary.json."
            )
        else:
            created = ", ".join(f"{n} {model}" for model, n in sorted(result.created.items()))
            self.stdout.write(f"Créés en base : {created}.")
        for year, counts in result.summary["counts"].items():
            main = ("CDP", "ASSIGNATION", "JUGEMENT", "CQL", "RFP", "CFP_ACCORDE", "EXPULSION")
            text = ", ".join(f"{k} {counts.get(k, 0)}" for k in main)
            self.stdout.write(f"{year} : {text}.")
        if result.summary["shortfalls"]:
            missing = ", ".join(f"{k} ({n})" for k, n in result.summary["shortfalls"].items())
            self.stderr.write(f"Volumes non atteints faute de procédures en amont : {missing}.")
