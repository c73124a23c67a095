"""The household's panels on the file page (composed by prevex.pages; see prevex.core.panels).

All four read the file view the page built once (``households.selectors.household_for_reading``,
one journaled read): they add no query of their own. Their HTML is written in Python
(``panels_html.py``).
"""

from prevex.core.panels import FILE_PAGE, FileSubject, Panel, register

from .panels_html import dwelling_html, health_html, identity_html, social_html
from .perms import FieldGroup


def identity(subject: FileSubject) -> dict:
    return {"html": identity_html(subject.file)}


def dwelling(subject: FileSubject) -> dict:
    return {"html": dwelling_html(subject.file)}


def social(subject: FileSubject) -> dict:
    form = subject.form("social_form")
    return {"html": social_html(subject.file, request=subject.request, form=form)}


def health(subject: FileSubject) -> dict:
    form = subject.form("vulnerability_form")
    return {"html": health_html(subject.file, request=subject.request, form=form)}


register(Panel(FILE_PAGE, "household", None, identity, "aside", 10))
register(Panel(FILE_PAGE, "dwelling", None, dwelling, "aside", 20))
register(Panel(FILE_PAGE, "social", None, social, "aside", 30, FieldGroup.SOCIAL))
register(Panel(FILE_PAGE, "health", None, health, "aside", 40, FieldGroup.HEALTH))
