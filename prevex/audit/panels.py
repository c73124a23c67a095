"""The history of writes on the file page: a link that fetches the history on demand
(htmx), so the page itself reads nothing more. The history's entries are filtered by the
reader's field groups when fetched (``audit.selectors.write_history``)."""

from prevex.core.panels import FILE_PAGE, FileSubject, Panel, register


def history(subject: FileSubject) -> dict:
    return {"file": subject.file}


register(Panel(FILE_PAGE, "history", "audit/panels/history.html", history, "aside", 50))
