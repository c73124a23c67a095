import datetime

from django import template

register = template.Library()


@register.filter
def duree(value) -> str:
    """A duration in French words: « 1 heure 30 minutes », « 45 minutes »."""
    if not isinstance(value, datetime.timedelta):
        return ""
    minutes = max(round(value.total_seconds() / 60), 1)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    parts = []
    for amount, singular, plural in (
        (days, "jour", "jours"),
        (hours, "heure", "heures"),
        (minutes, "minute", "minutes"),
    ):
        if amount:
            parts.append(f"{amount} {singular if amount == 1 else plural}")
    return " ".join(parts)
