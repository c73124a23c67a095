"""Panels: what a domain app shows on a composed page (the household file, the dashboard).

The composed pages live in the page layer (``prevex.pages``), above every domain app. A
domain app never imports it: it declares its panels here, in its own ``panels.py`` module
(the page layer imports every app's ``panels`` module at start-up), and the page layer
renders the panels of a page in order.

A panel is a selector plus a template fragment:

- ``selector(subject)`` returns the fragment's context, or ``None`` to leave the panel out
  (nothing to show). The subject is a :class:`FileSubject` on the file page and a
  :class:`ListSubject` on the dashboard;
- ``group``: the field group the reader must hold for the panel to be shown at all
  (``None``: every reader of the page); the page checks it before calling the selector;
- ``slot`` and ``order`` place it: on the file page, ``"aside"`` is the narrow column
  (household), ``"main"`` the wide one (procedures, history…); lower ``order`` first.

Other apps add lines to a procedure's timeline the same way, without the procedures app
importing them: a :class:`TimelineSource` (``register_timeline``) gives the dated
:class:`TimelineItem` lines of a file, for readers holding its ``group``;
:func:`timeline_items` asks every source the reader may read (the support measures' steps,
next to the legal acts).

A domain view that must show a composed page again (a form sent with errors, shown in
place with the rest of the file) asks for it by name with :func:`render_page`; the page
layer registers the renderers (``register_page``) when it starts. The forms of the file
page share one flow (:func:`file_page_form`): the form fetched on demand
(:func:`form_on_demand`), then, sent, the app's service, and back to the file, or the file
page again with the form's errors in place.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

FILE_PAGE = "file"
DASHBOARD = "dashboard"
HOME = "home"  # each organisation's home page: its work list, and what waits for it


@dataclass(frozen=True)
class Panel:
    page: str
    name: str
    # The fragment's template; ``None``: the selector writes the HTML itself (its
    # context's ``html``, escaped), as the household's panels do.
    template: str | None
    selector: Callable[[Any], dict | None]
    slot: str = "main"
    order: int = 100
    group: str | None = None
    # The SQL statements the selector will read (``statements(subject)``), run by the
    # page with every other panel's in one round trip (prevex.core.batch); optional.
    statements: Callable[[Any], list] | None = None


@dataclass
class FileSubject:
    """What every panel of the file page is given: the file as this reader may read it."""

    membership: Any
    household: Any  # the Household row (read once by the page)
    groups: frozenset  # the reader's field groups on this file
    file: Any  # households.selectors.HouseholdView (identity, dwelling, social, health)
    forms: dict = field(default_factory=dict)  # forms sent with errors, by name
    request: Any = None  # for a form shown in place (its CSRF token)

    def form(self, name: str):
        return self.forms.get(name)


@dataclass
class ListSubject:
    """What every panel of the dashboard is given: the reader and the query string."""

    membership: Any
    params: Any  # request.GET (a QueryDict)


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """A line another app adds to the file's timeline, next to the legal acts (same
    attributes as an act's line, plus its date and its kind). Text only: escaped."""

    on: datetime.date
    heading: str  # « 12/03/2025 — Dispositif FSL maintien : accordé »
    details: str = ""  # « · 1 200,00 € · décision : commission FSL »
    recorded: str = ""  # « enregistré par Prénom Nom (Organisation), via formulaire »
    kind: str = ""  # what the line is (« dispositif »), for its marker
    source: str = ""
    notes: str = ""
    flagged: str = ""


@dataclass(frozen=True)
class TimelineSource:
    """``items(household_id)``: the dated lines of a file, shown only to readers holding
    ``group`` (checked before the source is asked)."""

    name: str
    items: Callable[[int], list[TimelineItem]]
    group: str | None = None
    statements: Callable[[int], list] | None = None  # what ``items`` reads, for the batch


_panels: dict[str, dict[str, Panel]] = {}
_header_reads: dict[str, Callable[[Any], list]] = {}
_timeline_sources: dict[str, TimelineSource] = {}
_pages: dict[str, Callable] = {}


def register(panel: Panel) -> Panel:
    """Declare a panel (in the app's ``panels.py``). Re-registering a name replaces it."""
    _panels.setdefault(panel.page, {})[panel.name] = panel
    return panel


def panels_of(page: str, *, slot: str | None = None) -> list[Panel]:
    """The panels of a page (of one slot), in order."""
    found = _panels.get(page, {}).values()
    return sorted(
        (p for p in found if slot is None or p.slot == slot), key=lambda p: (p.order, p.name)
    )


