"""People's names as partners write them: civilities, « épouse / née / veuve », particles
and transliteration variants of given names (pure functions, no database).

``parse_person_name(last, first)`` reads the two fields of a row and returns a
``PersonName`` (see docs/decisions/2026-12-01-names-and-addresses.md for the rules):

* **civilities** (« M. », « Mr », « Monsieur », « Mme », « Madame », « Mlle »,
  « M. et Mme »…) and the titles « Dr », « Docteur » are found at the start of either
  field and removed;
* **married names**: « X épouse Y » / « X ép. Y » / « X veuve Y » / « X vve Y » mean
  birth name X, usage name Y; « Y née X » means usage name Y, birth name X; a name in
  brackets, « Y (X) », is kept as a second surname form;
* **particles**: the surname is compared without spaces or hyphens (« Da Silva »,
  « DASILVA », « da-silva » → ``dasilva``). For the articles that partners drop or
  keep (« da », « de », « do », « dos », « das », « del », « di », « d », « el »,
  « al », « l »), the form without the leading article is added (« El Amrani » →
  ``elamrani`` and ``amrani``). Patronymic or integral particles (« Ben », « Ait »,
  « Ou », « Le », « La », « Van », « Mac »…) are never dropped: « Ben Ali » is not
  « Ali »;
* **given names** get a transliteration key (``given_key``): letters transliterated by
  ``anyascii`` (via ``prevex.core.text.fold``), then spellings that sound alike folded
  together (``ph``→``f``, ``c``/``q``→``k`` or ``s``, silent ``h`` dropped, doubled
  letters collapsed) and vowels reduced to three classes — ``a`` (a, e), ``i`` (i, y),
  ``u`` (o, u) — keeping their place and the final vowel. The transliterations of one
  letter of the source script are one: ``dj`` and ``j`` (Khadidja / Khadija), ``ee`` and
  ``i`` (Kareem / Karim), ``oo`` and ``u`` (Noor / Nour), a final ``d`` after a vowel and
  ``t`` (Mehmed / Mehmet, Turkish devoicing), ``w`` after a consonant and ``v``
  (Swetlana / Svetlana), ``ch`` and ``sh`` (Aïcha / Aisha). So Mohamed, Mohammed,
  Muhammad and Mouhamad share ``mUAmAt``; Abdelkader and « Abd El Kader » share one key,
  and so do Abdelrahmane and Abderrahmane (the article before a sun letter);
  but Samir ≠ Samia, Jean ≠ Jeanne, Karim ≠ Karima, Mahmoud ≠ Mohamed, Lina ≠ Léna.
  A vowel that opens the name before two consonants may be dropped, as the short forms
  of the Maghreb do: the key without it is a second form (Ibrahim / Brahim, Ismaïl /
  Smaïl), never one of a name with a single consonant after it (Amina ≠ Mina).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from prevex.core.text import fold

# Civility words (folded). « m » alone is a civility only at the start of a field.
_CIVILITIES = {
    "m": "M",
    "mr": "M",
    "mons": "M",
    "monsieur": "M",
    "mme": "MME",
    "mmes": "MME",
    "madame": "MME",
    "mlle": "MME",
    "melle": "MME",
    "mademoiselle": "MME",
    "mm": "",
    "messieurs": "",
}
_CIVILITY_JOINERS = {"et", "ou", "and"}
# Titles written before a name (« Dr DUPONT »): removed, they say nothing of the person's
# sex, and only when a name follows them.
_TITLES = {"dr", "docteur"}
# « X épouse Y » / « X veuve Y »: X birth name, Y usage name.
_SPOUSE_OF = {"epouse", "ep", "epse", "epx", "veuve", "vve"}
# « Y née X »: Y usage name, X birth name.
_BORN = {"nee", "ne"}
# « DUPONT Jean fils », « KHELIFI Karim Junior », « Jr », « père »: a generation marker
# written after the name (folded) — the son and the father of one name, told apart.
GENERATIONS = {"junior": "jr", "jr": "jr", "fils": "jr", "senior": "sr", "sr": "sr", "pere": "sr"}
# Leading articles that partners write or drop: the form without them is added.
_DROPPABLE_PARTICLES = {"da", "de", "do", "dos", "das", "del", "della", "di", "d", "el", "al", "l"}

# « Abd El Kader », « Abdel Kader », « Abou Bakr »: one given name written in parts.
_NAME_PREFIXES = {"abd", "abdel", "abdal", "abdul", "abdoul", "abdou", "abou", "abu"}
_NAME_ARTICLES = {"el", "al", "ul", "er", "es", "en", "ar", "an", "ed", "ad"}
_VOWEL_CLASS = {"a": "A", "e": "A", "i": "I", "y": "I", "o": "U", "u": "U"}
_GIVEN_RULES = [
    (re.compile(r"[^a-z]"), ""),
    # The article of « Abd el … » takes the sound of the sun letter after it: Abdelrahmane
    # is written Abderrahmane, Abdelsamad Abdessamad, Abdelnour Abdennour (not « dj »).
    (re.compile(r"^(abd[aeiou])l(?=[nrstz]|d(?!j))"), r"\1"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"dj"), "j"),  # Djamel / Jamel, Khadidja / Khadija
    (re.compile(r"ee"), "i"),  # Kareem / Karim (English transliteration of a long i)
    (re.compile(r"oo"), "u"),  # Noor / Nour
    (re.compile(r"(?<=[aeiouy])d$"), "t"),  # Mehmed / Mehmet, Ahmed / Ahmet
    (re.compile(r"sch|ch|sh"), "x"),  # before the silent h: Aïcha / Aisha
    (re.compile(r"(?<=[kgtdz])h"), ""),  # kh, gh, th, dh…
    (re.compile(r"(?<=[b-df-hj-np-tv-z])w"), "v"),  # Swetlana / Svetlana (after a consonant)
    (re.compile(r"h"), ""),  # silent h (Mohamed/Mouamed, Sarah/Sara)
    (re.compile(r"qu|q|ck"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), "i"),  # Sayid / Saïd stays two vowels
    (re.compile(r"w"), "u"),
    (re.compile(r"([b-df-hj-np-tv-z])\1+"), r"\1"),
]
_VOWEL_RUN = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class PersonName:
    """One person's name, read from the surname and given-name fields of a row."""

    civility: str  # "M", "MME" or ""
    given: str  # folded given name(s), civility removed
    usage: str  # folded usage surname (the name used day to day)
    birth: str  # folded birth surname when the row says so, else ""
    surname_forms: frozenset[str]  # compact forms to compare (see module docstring)
    given_forms: frozenset[str]  # transliteration keys of the given name(s), joined
    surname_parts: frozenset[str] = frozenset()  # words of a double name, particles out
    given_first: str = ""  # key of the first given name alone (« Jean-Pierre » → jan)
    generation: str = ""  # « jr » (junior, fils), « sr » (senior, père) or ""

    @property
    def surnames(self) -> tuple[str, ...]:
        """Usage then birth name, the non-empty ones."""
        return tuple(name for name in (self.usage, self.birth) if name)


