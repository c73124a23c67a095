"""Django's ``{# … #}`` comments end on their own line: one spread over several lines is
printed on the page as text (it was, on every paginated list). Multi-line comments use
``{% comment %}``."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "prevex"


def test_no_template_comment_spans_lines():
    offenders = []
    for path in ROOT.rglob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            opened = line.count("{#") - line.count("#}")
            if opened > 0:
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_the_pagination_include_prints_no_comment(rf):
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page = Paginator(list(range(50)), 20).page(2)
    html = render_to_string("includes/pagination.html", {"page": page, "querystring": ""})
    assert "{#" not in html and "#}" not in html and "Previous / next" not in html
    assert 'aria-label="Pagination"' in html
