"""Text normalisation shared by search and matching (accents, case, punctuation)."""

import re
import unicodedata

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[^a-z0-9]+")

STREET_ABBREVIATIONS = {
    "av": "avenue",
    "ave": "avenue",
    "bd": "boulevard",
    "bld": "boulevard",
    "bvd": "boulevard",
    "r": "rue",
    "pl": "place",
    "all": "allee",
    "imp": "impasse",
    "che": "chemin",
    "ch": "chemin",
    "rte": "route",
    "sq": "square",
    "crs": "cours",
    "pass": "passage",
    "res": "residence",
    "cite": "cite",
    "st": "saint",
    "ste": "sainte",
}


def fold(value: str) -> str:
    """Lower-case, strip accents, turn punctuation into single spaces.

    Letters that have no decomposition (Turkish « ı », « ø », « ł », « đ », ligatures)
    and other scripts (Arabic, Cyrillic…) are transliterated by the ``anyascii``
    library, so « Yıldız » gives ``yildiz`` and « Łukasz » ``lukasz``; plain French
    text is folded exactly as before (the library is only called on what is left)."""
    value = value or ""
    if value.isascii():  # most names and addresses: nothing to decompose or strip
        return _NON_ALNUM.sub(" ", value.lower()).strip()
    return _fold_unicode(value)


def _fold_unicode(value: str) -> str:
    """``fold`` for any text (the ASCII one gives the same, faster)."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    if not stripped.isascii():
        stripped = anyascii(stripped.replace("°", " "))  # « N° 12 »: not « ndeg »
    return _NON_ALNUM.sub(" ", stripped.lower()).strip()


def tokens(value: str, *, expand_abbreviations: bool = False) -> list[str]:
    words = fold(value).split()
    if expand_abbreviations:
        words = [STREET_ABBREVIATIONS.get(w, w) for w in words]
    return words


# Invisible format characters (zero-width spaces and joiners, direction marks and
# overrides, soft hyphen, BOM): a cell that looks right but holds one would be refused
# with a message the sender cannot see, or stored as if it had text.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


def clean_text(value: str) -> str:
    """Remove what no database stores, NUL characters and lone surrogates, and the
    invisible format characters (``_INVISIBLE``); compose accents (NFC: « e » followed by
    a combining acute accent, as macOS and text copied from a PDF write it, becomes « é »)."""
    if value.isascii():
        return value.replace("\x00", "") if "\x00" in value else value
    if "\x00" in value:
        value = value.replace("\x00", "")
    value = _INVISIBLE.sub("", value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return unicodedata.normalize("NFC", value)


def count(number: int, singular: str, plural: str | None = None) -> str:
    """« 0 ligne », « 1 ligne », « 2 lignes »: French puts 0 and 1 in the singular
    (Django's ``pluralize`` follows English and writes « 0 lignes »). ``plural`` defaults
    to the singular with each word given an « s »."""
    if plural is None:
        plural = " ".join(word + "s" for word in singular.split(" "))
    return f"{number} {singular if abs(number) < 2 else plural}"


class Mentions:
    """Whether a text names someone by one of ``terms`` (surnames, phone numbers, e-mail
    addresses, address lines), accents, case and punctuation aside: a term is found as
    whole words (« benali » in « Recherche : Bénali Samia », not in « benalisme »), and
    a term with digits of 8 characters or more also without its spaces (« 06 01 02 03
    04 » for « 0601020304 »). Terms shorter than 3 characters are not looked for alone.
    Used by the retention job (journals' searches, import file names)."""

    SHORTEST = 3
    SQUEEZED = 8

    def __init__(self, terms):
        words = {fold(term) for term in terms if term}
        self.patterns = [
            re.compile(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])")
            for w in sorted(words)
            if len(w.replace(" ", "")) >= self.SHORTEST
        ]
        squeezed = {w.replace(" ", "") for w in words}
        self.squeezed = sorted(
            w for w in squeezed if len(w) >= self.SQUEEZED and any(c.isdigit() for c in w)
        )

    def __bool__(self) -> bool:
        return bool(self.patterns or self.squeezed)

    def __call__(self, text) -> bool:
        folded = fold(str(text or ""))
        if any(p.search(folded) for p in self.patterns):
            return True
        squeezed = folded.replace(" ", "")
        return any(w in squeezed for w in self.squeezed)
