"""The data-subject export as a PDF, for the person who asked (WeasyPrint).

The same document as the JSON export (``subject.subject_export``), laid out section by
section; fonts are the vendored ones of the DSF's PDF and nothing is fetched
(``prevex.support.pdf._no_fetch``).
"""

from __future__ import annotations

import json

from django.template.loader import render_to_string

from prevex.support.pdf import FONTS, _no_fetch

SECTIONS = [
    ("menage", "Ménage"),
    ("membres", "Membres du ménage"),
    ("moyens_de_contact", "Moyens de contact"),
    ("vulnerabilites", "Vulnérabilités"),
    ("evaluations_sociales", "Évaluations sociales"),
    ("procedures", "Procédures"),
    ("actes", "Actes des procédures"),
    ("lignes_recues", "Lignes reçues des partenaires"),
    ("organisations_ayant_acces", "Organisations ayant accès au dossier"),
    ("consultations", "Consultations (journal des accès)"),
    ("modifications", "Modifications (historique)"),
]


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _records(value) -> list[list[tuple[str, str]]]:
    items = value if isinstance(value, list) else [value]
    return [[(key, _text(v)) for key, v in item.items()] for item in items]


def subject_sections(document: dict) -> list[tuple[str, list[list[tuple[str, str]]]]]:
    """(title, records) per section; a record is a list of (field, text). The acts are
    taken out of their procedures into their own section."""
    flat = dict(document)
    procedures = [dict(p) for p in document.get("procedures", [])]
    flat["actes"] = [
        {"procedure": p.get("id"), **act} for p in procedures for act in p.pop("actes", [])
    ]
    flat["procedures"] = procedures
    return [(title, _records(flat.get(key) or [])) for key, title in SECTIONS]


def subject_pdf(document: dict, *, reference: str) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked

    html = render_to_string(
        "lifecycle/subject_pdf.html",
        {
            "document": document,
            "reference": reference,
            "sections": subject_sections(document),
            "font_regular": (FONTS / "DejaVuSans.ttf").as_uri(),
            "font_bold": (FONTS / "DejaVuSans-Bold.ttf").as_uri(),
        },
    )
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()
