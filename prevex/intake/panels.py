"""The imports' panel on each organisation's home page: what waits for it (its rows in
quarantine; for the secretariat, the review queue by kind), composed by prevex.pages (see
prevex.core.panels). Counts only, with links to the queues; left out when nothing waits."""

from prevex.core.panels import HOME, Panel, register

from .models import ReviewKind
from .selectors import waiting_counts


def waiting(subject) -> dict | None:
    counts = waiting_counts(membership=subject.membership)
    review = [
        (kind, label, counts["review"][kind])
        for kind, label in ReviewKind.choices
        if counts["review"].get(kind)
    ]
    if not counts["quarantined"] and not review:
        return None
    return {
        "quarantined": counts["quarantined"],
        "review": review,
        "review_total": sum(n for _, _, n in review),
    }


register(Panel(HOME, "imports_waiting", "intake/panels/waiting.html", waiting, "main", 10))
