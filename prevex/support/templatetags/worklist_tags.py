"""The header's count of open tasks (one indexed COUNT, once per request)."""

from django import template

from prevex.support.selectors import open_task_count

register = template.Library()


@register.simple_tag(takes_context=True)
def open_tasks(context) -> int:
    request = context.get("request")
    membership = getattr(request, "membership", None) if request is not None else None
    if membership is None:
        return 0
    if not hasattr(request, "_open_tasks"):
        request._open_tasks = open_task_count(membership=membership)
    return request._open_tasks