def _strip_civility(raw: str) -> tuple[str, list[str]]:
    """(civility, folded words) of a field: civilities at its start (« M. et Mme »,
    « Monsieur », « MME ») or a word-civility at its end (« DUPONT Mme ») are removed.
    Read on the raw text, so that « M'Barek » or « N'Diaye » keep their initial."""
    found, tokens = _civility_split(raw)
    civility = found[0] if found and len(set(found)) == 1 else ""
    return civility, fold(" ".join(tokens)).split()


def without_civility(raw: str) -> str:
    """The field as written, without the civilities ``_strip_civility`` reads: the name a
    file keeps (« Madame veuve KOUYATÉ née DIALLO » → « veuve KOUYATÉ née DIALLO »).
    Unchanged when there is none, or when nothing else is left."""
    found, tokens = _civility_split(raw)
    if not found or not tokens:
        return raw
    return " ".join(tokens).replace(" / ", "/")


def surname_as_kept(last: str, first: str) -> str:
    """The surname a file keeps from a row: ``without_civility``, and without the given
    name written again before or after it (« SOW BAKARY | BAKARY » → « SOW »; « LAHLOU,
    Mounir | Mounir » → « LAHLOU »), as ``parse_person_name`` reads it. Unchanged when a
    word does not fold to one word, or when no surname would be left."""
    kept = without_civility(last)
    tokens = kept.split()
    folded = [fold(token).split() for token in tokens]
    if len(tokens) < 2 or any(len(words) != 1 for words in folded):
        return kept
    words = [w[0] for w in folded]
    given = fold(without_civility(first)).split()
    left = _without_given(words, given)
    if left == words:
        return kept
    start = next(i for i in range(len(words)) if words[i : i + len(left)] == left)
    return " ".join(tokens[start : start + len(left)]).rstrip(",;")


