"""Communes of the rows: postcodes loaded for a whole chunk at once (one query instead
of one per row), with ``prevex.core.territories.resolve_commune``'s rules and messages.

A commune spelled another way is accepted when the postcode agrees: official name,
La Poste libellé d'acheminement, words in another order, qualifier left out
(``prevex.core.territories.commune_names_agree``), then a typo (fuzzy, slow path)."""

from __future__ import annotations

import re

from prevex.core.errors import BusinessError
from prevex.core.models import Commune, PostalCode
from prevex.core.territories import commune_names_agree, normalize_commune_name, resolve_commune

_POSTCODE = re.compile(r"^\d{5}$")


class Territories:
    """Postcode → communes, loaded for many postcodes at once and kept for one batch."""

    def __init__(self):
        self._by_code: dict[str, list[tuple[str, str, str, str]]] = {}
        self._known: dict[str, bool] = {}

    def preload(self, codes) -> None:
        wanted = {c for c in codes if c and _POSTCODE.match(c) and c not in self._by_code}
        if not wanted:
            return
        for code in wanted:
            self._by_code[code] = []
        rows = (
            PostalCode.objects.filter(code__in=wanted)
            .order_by("code", "commune_id", "locality")
            .values_list(
                "code", "commune_id", "commune__name", "commune__departement_id", "locality"
            )
        )
        for code, insee, name, departement, locality in rows:
            self._by_code[code].append((insee, name, departement, locality))

    def known_insee(self, insee: str) -> bool:
        """A commune of the reference bears this code (cached for the batch)."""
        found = self._known.get(insee)
        if found is None:
            found = self._known[insee] = Commune.objects.filter(insee=insee).exists()
        return found

    def resolve(self, postal_code: str, name: str, insee: str) -> tuple[str, str, str]:
        """(INSEE code, name, département) of the commune, or a BusinessError in French."""
        self.preload([postal_code])
        rows = self._by_code.get(postal_code, [])
        if not rows:
            raise BusinessError(f"Code postal {postal_code} inconnu.")
        communes = {insee_: (insee_, name_, dep) for insee_, name_, dep, _ in rows}
        if insee:
            if insee in communes:
                return communes[insee]
            raise BusinessError(
                f"Le code commune {insee} ne correspond pas au code postal {postal_code} "
                f"({', '.join(sorted(c[1] for c in communes.values()))})."
            )
        if name:
            wanted = normalize_commune_name(name)
            exact = {c for c, n, _, _ in rows if normalize_commune_name(n) == wanted}
            if not exact:
                exact = {
                    c for c, _, _, loc in rows if loc and normalize_commune_name(loc) == wanted
                }
            if not exact:  # « ST OUEN », « AULNAY », « LA PLAINE SAINT-DENIS »
                exact = {
                    c
                    for c, n, _, loc in rows
                    if commune_names_agree(wanted, normalize_commune_name(n))
                    or commune_names_agree(wanted, normalize_commune_name(loc))
                }
            if len(exact) == 1:
                return communes[exact.pop()]
            if not exact:  # a typo, an old name: the slow and thorough path
                commune = resolve_commune(postal_code=postal_code, name=name)
                return commune.insee, commune.name, commune.departement_id
            communes = {c: communes[c] for c in exact}
        if len(communes) == 1:
            return next(iter(communes.values()))
        listed = ", ".join(f"{n} ({c})" for c, n, _ in sorted(communes.values()))
        raise BusinessError(
            f"Le code postal {postal_code} dessert plusieurs communes : {listed}. "
            "Précisez la commune (colonne commune ou code_commune)."
        )
