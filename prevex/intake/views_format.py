"""The import format as a page of the application, and the template file to fill in."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from prevex.accounts.decorators import acting_view

from . import format_guide


@acting_view
@require_safe
def import_format(request):
    acts = format_guide.acts_for(request.membership.organisation)
    return render(
        request,
        "intake/format.html",
        {
            "nav": "imports",
            "columns": format_guide.columns_help(acts),
            "acts": acts,
            "max_size": format_guide.max_size_label(),
        },
    )


@acting_view
@require_safe
def import_template(request):
    response = HttpResponse(format_guide.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-actes.csv"'
    return response
