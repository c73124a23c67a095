"""Presets: the data a synthetic département is generated from (TOML files).

A preset (``prevex/synth/presets/93.toml``, ``FR.toml``, or any file a user writes) gives
the yearly volumes of acts in a reference year, their yearly index, the shares that
shape the procedures (social housing, DSF, decisions…), practice delays, outcomes, rents,
landlords, names and the kinds of noise. ``extends = "93"`` takes every table it does not
give from another preset. See docs/synthetic-data.md.

Volumes are exact quotas: ``Preset.quotas(year, scale)`` gives, for each département of
the preset, the number of acts of each kind dated in that year. A national preset
(``spread = "tenants"``) apportions the national volume over the départements in
proportion to their tenant households (largest remainders, so the total is exact).
"""

from __future__ import annotations

import functools
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from prevex.core.errors import BusinessError
from prevex.core.territories import read_dataset

PRESET_DIR = Path(__file__).resolve().parent / "presets"
VOLUMES = (
    "CDP", "ASSIGNATION", "JUGEMENT", "CQL", "RFP", "CFP_ACCORDE", "CFP_REFUSE",
    "EXPULSION", "CCAPEX_EXAMEN",
)  # fmt: skip
DECISIONS = ("FERME", "CONDITIONNELLE", "REJET", "RADIATION")
SHARES = (
    "social_cdp", "caf_known", "impaye_before_cdp", "impaye_only", "signalement",
    "saisine_social", "other_grounds", "contradictoire", "dsf", "dsf_prive", "grace",
    "repeat_household", "vulnerable", "audience_event",
)  # fmt: skip
DELAYS = (
    "cdp_after_arrears", "impaye_after_arrears", "signalement_after_impaye",
    "saisine_after_cdp", "assignation_after_earliest", "hearing_after_assignation",
    "deliberation", "cql_after_ferme", "cql_after_conditionnelle", "rfp_after_possible",
    "cfp_after_rfp", "expulsion_after_cfp", "after_truce", "rerfp_after_truce",
    "ccapex_after_trigger", "exit_after_impaye", "exit_after_cdp", "close_after_exit",
)  # fmt: skip
NOISE_KINDS = (
    "FAUTE_FRAPPE", "INVERSION_NOM_PRENOM", "SANS_ACCENTS", "SANS_DATE_NAISSANCE",
    "CP_COMMUNE_INCOHERENT", "MONTANT_FORMAT", "DATE_FORMAT", "DOUBLON", "ENVOI_TARDIF",
)  # fmt: skip
OUTCOME_KEYS = (
    "IMPAYE", "CDP", "ASSIGNATION", "JUGEMENT_CONDITIONNELLE", "JUGEMENT_FERME",
    "JUGEMENT_AUTRE", "CQL", "RFP", "CFP", "CFP_REFUSE",
)  # fmt: skip
OUTCOMES = (
    "DETTE_SOLDEE", "PLAN_RESPECTE", "PCS", "MAINTIEN", "RELOGEMENT", "HEBERGEMENT",
    "DESISTEMENT", "SURENDETTEMENT", "CLASSEMENT",
)  # fmt: skip
GROUNDS = ("CONGE_VENTE", "CONGE_REPRISE", "TROUBLES", "DEFAUT_ASSURANCE", "SANS_DROIT_NI_TITRE")
COMPOSITIONS = (
    "PERSONNE_SEULE", "MONOPARENTALE", "COUPLE_AVEC_ENFANTS", "COUPLE_SANS_ENFANT", "AUTRE",
)  # fmt: skip
PRIVATE_TYPES = ("PERSONNE_PHYSIQUE", "SCI_FAMILIALE", "PERSONNE_MORALE")


def _fail(preset: str, message: str):
    raise BusinessError(f"Preset « {preset} » : {message}", code="invalid_preset")


