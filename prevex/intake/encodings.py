"""Reading a CSV file's bytes as text: its encoding (BOMs, UTF-16 without BOM, UTF-8 with
lines from a Windows tool) and carriage returns alone inside an unquoted cell. Each
correction is said in a French notice naming the lines."""

from __future__ import annotations

import codecs
import re

from .parsing_errors import FileRefused

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (avec BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def lines_shown(numbers: list[int], limit: int = 20) -> str:
    """« 3, 7, 12 » — the first ``limit`` line numbers of a notice, then « … »."""
    return ", ".join(map(str, numbers[:limit])) + (", …" if len(numbers) > limit else "")


def decode(content: bytes) -> tuple[str, str, str | None]:
    """(text, encoding label, French notice or None)."""
    for bom, codec, label in _BOMS:
        if content.startswith(bom):
            if bom == codecs.BOM_UTF8:
                try:
                    return content.decode(codec), label, None
                except UnicodeDecodeError:
                    # a UTF-8 export with lines appended by a Windows tool
                    return _line_by_line(content[len(bom) :], utf8=True)
            return _decoded(content, codec, label), label, None
    utf16 = _utf16_without_bom(content)
    if utf16:
        return _decoded(content, utf16, "UTF-16 (sans BOM)"), "UTF-16 (sans BOM)", None
    try:
        return content.decode("utf-8"), "UTF-8", None
    except UnicodeDecodeError:
        return _line_by_line(content)


def _line_by_line(content: bytes, *, utf8: bool = False) -> tuple[str, str, str | None]:
    """Line by line: a file written in UTF-8 with a few lines pasted from a Windows
    tool keeps its UTF-8 lines intact; only the others are read as Windows-1252, and
    the notice names them. ``utf8``: the file declares UTF-8 (a BOM)."""
    texts, fallback, latin1 = [], [], False
    for number, raw in enumerate(content.split(b"\n"), start=1):
        try:
            texts.append(raw.decode("utf-8"))
            utf8 = utf8 or not raw.isascii()
            continue
        except UnicodeDecodeError:
            fallback.append(number)
        try:
            texts.append(raw.decode("cp1252"))
        except UnicodeDecodeError:
            texts.append(raw.decode("latin-1"))
            latin1 = True
    label = "ISO-8859-1 (latin-1)" if latin1 else "Windows-1252 (cp1252)"
    if utf8:
        shown = lines_shown(fallback)
        return (
            "\n".join(texts),
            f"UTF-8 et {label} mélangés",
            f"Le fichier mélange deux encodages : ligne(s) {shown} lue(s) comme {label}, "
            "les autres comme UTF-8. Vérifiez les accents des noms de ces lignes ; "
            "enregistrez de préférence vos fichiers en « CSV UTF-8 ».",
        )
    return (
        "\n".join(texts),
        label,
        f"Le fichier n'est pas en UTF-8 : il a été lu comme {label}. Vérifiez les accents "
        "des noms importés ; enregistrez de préférence vos fichiers en « CSV UTF-8 ».",
    )


def _decoded(content: bytes, codec: str, label: str) -> str:
    try:
        return content.decode(codec)
    except UnicodeDecodeError:
        raise FileRefused(
            f"Le fichier commence comme un fichier {label} mais n'est pas lisible "
            "dans cet encodage."
        ) from None


def _utf16_without_bom(content: bytes) -> str | None:
    """The UTF-16 codec of a file without BOM whose start is plain text in UTF-16 (one
    NUL byte in every pair, always on the same side), else None."""
    sample = content[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros) and others.count(0) <= 0.1 * len(others):
            return codec
    return None


def without_lone_carriage_returns(text: str, delimiter: str, notices: list[str]) -> str:
    """A carriage return alone (not before a line feed) inside a line of a file whose
    lines end with a line feed: a line break copied into a cell, which the reader would
    take for the end of the row, cutting it in two. It is read as a space, and said.
    A carriage return that ends a whole row (mixed line endings, old Mac tools: each
    piece has the header's number of cells) stays a line break."""
    if "\r" not in text or "\n" not in text:
        return text
    parts = text.split("\n")
    width = re.split(r"\r\n|\n|\r", text, maxsplit=1)[0].count(delimiter)
    found, quoted = [], False  # quoted: the line starts inside a quoted cell
    for number, part in enumerate(parts, start=1):
        end = "\r" if part.endswith("\r") else ""
        body = part[: len(part) - len(end)]
        if "\r" in body and any(p.count(delimiter) < width for p in body.split("\r")):
            pieces, inside = [], quoted
            for piece in body.split("\r"):
                pieces.append(piece)
                inside ^= piece.count('"') % 2 == 1
                pieces.append("\r" if inside else " ")  # kept in a quoted cell
            new = "".join(pieces[:-1])
            if new != body:
                parts[number - 1] = new + end
                found.append(number)
        quoted ^= part.count('"') % 2 == 1
    if not found:
        return text
    shown = lines_shown(found)
    notices.append(
        f"Retour à la ligne isolé (caractère « retour chariot ») au milieu de la ligne "
        f"{shown} : il a été lu comme une espace, sans couper la ligne. Vérifiez la "
        "cellule qui le contenait."
    )
    return "\n".join(parts)
