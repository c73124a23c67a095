"""The communes of a département, weighted by population, from the territories file.

No database: ``prevex.core.territories.read_dataset`` reads the committed COG and
postcode data (the same the database is loaded from).
"""

from __future__ import annotations

import bisect
import functools
import random
from dataclasses import dataclass

from prevex.core.territories import read_dataset


@dataclass(frozen=True)
class Place:
    insee: str
    name: str
    population: int
    postcodes: tuple[str, ...]
    zone: int  # housing-benefit zone used for rents (1, 2, 3)


class DepartementGeo:
    """Communes of ``code`` with population > 0, and a population-weighted picker."""

    def __init__(self, code: str, *, zone1: tuple[str, ...], zone2_min_population: int):
        names, communes, postcodes = _index()
        if code not in names:
            raise ValueError(f"Département inconnu : {code}.")
        self.code, self.name = code, names[code]
        places = []
        for insee, name, population in communes.get(code, ()):
            if population <= 0:
                continue
            codes = tuple(sorted(set(postcodes.get(insee, ()))))
            if not codes:
                continue
            zone = 1 if code in zone1 else (2 if population >= zone2_min_population else 3)
            places.append(Place(insee, name, population, codes, zone))
        if not places:
            raise ValueError(f"Aucune commune peuplée pour le département {code}.")
        self.places = places
        total, self._cumulative = 0, []
        for place in places:
            total += place.population
            self._cumulative.append(total)
        self._total = total

    def pick(self, rng: random.Random) -> int:
        """Index of a commune, drawn in proportion to its population."""
        return bisect.bisect_right(self._cumulative, rng.random() * self._total)

    def other_postcode(self, rng: random.Random, index: int) -> tuple[str, str] | None:
        """(postcode, commune name) of another commune of the département, or None."""
        if len(self.places) < 2:
            return None
        own = set(self.places[index].postcodes)
        for _ in range(5):
            other = self.places[self.pick(rng)]
            candidates = [c for c in other.postcodes if c not in own]
            if other.insee != self.places[index].insee and candidates:
                return rng.choice(candidates), other.name
        return None


@functools.cache
def _index():
    """Département names, communes by département, postcodes by commune (read once)."""
    data = read_dataset()
    names = {row[0]: row[1] for row in data["departements"]}
    communes: dict[str, list] = {}
    for insee, name, dep, population in sorted(data["communes"]):
        communes.setdefault(dep, []).append((insee, name, population))
    postcodes: dict[str, list[str]] = {}
    for postcode, insee, _locality in data["postal_codes"]:
        postcodes.setdefault(insee, []).append(postcode)
    return names, communes, postcodes


@functools.lru_cache(maxsize=4)
def departement_geo(code: str, zone1: tuple[str, ...], zone2_min_population: int):
    return DepartementGeo(code, zone1=zone1, zone2_min_population=zone2_min_population)