def _merge(base: dict, override: dict) -> dict:
    """Tables merged key by key; any other value of ``override`` replaces the base one."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read(name: str, seen: tuple[str, ...] = ()) -> tuple[dict, str]:
    path = Path(name)
    if path.suffix != ".toml":
        path = PRESET_DIR / f"{name}.toml"
    label = path.stem
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in PRESET_DIR.glob("*.toml")))
        _fail(name, f"fichier introuvable ({path}). Presets fournis : {known}.")
    if label in seen:
        _fail(label, "héritage circulaire (extends).")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        _fail(label, f"fichier TOML illisible : {error}.")
    parent = data.get("preset", {}).get("extends")
    if parent:
        base, _ = _read(str(parent), (*seen, label))
        data = _merge(base, data)
        data["preset"].pop("extends", None)
    return data, label


def _number(preset, where, value, *, low=0.0, high=None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(preset, f"{where} doit être un nombre (reçu : {value!r}).")
    if value < low or (high is not None and value > high):
        bound = f"entre {low} et {high}" if high is not None else f"au moins {low}"
        _fail(preset, f"{where} doit être {bound} (reçu : {value}).")
    return float(value)


def _weights(preset, where, table, keys) -> dict[str, float]:
    if not isinstance(table, dict) or not table:
        _fail(preset, f"la table [{where}] manque ou est vide.")
    unknown = sorted(set(table) - set(keys))
    if unknown:
        _fail(preset, f"[{where}] : clé(s) inconnue(s) {', '.join(unknown)}.")
    out = {k: _number(preset, f"[{where}] {k}", table[k]) for k in keys if k in table}
    if sum(out.values()) <= 0:
        _fail(preset, f"[{where}] : au moins un poids doit être positif.")
    return out


@dataclass(frozen=True, eq=False)
class Preset:
    code: str
    name: str
    reference_year: int
    warmup_years: int
    data: dict = field(repr=False)
    departements: tuple[str, ...] = ()
    weights: dict = field(default_factory=dict, repr=False)  # département → tenant weight

    # ------------------------------------------------------------------ accessors
    def share(self, key: str) -> float:
        return self.data["shares"][key]

    def delay(self, key: str) -> tuple[float, float, float]:
        return self.data["delays"][key]

    def table(self, key: str) -> dict:
        return self.data[key]

    def index(self, volume: str, year: int) -> float:
        table = self.data["index"].get(volume) or self.data["index"]["ALL"]
        if year in table:
            return table[year]
        nearest = min(table, key=lambda y: (abs(y - year), y))
        return table[nearest]

    def national(self, volume: str, year: int, scale: float) -> int:
        return round(self.data["volumes"][volume] * self.index(volume, year) * scale)

    def quotas(self, year: int, scale: float) -> dict[str, dict[str, int]]:
        """``{département: {volume: count}}`` of acts dated in ``year``."""
        return _quotas(self, year, scale)

    def seasonality(self, key: str) -> list[float]:
        return self.data["seasonality"][key]


@functools.cache
def _quotas_cached(preset: Preset, year: int, scale: float):
    out: dict[str, dict[str, int]] = {dep: {} for dep in preset.departements}
    for volume in VOLUMES:
        total = preset.national(volume, year, scale)
        for dep, count in apportion(total, preset.weights).items():
            out[dep][volume] = count
    return out


def _quotas(preset: Preset, year: int, scale: float):
    return _quotas_cached(preset, year, scale)


def apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders, exact total)."""
    keys = sorted(weights)
    mass = sum(weights[k] for k in keys)
    raw = {k: total * weights[k] / mass for k in keys}
    out = {k: math.floor(raw[k]) for k in keys}
    rest = total - sum(out.values())
    for k in sorted(keys, key=lambda k: (-(raw[k] - out[k]), k))[:rest]:
        out[k] += 1
    return out


def tenant_weights(model: dict, overrides: dict, departements: tuple[str, ...]) -> dict:
    """Estimated tenant households by département (see FR.toml, [territory.tenant_model])."""
    per_household = model["persons_per_household"]
    totals = dict.fromkeys(departements, 0.0)
    for _insee, _name, dep, population in read_dataset()["communes"]:
        if dep in totals and population > 0:
            rate = model["base"] + model["per_log10"] * math.log10(population)
            rate = min(model["max"], max(model["min"], rate))
            totals[dep] += population / per_household * rate
    for dep, value in overrides.items():
        if dep in totals:
            totals[dep] = float(value)
    return totals


