"""People: names of the mix found in Seine-Saint-Denis, and how each gets written.

Every name is a canonical form plus the variants that real files show for it:
transliterations (Mohamed / Mohammed / Muhammad), accents dropped or kept
(Gonçalves / Goncalves, Şahin / Sahin), particles split or joined (Da Silva / Dasilva),
compound names split or joined (Abdelkader / Abd El Kader). Which variant a sender uses is
chosen per sender and person (a sender keeps its habit), with a little randomness.
"""

from __future__ import annotations

import dataclasses
import datetime
import random

# (canonical, variants...) — the canonical form is the first.
MALE = {
    "fr": [
        ("Jean-Pierre", "Jean Pierre", "Jean-Pierre"),
        ("Thierry",),
        ("Stéphane", "Stephane"),
        ("Jérôme", "Jerome"),
        ("Frédéric", "Frederic"),
        ("Laurent",),
        ("Olivier",),
        ("Kevin", "Kévin"),
        ("Christophe",),
        ("Michel",),
    ],
    "maghreb": [
        ("Mohamed", "Mohammed", "Muhammad", "Mohamad", "Mohammad"),
        ("Abdelkader", "Abd El Kader", "Abdel Kader", "Abdel-Kader"),
        ("Abderrahmane", "Abderahmane", "Abd Er Rahmane", "Abdelrahmane"),
        ("Samir",),
        ("Karim", "Kareem"),
        ("Rachid", "Rashid", "Rachide"),
        ("Youssef", "Youcef", "Yousef", "Youssouf"),
        ("Mustapha", "Mustafa", "Moustapha"),
        ("Hocine", "Hossine", "Houcine"),
        ("Nourredine", "Noureddine", "Nour-Eddine", "Nour Eddine"),
        ("Farid",),
        ("Brahim", "Ibrahim"),
    ],
    "west_africa": [
        ("Mamadou", "Mamadu"),
        ("Ousmane", "Usman", "Ousman"),
        ("Moussa", "Musa", "Mousa"),
        ("Boubacar", "Boubakar", "Bubacar"),
        ("Souleymane", "Souleyman", "Suleymane", "Sulaymane"),
        ("Amadou", "Ahmadou", "Amadu"),
        ("Cheikh", "Cheick", "Sheikh"),
        ("Ibrahima", "Ibrahim"),
    ],
    "portugal": [
        ("João", "Joao"),
        ("José", "Jose"),
        ("António", "Antonio"),
        ("Luís", "Luis"),
        ("Manuel",),
        ("Fernando",),
    ],
    "turkey": [
        ("Mehmet", "Mehmed", "Mehemet"),
        ("Hüseyin", "Huseyin", "Hussein", "Husseyin"),
        ("Mustafa", "Moustafa"),
        ("İsmail", "Ismail"),
        ("Uğur", "Ugur"),
        ("Serkan",),
    ],
    "other": [
        ("Dragan",),
        ("Wei",),
        ("Rajesh", "Radjesh"),
        ("Nikolaï", "Nikolai", "Nicolai"),
    ],
}
FEMALE = {
    "fr": [
        ("Marie-Claire", "Marie Claire", "Marie-Claire"),
        ("Sandrine",),
        ("Nathalie", "Nathalie"),
        ("Céline", "Celine"),
        ("Hélène", "Helene"),
        ("Sylvie",),
        ("Émilie", "Emilie"),
        ("Laëtitia", "Laetitia", "Lætitia"),
    ],
    "maghreb": [
        ("Fatima", "Fatma", "Fatiha"),
        ("Khadija", "Khadidja", "Kadija"),
        ("Samia",),
        ("Nadia",),
        ("Aïcha", "Aicha", "Aisha"),
        ("Yamina", "Yemina"),
        ("Leïla", "Leila", "Layla"),
        ("Soraya", "Sorraya"),
        ("Malika",),
        ("Naïma", "Naima"),
    ],
    "west_africa": [
        ("Aminata", "Aminatta", "Aminatou"),
        ("Fatoumata", "Fatimata", "Fatumata"),
        ("Mariam", "Mariama", "Maryam"),
        ("Kadiatou", "Kadiatu", "Khadiatou"),
        ("Awa",),
        ("Oumou", "Umu"),
        ("Hawa", "Awa"),
    ],
    "portugal": [
        ("Conceição", "Conceicao"),
        ("Maria",),
        ("Ana Paula", "Ana-Paula", "Anapaula"),
        ("Fátima", "Fatima"),
        ("Graça", "Graca"),
    ],
    "turkey": [
        ("Ayşe", "Ayse", "Aysé"),
        ("Fatma",),
        ("Gülşen", "Gulsen"),
        ("Özlem", "Ozlem"),
        ("Elif",),
    ],
    "other": [
        ("Mei",),
        ("Priya",),
        ("Svetlana", "Swetlana"),
    ],
}
SURNAMES = {
    "fr": [
        ("Martin",),
        ("Dupont",),
        ("Lefèvre", "Lefevre", "Lefebvre"),
        ("Le Goff", "Legoff", "Le Goff"),
        ("Le Gall", "Legall"),
        ("De Oliveira", "Deoliveira"),
        ("Moreau",),
        ("Rousseau",),
        ("Mercier",),
        ("Girard",),
        ("Fournier",),
        ("Lambert",),
        ("Bonnet",),
    ],
    "maghreb": [
        ("Benali", "Ben Ali", "Ben-Ali"),
        ("Ben Ahmed", "Benahmed", "Ben-Ahmed"),
        ("El Amrani", "Elamrani", "El-Amrani"),
        ("El Idrissi", "Elidrissi"),
        ("Bouzid", "Bouzide"),
        ("Haddad", "Hadad"),
        ("Chérif", "Cherif", "Cherrif"),
        ("Belkacem", "Belkassem", "Belgacem"),
        ("Khelifi", "Kheliffi", "Khalifi"),
        ("Mansouri", "Mansoury"),
        ("Boudjema", "Boudjemaa", "Boudjemâa"),
        ("Hamdi",),
        ("Saïdi", "Saidi", "Saydi"),
        ("Abdelaziz", "Abd El Aziz", "Abdel Aziz"),
    ],
    "west_africa": [
        ("Diallo", "Dialo"),
        ("Traoré", "Traore"),
        ("Koné", "Kone"),
        ("Cissé", "Cisse", "Cissey"),
        ("Diakité", "Diakite"),
        ("Sissoko", "Sisoko"),
        ("N'Diaye", "Ndiaye", "N Diaye", "NDiaye"),
        ("Camara",),
        ("Keïta", "Keita"),
        ("Konaté", "Konate"),
        ("Doucouré", "Doucoure"),
    ],
    "portugal": [
        ("Da Silva", "Dasilva", "Da-Silva"),
        ("Dos Santos", "Dossantos"),
        ("Gonçalves", "Goncalves"),
        ("Pereira",),
        ("Ferreira", "Fereira"),
        ("Rodrigues", "Rodriguez"),
        ("De Sousa", "Desousa", "De Souza"),
    ],
    "turkey": [
        ("Yılmaz", "Yilmaz", "Yilmas"),
        ("Şahin", "Sahin"),
        ("Çelik", "Celik"),
        ("Yıldız", "Yildiz"),
        ("Öztürk", "Ozturk", "Oeztuerk"),
        ("Doğan", "Dogan"),
        ("Kaya",),
    ],
    "other": [
        ("Petrović", "Petrovic"),
        ("Zhang",),
        ("Nguyen", "Nguyên"),
        ("Kumar",),
    ],
}
# Weights of the origins of the households (a plausible mix, not a statistic).
ORIGINS = {"fr": 30, "maghreb": 28, "west_africa": 20, "portugal": 9, "turkey": 8, "other": 5}
# Close first names of twins (different people, one letter or two apart).
TWIN_NAMES = [
    (("Samir",), ("Samia",), "MF"),
    (("Nadir",), ("Nadia",), "MF"),
    (("Karim",), ("Karima",), "MF"),
    (("Hassan",), ("Hassane", "Hasane"), "MM"),
    (("Adama",), ("Awa",), "MF"),
    (("Lucas",), ("Lucie",), "MF"),
    (("Yanis",), ("Yannick",), "MM"),
    (("Ilyes", "Ilyas"), ("Inès", "Ines"), "MF"),
    (("Fatou",), ("Fanta",), "FF"),
    (("Emre",), ("Emra",), "MF"),
]


