"""The file summary (« fiche de synthèse », the *reconstitution du parcours*).

Built for each file on an agenda, frozen when the session is held (what the commission
saw stays as it was), read through the reader's field groups.
"""

from __future__ import annotations


def summaries_freeze_many(*, items, by) -> int:
    """Freeze the summary of each agenda item not frozen yet; returns how many."""
    raise NotImplementedError  # written by the summary work