def _civility_split(raw: str) -> tuple[list[str], list[str]]:
    """(civilities found, the field's other tokens as written)."""
    tokens = (raw or "").replace(".", ". ").replace("/", " / ").split()
    found: list[str] = []
    index = 0

    def civility_at(i: int) -> str | None:
        if i >= len(tokens) or "'" in tokens[i] or "’" in tokens[i]:
            return None
        return _CIVILITIES.get(fold(tokens[i].rstrip(".,:;")))

    while index < len(tokens):
        if index + 1 < len(tokens) and fold(tokens[index].rstrip(".,:;")) in _TITLES:
            index += 1
            continue
        civility = civility_at(index)
        if civility is not None:
            found.append(civility)
            index += 1
            continue
        word = fold(tokens[index])
        if not found and word == "" and tokens[index] != ".":
            index += 1  # a dash or comma before anything (« - M DUPONT »): nothing to read
            continue
        # « et », « & », « / », a dash or comma — not a lone dot, which only splitting
        # « .M » leaves (a stray dot before a name is no joiner of civilities)
        joiner = word in _CIVILITY_JOINERS or (word == "" and tokens[index] != ".")
        if found and joiner and civility_at(index + 1) is not None:
            index += 1
            continue
        break
    tokens = tokens[index:]
    if len(tokens) > 1 and fold(tokens[-1].rstrip(".")) in _CIVILITIES.keys() - {"m"}:
        found.append(_CIVILITIES[fold(tokens[-1].rstrip("."))])
        tokens = tokens[:-1]
    return found, tokens


def _split_married(words: list[str]) -> tuple[list[str], list[str]]:
    """(usage words, birth words) of a surname field."""
    for index, word in enumerate(words):
        if word in _SPOUSE_OF:
            before, after = words[:index], words[index + 1 :]
            if not before:  # « veuve DUPONT née MARTIN »: the rest says both
                return _split_married(after)
            return (after, before) if after else (before, [])
        if word in _BORN and index + 1 < len(words):
            before, after = words[:index], words[index + 1 :]
            return (before, after) if before else (after, [])
    return words, []


def _married_in_given(
    first: list[str], usage: list[str], birth: list[str]
) -> tuple[list[str], list[str], list[str]]:
    """« Marie épouse Martin » or « Marie née Dupont » written in the given-name field:
    the given name is what comes before; after « épouse » comes the usage name (the
    surname field then holds the birth name), after « née » the birth name. Unchanged
    when the surname field already named both."""
    for index, word in enumerate(first):
        after = first[index + 1 :]
        if index == 0 or not after or (word not in _SPOUSE_OF and word not in _BORN):
            continue
        if birth:
            return first[:index], usage, birth
        if word in _SPOUSE_OF:
            return first[:index], after, usage
        return first[:index], usage, after
    return first, usage, birth


def _surname_variants(words: list[str]) -> set[str]:
    if not words:
        return set()
    forms = {"".join(words)}
    rest = list(words)
    while len(rest) > 1 and rest[0] in _DROPPABLE_PARTICLES:
        rest = rest[1:]
        forms.add("".join(rest))
    return forms


@lru_cache(maxsize=65536)
def given_key(value: str) -> str:
    """Transliteration key of one given name (see module docstring); "" when no letter."""
    word = "".join(fold(value).split())
    for pattern, replacement in _GIVEN_RULES:
        word = pattern.sub(replacement, word)
    if not word:
        return ""

    def vowels(found: re.Match) -> str:
        classes = [_VOWEL_CLASS[c] for c in found.group(0)]
        return "".join(c for i, c in enumerate(classes) if i == 0 or c != classes[i - 1])

    return _VOWEL_RUN.sub(vowels, word)


_LEADING_VOWEL = re.compile(r"^[AIU](?=[b-df-hj-np-tv-z]{2})")


def _without_leading_vowel(key: str) -> str:
    """The key without a leading vowel that stands before two consonants: the short
    forms of the Maghreb (« Brahim » for « Ibrahim », « Smaïl » for « Ismaïl ») drop it.
    "" when the key has no such vowel (the form would be the key itself)."""
    return _LEADING_VOWEL.sub("", key) if _LEADING_VOWEL.match(key) else ""