@dataclasses.dataclass
class Name:
    forms: tuple[str, ...]  # canonical first

    @property
    def canonical(self) -> str:
        return self.forms[0]


@dataclasses.dataclass
class Person:
    key: str
    sex: str  # "M" / "F"
    first: Name
    birth_last: Name
    usage_last: Name | None  # married name in use, when any
    birth_date: datetime.date
    origin: str


def pick(rng: random.Random, table: dict, origin: str) -> Name:
    return Name(tuple(rng.choice(table[origin])))


def origin_of(rng: random.Random) -> str:
    return rng.choices(list(ORIGINS), weights=list(ORIGINS.values()))[0]


def birth_date(rng: random.Random, low: int = 1950, high: int = 2002) -> datetime.date:
    start = datetime.date(low, 1, 1).toordinal()
    end = datetime.date(high, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def new_person(
    rng: random.Random,
    key: str,
    *,
    sex: str | None = None,
    origin: str | None = None,
    last: Name | None = None,
    born: datetime.date | None = None,
) -> Person:
    origin = origin or origin_of(rng)
    sex = sex or rng.choice("MF")
    table = MALE if sex == "M" else FEMALE
    return Person(
        key=key,
        sex=sex,
        first=pick(rng, table, origin),
        birth_last=last or pick(rng, SURNAMES, origin),
        usage_last=None,
        birth_date=born or birth_date(rng),
        origin=origin,
    )


def variant(rng: random.Random, name: Name, habit: float) -> str:
    """A form of ``name``: the canonical one with probability ``habit``, else a variant."""
    if len(name.forms) == 1 or rng.random() < habit:
        return name.canonical
    return rng.choice(name.forms[1:])


# --------------------------------------------------------------------------- typos

_NEAR = {
    "a": "qzs",
    "e": "zrd",
    "i": "uo",
    "o": "ip",
    "u": "yi",
    "n": "bm",
    "m": "n",
    "s": "dz",
    "t": "ry",
    "r": "te",
    "l": "k",
    "d": "sf",
    "c": "kx",
    "b": "vn",
}


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a letter doubled, dropped, swapped with its neighbour, or hit next
    to the right key. Never on the first letter (people rarely miss it)."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha() and i > 0]
    if not letters:
        return text
    i = rng.choice(letters)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + text[i] + text[i:]
    if kind == 1 and len(text) > 4:
        return text[:i] + text[i + 1 :]
    if kind == 2 and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    low = text[i].lower()
    if low in _NEAR:
        new = rng.choice(_NEAR[low])
        return text[:i] + (new.upper() if text[i].isupper() else new) + text[i + 1 :]
    return text[:i] + text[i] + text[i:]
