"""The DSF as a PDF for the court (WeasyPrint). Fonts are vendored in ``fonts/`` (DejaVu
Sans, free licence in ``fonts/LICENSE-DejaVu.txt``): nothing is fetched at run time, and
the HTML names no outside resource (``url_fetcher`` refuses any)."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from prevex.households.models import Member, MemberRole

from .models import Dsf
from .selectors import dsf_content_rows

FONTS = Path(__file__).resolve().parent / "fonts"


def _no_fetch(url: str, *args, **kwargs):
    """Only the vendored fonts may be read; nothing else, and nothing from a network."""
    path = Path(url.removeprefix("file://")).resolve()
    if url.startswith("file://") and path.parent == FONTS and path.suffix == ".ttf":
        return {"string": path.read_bytes(), "mime_type": "font/ttf"}
    raise ValueError(f"Ressource refusée dans le PDF : {url}")


def dsf_html(dsf: Dsf) -> str:
    return render_to_string(
        "support/dsf_pdf.html",
        {
            "dsf": dsf,
            "rows": dsf_content_rows(dsf),
            "font_regular": (FONTS / "DejaVuSans.ttf").as_uri(),
            "font_bold": (FONTS / "DejaVuSans-Bold.ttf").as_uri(),
            "printed_at": timezone.localtime(),
            "holders": [
                f"{m.first_name} {m.last_name.upper()}"
                for m in Member.objects.filter(
                    household_id=dsf.household_id,
                    role__in=[MemberRole.TITULAIRE, MemberRole.COTITULAIRE],
                ).order_by("role", "id")
            ],
        },
    )


def dsf_pdf(dsf: Dsf) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked

    return HTML(string=dsf_html(dsf), url_fetcher=_no_fetch).write_pdf()
