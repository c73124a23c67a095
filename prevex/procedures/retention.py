"""Anonymisation at the end of the retention period (procedures side): the acts' free
texts go; stages, dates, amounts and decisions stay (the statistics count them)."""

from .models import Event


def events_free_text_clear(household_ids: list[int]) -> int:
    return (
        Event.objects.filter(procedure__household_id__in=household_ids)
        .exclude(notes="")
        .update(notes="")
    )
