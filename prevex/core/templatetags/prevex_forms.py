"""``{% lazy_form %}``: a form fetched on demand (htmx), or shown inline with its errors.

Without JavaScript the link opens the form on its own page. A tag rather than an
``{% include %}``: the household file page shows up to three of them on every read.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html

from prevex.core.reversing import reverse_ids as reverse

register = template.Library()


def lazy_form_html(request, form, *, target, url_name, pk, title, submit, back="households:detail"):
    """The on-demand link, or ``form`` with its errors in its place (Python callers: the
    panels written in Python, e.g. prevex/households/panels_html.py)."""
    action = reverse(url_name, args=[pk])
    if form is None:
        return format_html(
            '<div id="{target}"><a class="fr-btn fr-btn--sm fr-btn--tertiary fr-mt-1w" '
            'href="{action}" hx-get="{action}" hx-target="#{target}">{title}</a></div>',
            target=target,
            action=action,
            title=title,
        )
    return render_to_string(
        "includes/lazy_form.html",
        {
            "form": form,
            "target": target,
            "action": action,
            "title": title,
            "submit": submit,
            "cancel": reverse(back, args=[pk]),
        },
        request=request,
    )


@register.simple_tag(takes_context=True)
def lazy_form(context, form, *, target, url_name, pk, title, submit, back="households:detail"):
    return lazy_form_html(
        context.get("request"),
        form,
        target=target,
        url_name=url_name,
        pk=pk,
        title=title,
        submit=submit,
        back=back,
    )
