"""``generate``: a synthetic département (or all of France) from a preset, for a range of
years, into notification files (CSV) or straight into the database.

    from prevex.synth.api import generate
    generate(preset="93", years="2019", seed=1, out=Path("var/synth"))          # CSV
    generate(preset="93", years="2017-2024", seed=93, scale=0.1, format="db",
             organisations={"CAF": caf, "PREFECTURE": prefecture, ...})       # demo

Deterministic: the same arguments give byte-identical files. The management command
``generate`` (``bin/prevex generate``) calls this function. See docs/synthetic-data.md.
"""

from __future__ import annotations

import datetime
import gc
import json
import multiprocessing
import os
import re
import shutil
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from prevex.core import clock
from prevex.core.errors import BusinessError

from .csvout import merge_part
from .endings import close_after_history
from .geo import departement_geo
from .legal import legal_calendar, rulebook_from_data
from .model import year_end, year_start
from .output import assign_references, attach_households, rates, relevant, true_counts
from .people import People
from .presets import VOLUMES, load_preset
from .simulate import Simulation

DEFAULT_NOISE = 0.08
FIRST_YEAR = 2012  # the rules data and the presets' indexes start in the 2010s
FORMATS = ("csv", "db")
COUNTING = (
    "Actes datés dans l'année, par type (doublons exclus). JUGEMENT_* : décisions ; "
    "DSF_ASSIGNATIONS : assignations de l'année suivies d'un diagnostic social et financier "
    "(taux rapporté aux assignations de l'année) ; CCAPEX_EXAMEN : dossiers examinés par la "
    "CCAPEX dans l'année (date dans truth_procedures.csv, ce n'est pas un acte du format "
    "d'import)."
)


@dataclass
class GenerationResult:
    preset: str
    years: list[int]
    seed: int
    scale: float
    noise: float
    format: str
    out: Path | None
    summary: dict
    rows: int = 0  # notification rows written (duplicates included)
    created: dict = field(default_factory=dict)  # database rows created, by model
    seconds: float = 0.0


def already_generated(*, departement: str, seed: int) -> bool:
    """True when the database already holds households generated for this département and
    seed (``93-S093-…`` references): a caller that must be idempotent checks this first,
    since a second ``generate(format="db")`` adds households (numbering continues)."""
    from prevex.households.models import Household

    from .dbout import reference_prefix

    return Household.objects.filter(
        reference__startswith=reference_prefix(departement, seed)
    ).exists()


def parse_years(value) -> range:
    """``2019``, ``"2019"``, ``"2017-2024"`` or a ``range`` → the years (French errors)."""
    if isinstance(value, range):
        years = value
    elif isinstance(value, int):
        years = range(value, value + 1)
    else:
        match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", str(value))
        if not match:
            raise BusinessError(
                f"Années invalides : « {value} ». Exemples : 2019 ou 2017-2024.", code="years"
            )
        first = int(match.group(1))
        years = range(first, int(match.group(2) or first) + 1)
    last_allowed = clock.today().year
    if not years or years.start > years.stop - 1:
        raise BusinessError("La première année doit précéder la dernière.", code="years")
    if years.start < FIRST_YEAR or years.stop - 1 > last_allowed:
        raise BusinessError(
            f"Les années doivent être comprises entre {FIRST_YEAR} et {last_allowed} "
            f"(reçu : {years.start}-{years.stop - 1}).",
            code="years",
        )
    return years


def _check(scale: float, noise: float, format: str, out) -> None:
    if format not in FORMATS:
        raise BusinessError(f"Format inconnu : « {format} » (csv ou db).", code="format")
    if not 0 < scale <= 10:
        raise BusinessError(
            f"L'échelle doit être comprise entre 0 (exclu) et 10 (reçu : {scale}).", code="scale"
        )
    if not 0 <= noise <= 1:
        raise BusinessError(
            f"Le taux de bruit doit être compris entre 0 et 1 (reçu : {noise}).", code="noise"
        )
    if format == "csv":
        if out is None:
            raise BusinessError("Indiquez le dossier de sortie des fichiers (--out).", code="out")
        if Path(out).exists() and not Path(out).is_dir():
            raise BusinessError(f"« {out} » existe et n'est pas un dossier.", code="out")