def register_page(name: str, renderer: Callable) -> None:
    _pages[name] = renderer


def render_page(name: str, request, **kwargs):
    """The composed page ``name`` (e.g. the file page with a form's errors in place)."""
    try:
        renderer = _pages[name]
    except KeyError:
        raise LookupError(f"Page composée inconnue : {name} (prevex.pages installé ?)") from None
    return renderer(request, **kwargs)


def form_on_demand(
    request: HttpRequest,
    *,
    form: BaseForm,
    action: str,
    title: str,
    submit: str,
    household_id: int,
    status: int = 200,
) -> HttpResponse:
    """A form fetched on demand from the file page: the fragment for htmx, a small page
    otherwise; « Annuler » goes back to the file."""
    template = "includes/form_fragment.html" if request.htmx else "includes/form_page.html"
    context = {
        "form": form,
        "action": action,
        "title": title,
        "submit": submit,
        "cancel": reverse("households:detail", args=[household_id]),
    }
    return render(request, template, context, status=status)


FormT = TypeVar("FormT", bound=BaseForm)


def file_page_form(
    request: HttpRequest,
    *,
    household_id: int,
    form: Callable[[QueryDict | None], FormT],
    form_key: str,
    save: Callable[[FormT], object],
    success: str,
    title: str,
    submit: str,
) -> HttpResponse:
    """A form of the file page. GET: the form on demand (``form(None)``, sent back to this
    URL). POST: the form bound to the data sent (``form(request.POST)``); valid, ``save(
    form)`` calls the app's service with its ``cleaned_data`` (a ``ValidationError`` is
    shown on the form), then ``success`` and back to the file; else the file page again,
    the form's errors in place and an alert at the top (``file_page_refused``), 422. The view checks the reader's
    access first."""
    if request.method == "GET":
        return form_on_demand(
            request,
            form=form(None),
            action=request.path,
            title=title,
            submit=submit,
            household_id=household_id,
        )
    bound = form(request.POST)
    if bound.is_valid():
        try:
            save(bound)
        except ValidationError as exc:
            bound.add_error(None, exc)
        else:
            messages.success(request, success)
            return redirect("households:detail", household_id=household_id)
    return file_page_refused(
        request, household_id=household_id, form_key=form_key, form=bound, title=title
    )


def file_page_refused(
    request: HttpRequest, *, household_id: int, form_key: str, form: BaseForm, title: str
) -> HttpResponse:
    """The file page again (422) with a refused form in its panel (``forms[form_key]``).
    The page is long and the form sits far down: an alert at the top says that nothing was
    saved and where to look, as a success is said there."""
    messages.error(
        request,
        f"« {title} » : rien n'a été enregistré. Corrigez les champs signalés dans ce "
        "formulaire, plus bas sur la page.",
    )
    return render_page(
        FILE_PAGE, request, household_id=household_id, forms={form_key: form}, status=422
    )


def register_timeline(source: TimelineSource) -> TimelineSource:
    """Declare a source of timeline lines (in the app's ``panels.py``)."""
    _timeline_sources[source.name] = source
    return source


def _may_read(group, groups) -> bool:
    return group is None or (groups is not None and group in groups)


def register_header_reads(name: str, statements: Callable[[Any], list]) -> None:
    """Declare what the pages' header reads for the acting membership (``statements(
    membership)``: the count of open tasks), for the page's batch."""
    _header_reads[name] = statements


def page_statements(page: str, subject, *, groups) -> list:
    """The statements every panel of ``page`` the reader may see (and, on the file page,
    every timeline source it may read) declared, with the header's, for one batch
    (prevex.core.batch)."""
    statements: list = []
    for name in sorted(_header_reads):
        statements.extend(_header_reads[name](subject.membership))
    for panel in panels_of(page):
        if panel.statements is not None and _may_read(panel.group, groups):
            statements.extend(panel.statements(subject))
    if page == FILE_PAGE:
        for name in sorted(_timeline_sources):
            source = _timeline_sources[name]
            if source.statements is not None and _may_read(source.group, groups):
                statements.extend(source.statements(subject.household.pk))
    return statements


def timeline_items(*, household_id: int, groups) -> list[TimelineItem]:
    """The lines every source this reader may read adds to the file's timeline, by date."""
    items: list[TimelineItem] = []
    for name in sorted(_timeline_sources):
        source = _timeline_sources[name]
        if _may_read(source.group, groups):
            items.extend(source.items(household_id))
    return sorted(items, key=lambda item: item.on)
