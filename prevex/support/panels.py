"""The follow-up's panel on the file page (« Suivi »: contacts, DSF, measures, alerts),
composed by prevex.pages (see prevex.core.panels). SUIVI readers only: a landlord's page
never computes it."""

from prevex.core.panels import FILE_PAGE, FileSubject, Panel, register

from .groups import SUIVI
from .selectors import follow_up_of_file


def follow_up(subject: FileSubject) -> dict:
    context = follow_up_of_file(
        membership=subject.membership, household=subject.household, groups=subject.groups
    )
    context["contact_form"] = subject.form("contact_form")
    context["measure_form"] = subject.form("measure_form")
    return context


register(
    Panel(FILE_PAGE, "follow_up", "support/panels/follow_up.html", follow_up, "main", 15, SUIVI)
)