def generate(
    *,
    preset: str = "93",
    years="2019",
    seed: int = 1,
    scale: float = 1.0,
    noise: float = DEFAULT_NOISE,
    out: Path | str | None = None,
    format: str = "csv",
    organisations: dict | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> GenerationResult:
    """Simulate the preset's département(s) over ``years`` and write the output.

    ``format="csv"``: notification files and truth files in ``out`` (no database used).
    ``format="db"``: households, procedures, acts (and involvements of ``organisations``,
    a dict OrganisationType value → Organisation) bulk-created in the database; the
    territories are loaded if needed. Returns counts and the summary (true counts).
    ``workers``: processes for a preset of several départements in CSV (default: up to
    2); the files are the same whatever the number.
    """
    started = time.perf_counter()
    year_range = parse_years(years)
    _check(scale, noise, format, out)
    loaded = load_preset(preset)
    first, last = year_range.start, year_range.stop - 1
    horizon = min(year_end(last), clock.today().toordinal())
    job = Job(preset=preset, first=first, last=last, horizon=horizon, scale=scale, seed=seed,
              noise=noise, format=format)  # fmt: skip
    departements = [
        dep for dep in loaded.departements
        if any(loaded.quotas(year, scale)[dep].values() for year in year_range)
    ]  # fmt: skip
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    totals = {year: Counter() for year in year_range}
    by_departement: dict[str, dict] = {}
    shortfalls: dict[str, int] = defaultdict(int)
    sink = _sink(format, out, loaded, seed, noise, organisations)

    def collect(dep: str, found: dict) -> None:
        for year, counter in found["counts"].items():
            totals[year].update(counter)
        by_departement[dep] = {
            str(year): {k: found["counts"][year][k] for k in VOLUMES if found["counts"][year][k]}
            for year in year_range
        }
        for key, missing in found["shortfalls"]:
            shortfalls[key] += missing
        if progress:
            progress(dep)

    if format == "csv" and workers > 1 and len(departements) > 1:
        parts = Path(out) / ".parts"
        shutil.rmtree(parts, ignore_errors=True)
        context = multiprocessing.get_context("fork")
        try:
            with context.Pool(workers) as pool:
                tasks = [(job, dep, parts / dep) for dep in departements]
                for dep, found in pool.imap(_csv_part, tasks):
                    merge_part(sink, parts / dep, found["stats"])
                    collect(dep, found)
        finally:
            shutil.rmtree(parts, ignore_errors=True)
    else:
        for dep in departements:
            collect(dep, run_departement(job, dep, sink))
    sink.close()
    summary = {
        "preset": loaded.code,
        "name": loaded.name,
        "seed": seed,
        "scale": scale,
        "noise": noise,
        "years": list(year_range),
        "last_day": _iso(horizon),
        "counting": COUNTING,
        "counts": {str(y): dict(sorted(totals[y].items())) for y in year_range},
        "rates": {str(y): rates(totals[y]) for y in year_range},
        "targets": {str(y): {v: loaded.national(v, y, scale) for v in VOLUMES} for y in year_range},
        "shortfalls": dict(sorted(shortfalls.items())),
        "departements": by_departement if len(by_departement) > 1 else {},
    }
    result = GenerationResult(
        preset=loaded.code, years=list(year_range), seed=seed, scale=scale, noise=noise,
        format=format, out=Path(out) if out is not None else None, summary=summary,
    )  # fmt: skip
    if format == "csv":
        summary["files"] = {f"{k}.csv": v for k, v in sorted(sink.stats.items())}
        result.rows = sum(v["rows"] for v in sink.stats.values())
        text = json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        (Path(out) / "summary.json").write_text(text, encoding="utf-8")
    else:
        result.created = dict(sink.created)
    result.seconds = time.perf_counter() - started
    return result


@dataclass(frozen=True)
class Job:
    preset: str
    first: int
    last: int
    horizon: int
    scale: float
    seed: int
    noise: float
    format: str


def run_departement(job: Job, dep: str, sink) -> dict:
    """Simulate one département and hand its procedures to ``sink`` (CSV or database).

    The cyclic garbage collector is paused meanwhile: millions of small objects, none in
    a reference cycle (reference counting frees them), would otherwise make it walk the
    heap again and again (a quarter of the time, more on a large département).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_departement(job, dep, sink)
    finally:
        if enabled:
            gc.enable()


def _run_departement(job: Job, dep: str, sink) -> dict:
    preset = load_preset(job.preset)
    territory = preset.table("territory")
    zone1 = tuple(territory.get("zone1_departements", ()))
    zone2 = int(territory.get("zone2_min_population", 50000))
    span = (year_start(job.first - preset.warmup_years - 2), year_end(job.last + 5))
    rulebook = rulebook_from_data(dep) if job.format == "csv" else _db_rulebook(dep)
    geo = departement_geo(dep, zone1, zone2)
    sim = Simulation(preset=preset, departement=dep, legal=legal_calendar(rulebook, *span),
                     first_year=job.first, last_year=job.last, horizon=job.horizon,
                     scale=job.scale, seed=job.seed)  # fmt: skip
    first_day = year_start(job.first)
    procs = relevant(sim.run(), first_day)
    if job.format == "db":  # a database is used today: what was open then has ended since
        close_after_history(sim, procs, until=clock.today().toordinal())
    attach_households(procs, People(preset=preset, geo=geo, seed=job.seed, departement=dep))
    assign_references(procs, dep, first_day if job.format == "csv" else 0)
    sink.write(dep=dep, procs=procs, geo=geo, first_day=first_day, horizon=job.horizon)
    years = range(job.first, job.last + 1)
    return {
        "counts": true_counts(sim.procs, years, job.horizon),
        "shortfalls": [
            (f"{year} {volume}", n) for (volume, year), n in sorted(sim.shortfalls.items())
        ],
    }


def _csv_part(task) -> tuple[str, dict]:
    """Worker process: one département written apart, merged in order by the parent."""
    from .csvout import CsvOutput

    job, dep, part = task
    sink = CsvOutput(part, noise=job.noise, preset=load_preset(job.preset), seed=job.seed,
                     header=False)  # fmt: skip
    found = run_departement(job, dep, sink)
    sink.close()
    found["stats"] = sink.stats
    return dep, found


def _iso(day: int) -> str:
    return datetime.date.fromordinal(day).isoformat()


def _db_rulebook(dep: str):
    from prevex.procedures.rules import RuleBook

    return RuleBook.for_departement(dep)


def _sink(format: str, out, preset, seed: int, noise: float, organisations):
    if format == "csv":
        from .csvout import CsvOutput

        return CsvOutput(Path(out), noise=noise, preset=preset, seed=seed)
    from .dbout import DbOutput

    return DbOutput(preset=preset, seed=seed, organisations=organisations or {})
