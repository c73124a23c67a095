"""The household's panels on the file page (composed by prevex.pages; see prevex.core.panels).

All four read the file view the page built once (``households.selectors.household_for_reading``,
one journaled read): they add no query of their own.
"""

from prevex.core.panels import FILE_PAGE, FileSubject, Panel, register

from .perms import FieldGroup


def identity(subject: FileSubject) -> dict:
    return {"file": subject.file}


def dwelling(subject: FileSubject) -> dict:
    return {"file": subject.file}


def social(subject: FileSubject) -> dict:
    return {"file": subject.file, "social_form": subject.form("social_form")}


def health(subject: FileSubject) -> dict:
    return {"file": subject.file, "vulnerability_form": subject.form("vulnerability_form")}


TEMPLATES = "households/panels/"

register(Panel(FILE_PAGE, "household", TEMPLATES + "identity.html", identity, "aside", 10))
register(Panel(FILE_PAGE, "dwelling", TEMPLATES + "dwelling.html", dwelling, "aside", 20))
register(
    Panel(FILE_PAGE, "social", TEMPLATES + "social.html", social, "aside", 30, FieldGroup.SOCIAL)
)
register(
    Panel(FILE_PAGE, "health", TEMPLATES + "health.html", health, "aside", 40, FieldGroup.HEALTH)
)