def _validate(data: dict, label: str) -> None:
    for table in ("preset", "territory", "volumes", "index", "shares", "decisions", "delays",
                  "seasonality", "outcomes", "households", "rents", "arrears", "landlords",
                  "names", "noise", "other_grounds", "grace_months", "db"):  # fmt: skip
        if not isinstance(data.get(table), dict):
            _fail(label, f"la table [{table}] manque.")
    for volume in VOLUMES:
        if volume not in data["volumes"]:
            _fail(label, f"[volumes] : le volume {volume} manque.")
        _number(label, f"[volumes] {volume}", data["volumes"][volume])
    if "ALL" not in data["index"]:
        _fail(label, "la table [index.ALL] manque.")
    for key, table in data["index"].items():
        if key != "ALL" and key not in VOLUMES:
            _fail(label, f"[index.{key}] : {key} n'est pas un volume ({', '.join(VOLUMES)}).")
        if not table:
            _fail(label, f"[index.{key}] est vide.")
        data["index"][key] = {
            int(y): _number(label, f"[index.{key}] {y}", v) for y, v in table.items()
        }
    for key in SHARES:
        if key not in data["shares"]:
            _fail(label, f"[shares] : la part {key} manque.")
        _number(label, f"[shares] {key}", data["shares"][key], high=1.0)
    data["shares"].setdefault("dsf_attendance", 1.0)
    _number(label, "[shares] dsf_attendance", data["shares"]["dsf_attendance"], low=0.01)
    decisions = _weights(label, "decisions", data["decisions"], DECISIONS)
    if abs(sum(decisions.values()) - 1.0) > 1e-6:
        _fail(label, "[decisions] : les parts des décisions doivent totaliser 1.")
    for key in DELAYS:
        value = data["delays"].get(key)
        if not (isinstance(value, list) and len(value) == 3):
            _fail(label, f"[delays] {key} doit être [minimum, plus probable, maximum] en jours.")
        low, mode, high = (_number(label, f"[delays] {key}", v) for v in value)
        if not low <= mode <= high:
            _fail(label, f"[delays] {key} : il faut minimum ≤ plus probable ≤ maximum.")
        data["delays"][key] = (low, mode, high)
    for key in ("CDP", "IMPAYE", "ASSIGNATION"):
        months = data["seasonality"].get(key)
        if not (isinstance(months, list) and len(months) == 12):
            _fail(label, f"[seasonality] {key} doit donner 12 poids (janvier … décembre).")
        _weights(label, f"seasonality] [{key}", dict(enumerate(months)), range(12))
    for key in OUTCOME_KEYS:
        _weights(label, f"outcomes.{key}", data["outcomes"].get(key), OUTCOMES)
    _weights(label, "noise", data["noise"], NOISE_KINDS)
    _weights(label, "other_grounds", data["other_grounds"], GROUNDS)
    _weights(label, "households.composition", data["households"].get("composition"),
             COMPOSITIONS)  # fmt: skip
    _weights(label, "landlords.private_types", data["landlords"].get("private_types"),
             PRIVATE_TYPES)  # fmt: skip
    if not data["landlords"].get("social"):
        _fail(label, "[landlords] social : donnez au moins un bailleur social.")
    for parc in ("PRIVE", "SOCIAL"):
        for key in ("zone1", "zone2", "zone3", "charges"):
            value = data["rents"].get(parc, {}).get(key)
            if not (isinstance(value, list) and len(value) == 2):
                _fail(label, f"[rents.{parc}] {key} doit être une paire de montants.")
    grace = data["grace_months"].get("values")
    if not (isinstance(grace, list) and grace and all(isinstance(g, int) for g in grace)):
        _fail(label, "[grace_months] values doit être une liste de nombres de mois.")


def load_preset(name: str) -> Preset:
    """The preset ``name`` ("93", "FR") or the TOML file at that path; French errors."""
    return _load(str(name))


@functools.cache
def _load(name: str) -> Preset:
    data, label = _read(name)
    _validate(data, label)
    meta, territory = data["preset"], data["territory"]
    known = [row[0] for row in read_dataset()["departements"]]
    wanted = territory.get("departements")
    if wanted == "ALL":
        departements = tuple(known)
    elif isinstance(wanted, list) and wanted:
        departements = tuple(str(d) for d in wanted)
        unknown = [d for d in departements if d not in known]
        if unknown:
            _fail(label, f"département(s) inconnu(s) : {', '.join(unknown)}.")
    else:
        _fail(label, '[territory] departements : une liste de codes, ou "ALL".')
    spread = territory.get("spread", "single")
    if spread == "tenants":
        weights = tenant_weights(
            territory["tenant_model"], territory.get("tenants", {}), departements
        )
    elif spread == "single" and len(departements) == 1:
        weights = {departements[0]: 1.0}
    else:
        _fail(label, '[territory] spread : "single" (un seul département) ou "tenants".')
    for key in ("code", "name", "reference_year"):
        if key not in meta:
            _fail(label, f"[preset] {key} manque.")
    return Preset(
        code=str(meta["code"]),
        name=str(meta["name"]),
        reference_year=int(meta["reference_year"]),
        warmup_years=int(meta.get("warmup_years", 3)),
        data=data,
        departements=departements,
        weights=weights,
    )
