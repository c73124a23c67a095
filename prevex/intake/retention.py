"""Anonymisation at the end of the retention period (intake side): the rows received
for these households keep their status and counts, not their content."""

from .models import ImportRow, ReviewItem


def rows_content_clear(household_ids: list[int]) -> int:
    rows = ImportRow.objects.filter(household_id__in=household_ids)
    ReviewItem.objects.filter(row__in=rows).update(candidates=[], reason="")
    return rows.update(raw={}, normalised=None)
