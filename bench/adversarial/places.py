"""Places: communes of Seine-Saint-Denis (93), their streets and estates, how senders
write them.

Postcodes and official names are the real ones; streets are real-looking streets of
each commune (well-known axes and typical names); estates (« cités ») are named as the
people who live there name them. ``SPELLINGS`` are the ways partners write the commune
(La Poste routing names, abbreviations, old names).
"""

from __future__ import annotations

import dataclasses
import random

# (official name, INSEE, postcode, spellings partners use, streets, estates)
COMMUNES = [
    (
        "Saint-Denis",
        "93066",
        "93200",
        ["ST DENIS", "SAINT DENIS", "Saint Denis", "St-Denis"],
        [
            ("rue", "de la République"),
            ("boulevard", "Anatole France"),
            ("rue", "Gabriel Péri"),
            ("avenue", "Paul Vaillant-Couturier"),
            ("rue", "du Landy"),
            ("avenue", "Jean Jaurès"),
            ("rue", "Auguste Delaune"),
            ("boulevard", "Marcel Sembat"),
        ],
        ["Cité Floréal", "Cité du Franc-Moisin", "Résidence Allende", "Cité Pierre Sémard"],
    ),
    (
        "Saint-Denis",
        "93066",
        "93210",
        ["LA PLAINE SAINT-DENIS", "LA PLAINE ST DENIS", "St Denis la Plaine", "SAINT DENIS"],
        [
            ("avenue", "du Président Wilson"),
            ("rue", "du Landy"),
            ("rue", "Proudhon"),
            ("rue", "Cristino Garcia"),
            ("avenue", "Francis de Pressensé"),
        ],
        ["Résidence Cristino Garcia"],
    ),
    (
        "Saint-Denis",
        "93066",
        "93380",
        ["PIERREFITTE SUR SEINE", "PIERREFITTE", "Pierrefitte-sur-Seine"],
        [
            ("avenue", "Lénine"),
            ("rue", "de Paris"),
            ("boulevard", "Jean Mermoz"),
            ("rue", "Jean Jaurès"),
        ],
        ["Cité des Poètes", "Résidence Les Joncherolles"],
    ),
    (
        "Saint-Ouen-sur-Seine",
        "93070",
        "93400",
        ["ST OUEN", "SAINT OUEN", "Saint-Ouen", "ST OUEN SUR SEINE"],
        [
            ("avenue", "Gabriel Péri"),
            ("boulevard", "Victor Hugo"),
            ("rue", "des Rosiers"),
            ("rue", "du Docteur Bauer"),
            ("avenue", "Michelet"),
            ("rue", "Albert Dhalenne"),
        ],
        ["Cité Arago", "Résidence Les Puces"],
    ),
    (
        "Aubervilliers",
        "93001",
        "93300",
        ["AUBERVILLIERS", "Aubervilliers", "AUBERVILLIER"],
        [
            ("avenue", "de la République"),
            ("rue", "du Moutier"),
            ("boulevard", "Félix Faure"),
            ("rue", "Hélène Cochennec"),
            ("avenue", "Jean Jaurès"),
            ("rue", "de la Commune de Paris"),
        ],
        ["Cité Émile Dubois", "Cité Villette", "Cité Maladrerie"],
    ),
    (
        "Aulnay-sous-Bois",
        "93005",
        "93600",
        ["AULNAY", "AULNAY S/BOIS", "AULNAY SOUS BOIS", "Aulnay sous bois"],
        [
            ("route", "de Mitry"),
            ("boulevard", "de Strasbourg"),
            ("rue", "Anatole France"),
            ("avenue", "Anatole France"),
            ("rue", "Jacques Duclos"),
            ("rue", "de Sevran"),
        ],
        ["Cité de la Rose des Vents", "Cité Emmaüs", "Cité des Étangs", "Les Merisiers"],
    ),
    (
        "Épinay-sur-Seine",
        "93031",
        "93800",
        ["EPINAY", "EPINAY S/SEINE", "Epinay sur Seine", "EPINAY SUR SEINE"],
        [
            ("avenue", "de la Marne"),
            ("rue", "de Paris"),
            ("avenue", "Jean Jaurès"),
            ("rue", "Quétigny"),
            ("avenue", "d'Enghien"),
        ],
        ["Cité d'Orgemont", "Cité de la Source", "Les Presles"],
    ),
    (
        "Montreuil",
        "93048",
        "93100",
        ["MONTREUIL", "Montreuil sous bois", "MONTREUIL SOUS BOIS"],
        [
            ("rue", "de Paris"),
            ("boulevard", "Rouget de Lisle"),
            ("rue", "de Romainville"),
            ("boulevard", "Paul Vaillant-Couturier"),
            ("rue", "Édouard Branly"),
            ("avenue", "Pasteur"),
        ],
        ["Cité de la Noue", "Cité des Grands Pêchers", "Cité Bel-Air"],
    ),
    (
        "Bobigny",
        "93008",
        "93000",
        ["BOBIGNY", "Bobigny"],
        [
            ("avenue", "Paul Vaillant-Couturier"),
            ("rue", "de l'Union"),
            ("avenue", "Jean Jaurès"),
            ("rue", "Racine"),
            ("boulevard", "Lénine"),
        ],
        ["Cité Karl Marx", "Cité de l'Abreuvoir", "Cité Paul Éluard"],
    ),
    (
        "La Courneuve",
        "93027",
        "93120",
        ["LA COURNEUVE", "COURNEUVE", "la courneuve"],
        [
            ("avenue", "Paul Vaillant-Couturier"),
            ("rue", "de la Convention"),
            ("avenue", "Gabriel Péri"),
            ("rue", "Anatole France"),
        ],
        ["Cité des 4000", "Cité des Quatre-Mille", "Résidence Mail de Fontenay"],
    ),
    (
        "Romainville",
        "93063",
        "93230",
        ["ROMAINVILLE"],
        [
            ("route", "de Noisy"),
            ("rue", "de la Résistance"),
            ("avenue", "Paul Vaillant-Couturier"),
            ("rue", "Carnot"),
        ],
        ["Cité Marcel Cachin", "Cité Gagarine"],
    ),
    (
        "Sevran",
        "93071",
        "93270",
        ["SEVRAN", "Sevran"],
        [
            ("avenue", "Salvador Allende"),
            ("rue", "Gabriel Péri"),
            ("boulevard", "Stalingrad"),
            ("allée", "des Cités"),
        ],
        ["Cité des Beaudottes", "Cité Rougemont", "Les Trois Milles"],
    ),
    (
        "Clichy-sous-Bois",
        "93014",
        "93390",
        ["CLICHY SOUS BOIS", "CLICHY S/BOIS", "Clichy-s-Bois"],
        [
            ("allée", "Maurice Audin"),
            ("avenue", "de Sévigné"),
            ("rue", "Picasso"),
            ("chemin", "des Postes"),
        ],
        ["Le Chêne Pointu", "Cité de la Forestière", "Le Bois du Temple"],
    ),
    (
        "Montfermeil",
        "93047",
        "93370",
        ["MONTFERMEIL"],
        [("allée", "Picasso"), ("avenue", "Jean Jaurès"), ("rue", "Henri Barbusse")],
        ["Cité des Bosquets", "Les Bosquets"],
    ),
    (
        "Le Blanc-Mesnil",
        "93007",
        "93150",
        ["BLANC MESNIL", "LE BLANC MESNIL", "Le Blanc Mesnil"],
        [
            ("avenue", "Paul Vaillant-Couturier"),
            ("rue", "Jean Jaurès"),
            ("avenue", "Charles Floquet"),
            ("rue", "Marcel Cachin"),
        ],
        ["Cité des Tilleuls", "Cité Pierre Sémard", "Les Quatre Tours"],
    ),
    (
        "Pantin",
        "93055",
        "93500",
        ["PANTIN"],
        [
            ("avenue", "Jean Lolive"),
            ("rue", "Hoche"),
            ("rue", "Cartier-Bresson"),
            ("quai", "de l'Aisne"),
        ],
        ["Cité des Courtillières", "Cité des Quatre-Chemins"],
    ),
    (
        "Drancy",
        "93029",
        "93700",
        ["DRANCY"],
        [
            ("avenue", "Henri Barbusse"),
            ("rue", "Sadi Carnot"),
            ("avenue", "Jean Jaurès"),
            ("rue", "de la Haute-Borne"),
        ],
        ["Cité de la Muette", "Cité Gaston Roulaud"],
    ),
    (
        "Bondy",
        "93010",
        "93140",
        ["BONDY"],
        [("avenue", "Gallieni"), ("rue", "Roger Salengro"), ("avenue", "Léon Blum")],
        ["Cité Blanqui", "Cité de la Noue Caillet"],
    ),
    (
        "Tremblay-en-France",
        "93073",
        "93290",
        ["TREMBLAY EN FRANCE", "TREMBLAY", "Tremblay en France"],
        [
            ("avenue", "Gilbert Berger"),
            ("rue", "Jules Guesde"),
            ("boulevard", "de l'Hôtel de Ville"),
        ],
        ["Cité Pierre Sémard", "Les Cottages"],
    ),
    (
        "Noisy-le-Grand",
        "93051",
        "93160",
        ["NOISY LE GRAND", "Noisy le grand"],
        [
            ("boulevard", "du Mont d'Est"),
            ("rue", "Pierre Brossolette"),
            ("allée", "du Rempart"),
            ("place", "Pablo Picasso"),
        ],
        ["Les Espaces d'Abraxas", "Le Champy", "Les Arènes de Picasso"],
    ),
    (
        "L'Île-Saint-Denis",
        "93039",
        "93450",
        ["L ILE ST DENIS", "ILE SAINT DENIS", "L'Ile-Saint-Denis"],
        [("quai", "de la Marine"), ("rue", "Méchin"), ("quai", "du Châtelier")],
        ["Cité Maurice Thorez"],
    ),
    (
        "Stains",
        "93072",
        "93240",
        ["STAINS"],
        [("avenue", "Paul Vaillant-Couturier"), ("rue", "Jean Durand"), ("avenue", "Louis Bordes")],
        ["Cité du Clos Saint-Lazare", "Cité-jardin de Stains", "Cité de l'Avenir"],
    ),
]
# Lieux-dits (no street): a few old hamlets and places people still name alone.
LIEUX_DITS = {
    "93073": ["Le Vieux Pays", "Lieu-dit La Haie Bertrand"],
    "93047": ["Lieu-dit Les Coudreaux"],
    "93014": ["Lieu-dit Le Plateau"],
}

