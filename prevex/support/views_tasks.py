"""The work list (« à faire »): each organisation's home page, its filters, manual tasks.

Thin: forms validate, ``selectors`` read through the gate (journaled), ``todo`` writes.
Nothing is computed here: generated tasks are written by the jobs (``worklist.py``).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prevex.access.groups import field_groups
from prevex.accounts.decorators import acting_view
from prevex.core import clock
from prevex.households.models import Household

from . import selectors, todo
from .choices import AlertKind
from .forms_tasks import AssignForm, TaskForm, WorkListFilterForm
from .groups import SUIVI

# The task pages come from the home page's « À faire », not from a file.
BACK_HOME = "Retour à « À faire »"
UNKNOWN_FILE = "Dossier introuvable, ou que votre organisme ne suit pas."


def _with_links(tasks: list, today) -> list:
    """Each row's links and labels, computed once here: one ``reverse`` per kind of link
    (reversing 4 links per row, and resolving each label in the template, was most of
    the page's time)."""
    kinds = dict(AlertKind.choices)

    def pattern(name: str) -> tuple[str, str]:
        head, tail = reverse(name, args=[999999999]).split("999999999")
        return head, tail

    file, assign, done, dsf = (
        pattern(n)
        for n in ("households:detail", "support:task_assign", "support:task_done", "support:dsf")
    )
    for task in tasks:
        task.file_url = f"{file[0]}{task.household_id}{file[1]}"
        task.assign_url = f"{assign[0]}{task.pk}{assign[1]}"
        task.done_url = f"{done[0]}{task.pk}{done[1]}"
        task.dsf_url = f"{dsf[0]}{task.dsf_id}{dsf[1]}" if task.dsf_id else ""
        task.due_label = f"{task.due_on:%d/%m/%Y}" if task.due_on else "—"
        task.overdue = task.due_on is not None and task.due_on < today
        task.kind_label = kinds.get(task.kind, task.kind)
        user = task.assigned_to if task.assigned_to_id else None
        task.assignee = (user.get_full_name() or user.get_username()) if user else "—"
    return tasks


def work_list_context(membership, params) -> dict:
    """The work list as filtered by ``params`` (a query string): the home page's panel
    (prevex/support/panels.py) and the table's htmx refresh. ``status`` 400 when the
    filters do not read."""
    filters = WorkListFilterForm(
        params or None, kinds=selectors.work_list_kinds(membership=membership)
    )
    if params and not filters.is_valid():
        tasks, more, status = [], False, 400
    else:
        f = filters.cleaned_data if params else {}
        tasks, more = selectors.work_list(
            membership=membership,
            kind=f.get("kind", ""),
            due=f.get("due", ""),
            mine=f.get("mine", False),
        )
        status = 200
    return {
        "tasks": _with_links(tasks, clock.today()),
        "more": more,
        "filters": filters,
        # Manual tasks are follow-up data: not for those who do not read it (landlords).
        "can_create": SUIVI in field_groups(membership, involved=True),
        "status": status,
    }


@acting_view
@require_GET
def work_list(request):
    """The work list's table alone (htmx, when a filter changes); the whole home page is
    composed by prevex.pages (``home``)."""
    context = work_list_context(request.membership, request.GET)
    return render(request, "support/_tasks_table.html", context, status=context["status"])


def _task_form_page(request, form, *, back_to: int | None, status=200):
    """The task form; ``back_to``: the file it was opened from (« Nouvelle tâche » on the
    file page), which it goes back to, else the work list."""
    action = reverse("support:task_create")
    if back_to is not None:
        action += "?" + urlencode({"dossier": request.GET["dossier"]})
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "action": action,
            "title": "Nouvelle tâche",
            "submit": "Créer la tâche",
            "cancel": reverse("households:detail", args=[back_to]) if back_to else reverse("home"),
            "back": "" if back_to else BACK_HOME,
        },
        status=status,
    )


@acting_view
@require_http_methods(["GET", "POST"])
def task_create(request):
    membership = request.membership
    members = selectors.members_of(membership=membership)
    reference = request.GET.get("dossier", "")[:20].strip()
    back_to = (
        selectors.followed_file_id(membership=membership, reference=reference)
        if reference
        else None
    )
    if request.method == "GET":
        initial = {"reference": reference}
        form = TaskForm(initial=initial, members=members)
        return _task_form_page(request, form, back_to=back_to)
    form = TaskForm(request.POST, members=members)
    if form.is_valid():
        d = form.cleaned_data
        ref = d["reference"].strip()
        household_id = Household.objects.filter(reference=ref).values_list("pk", flat=True).first()
        try:
            if household_id is None:
                raise ValidationError(UNKNOWN_FILE)
            try:
                household, _ = selectors.household_for_follow_up(
                    membership=membership, household_id=household_id, what="Tâche : création"
                )
            except Http404:
                raise ValidationError(UNKNOWN_FILE) from None
            todo.task_create(
                household=household,
                by=membership,
                title=d["title"],
                due_on=d["due_on"],
                assigned_to_id=int(d["assigned_to"]) if d["assigned_to"] else None,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Tâche créée.")
            if back_to == household.pk:
                return redirect("households:detail", household.pk)
            return redirect("home")
    return _task_form_page(request, form, back_to=back_to, status=422)


GONE = (
    "Cette tâche n'est plus ouverte pour votre organisme (déjà faite, ou fermée) : rien n'a changé."
)


@acting_view
@require_POST
def task_done(request, task_id):
    try:
        task = selectors.task_for_acting(membership=request.membership, task_id=task_id)
    except Http404:
        if not selectors.task_closed_for(membership=request.membership, task_id=task_id):
            raise
        # « Fait » clicked twice, or on a list loaded before the task was done or closed:
        # the work list again, saying so, rather than an error page.
        messages.error(request, GONE)
        return redirect("home")
    try:
        todo.task_done(task=task, by=request.membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Tâche faite.")
    return redirect("home")


@acting_view
@require_http_methods(["GET", "POST"])
def task_assign(request, task_id):
    """GET: the assignment form (an htmx fragment in the row, or a page); POST: assign."""
    membership = request.membership
    task = selectors.task_for_acting(membership=membership, task_id=task_id)
    members = selectors.members_of(membership=membership)
    if request.method == "GET":
        form = AssignForm(members=members, initial={"assigned_to": task.assigned_to_id or ""})
        template = "includes/form_fragment.html" if request.htmx else "includes/form_page.html"
        context = {
            "form": form,
            "action": request.path,
            "title": f"Confier : {task.message[:80]}",
            "submit": "Confier",
            "cancel": reverse("home"),
            "back": BACK_HOME,
        }
        return render(request, template, context)
    form = AssignForm(request.POST, members=members)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        value = form.cleaned_data["assigned_to"]
        before = task.assigned_to_id
        task = todo.task_assign(
            task=task, by=membership, assigned_to_id=int(value) if value else None
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if task.assigned_to_id == before:
            messages.info(request, "Aucun changement : la tâche était déjà confiée ainsi.")
        else:
            messages.success(request, "Tâche confiée.")
    return redirect("home")