def _first_given(words: list[str]) -> list[str]:
    """The words of the first given name: « abd el kader amine » → abd el kader."""
    if len(words) > 1 and words[0] in _NAME_PREFIXES:
        size = 3 if len(words) > 2 and words[1] in _NAME_ARTICLES else 2
        return words[:size]
    return words[:1]


@lru_cache(maxsize=200_000)
def parse_person_name(last: str, first: str) -> PersonName:
    """Read the surname and given-name fields of one row (see module docstring)."""
    bracket = re.search(r"\(([^)]*)\)", last or "")
    civility_last, last_words = _strip_civility(
        (last or "").replace(bracket.group(0), " ") if bracket else last
    )
    civility_first, first_words = _strip_civility(first)
    civility = civility_last or civility_first
    last_words, generation = _without_generation(last_words)
    first_words, in_given = _without_generation(first_words)
    generation = generation or in_given
    last_words = _without_given(last_words, first_words)
    usage_words, birth_words = _split_married(last_words)
    first_words, usage_words, birth_words = _married_in_given(first_words, usage_words, birth_words)
    extra = fold(bracket.group(1)).split() if bracket else []
    if len(extra) > 1 and not birth_words and extra[0] in _SPOUSE_OF | _BORN:
        # « DUPONT (née MARTIN) », « DUPONT (épouse MARTIN) »: read as without brackets
        usage_words, birth_words = _split_married([*usage_words, *extra])
        extra = []
    elif all(word in _SPOUSE_OF | _BORN for word in extra):  # « (veuve) »: no name
        extra = []

    forms = _surname_variants(usage_words) | _surname_variants(birth_words)
    forms |= _surname_variants(extra)
    parts = {
        word
        for words in (usage_words, birth_words, extra)
        if len(words) > 1
        for word in words
        if word not in _DROPPABLE_PARTICLES and len(word) > 2
    }
    key = given_key("".join(first_words))
    given_forms = {key, _without_leading_vowel(key)} - {""}
    return PersonName(
        civility=civility,
        given=" ".join(first_words),
        usage=" ".join(usage_words),
        birth=" ".join(birth_words) or " ".join(extra),
        surname_forms=frozenset(forms),
        given_forms=frozenset(given_forms),
        surname_parts=frozenset(parts),
        given_first=given_key("".join(_first_given(first_words))),
        generation=generation,
    )


# Words that do not make a surname alone: « Ben Salah | Salah » keeps « Ben Salah ».
_NOT_ALONE = _DROPPABLE_PARTICLES | {
    "ben", "bent", "ait", "bou", "ou", "abd", "abou", "le", "la", "van", "von", "mac", "mc",
    "o", "n", "m", "st", "ste", "saint", "sainte", "du", "des", "der", "den", "ter",
    *_NAME_PREFIXES, *_NAME_ARTICLES,
}  # fmt: skip


def _without_given(last: list[str], given: list[str]) -> list[str]:
    """The surname field without the given name(s) written in it again, before or after
    the surname (« SOW BAKARY | BAKARY », « ANDREI KOWALSKI | ANDREI »: a full-name
    field exported into the surname column); unchanged when what would be left is no
    surname on its own (a particle, a letter)."""
    changed = True
    while changed and given:
        changed = False
        for words in (given, given[:1]):
            size = len(words)
            if len(last) <= size:
                continue
            if last[-size:] == words and _a_surname(last[:-size]):
                last, changed = last[:-size], True
                break
            if last[:size] == words and _a_surname(last[size:]):
                last, changed = last[size:], True
                break
    return last


def _a_surname(words: list[str]) -> bool:
    # Two letters make a surname (« VU », « LY », « WU », « SY », « BA »), unless they
    # are a particle or an article (« LE », « DE », « DO »: _NOT_ALONE).
    return any(len(word) >= 2 and word not in _NOT_ALONE for word in words)


def _without_generation(words: list[str]) -> tuple[list[str], str]:
    """(words, marker) of a field ending with a generation marker after a name
    (« khelifi karim junior », « dupont fils »); the field alone is a name (« Fils »)."""
    if len(words) > 1 and words[-1] in GENERATIONS:
        return words[:-1], GENERATIONS[words[-1]]
    return words, ""


def same_given(a: PersonName, b: PersonName) -> bool:
    """Both rows give a first name and their transliteration keys agree."""
    return bool(a.given_forms & b.given_forms)


def same_surname(a: PersonName, b: PersonName) -> bool:
    """One of the surname forms (usage, birth, with or without article) is shared."""
    return bool(a.surname_forms & b.surname_forms)