ABBREVIATIONS = {
    "rue": ["R", "R.", "rue"],
    "avenue": ["AV", "Av.", "AVE", "av"],
    "boulevard": ["BD", "Bd", "BLD", "bvd"],
    "route": ["RTE", "Rte", "rte"],
    "allée": ["ALL", "All.", "allee", "ALLEE"],
    "place": ["PL", "Pl."],
    "chemin": ["CHE", "Ch.", "chem"],
    "quai": ["QU", "Q.", "quai"],
}
TITLES = {  # « Président Wilson » → « Pdt Wilson », « Docteur » → « Dr »...
    "Président": ["Pdt", "Pres."],
    "Docteur": ["Dr", "Doct."],
    "Paul Vaillant-Couturier": ["P. Vaillant Couturier", "Paul Vaillant Couturier", "PVC"],
    "Gabriel Péri": ["G. Péri", "Gabriel Peri", "G PERI"],
    "Jean Jaurès": ["J. Jaurès", "Jean Jaures", "J JAURES"],
    "Saint": ["St"],
}


@dataclasses.dataclass
class Commune:
    name: str
    insee: str
    postcode: str
    spellings: list[str]
    streets: list[tuple[str, str]]
    estates: list[str]


@dataclasses.dataclass
class Dwelling:
    commune: Commune
    number: int
    suffix: str  # "", "bis", "ter", "B"
    street_type: str
    street: str
    estate: str  # the estate the building belongs to, or ""
    building: str  # "G", "14", or ""
    staircase: str
    floor: int
    flat: str  # "0703", "1011", ""
    lieu_dit: str = ""


def communes() -> list[Commune]:
    return [Commune(*row) for row in COMMUNES]


def new_dwelling(
    rng: random.Random, places: list[Commune], *, commune: Commune | None = None, flat: bool = False
) -> Dwelling:
    """A dwelling: a flat in a building of an estate (half, or always with ``flat``), or a
    house number on a street."""
    commune = commune or rng.choice(places)
    street_type, street = rng.choice(commune.streets)
    number = rng.randint(1, 180)
    suffix = rng.choices(["", "bis", "ter", "B"], weights=[85, 8, 3, 4])[0]
    lieu = ""
    if commune.insee in LIEUX_DITS and rng.random() < 0.15:
        lieu = rng.choice(LIEUX_DITS[commune.insee])
    if flat or rng.random() < 0.5:
        floor = rng.randint(0, 14)
        return Dwelling(
            commune,
            number,
            suffix,
            street_type,
            street,
            estate=rng.choice(commune.estates) if rng.random() < 0.6 else "",
            building=rng.choice(["A", "B", "C", "D", "E", "F", "G", "H", "12", "14", "3"]),
            staircase=rng.choice(["", "", "1", "2", "A", "B"]),
            floor=floor,
            flat=f"{floor:02d}{rng.randint(1, 12):02d}",
            lieu_dit=lieu,
        )
    return Dwelling(commune, number, suffix, street_type, street, "", "", "", 0, "", lieu)


def other_flat(rng: random.Random, dwelling: Dwelling) -> Dwelling:
    """Another flat of the same building (or the same house number when no flat)."""
    floor = rng.randint(0, 14)
    flat = f"{floor:02d}{rng.randint(1, 12):02d}"
    while flat == dwelling.flat:
        flat = f"{floor:02d}{rng.randint(13, 20):02d}"
    building = dwelling.building or rng.choice(["A", "B", "C"])
    if rng.random() < 0.4:  # same estate, other building
        building = rng.choice([b for b in ["A", "B", "C", "D", "G", "14"] if b != building])
    return dataclasses.replace(dwelling, building=building, floor=floor, flat=flat)
