"""The ``{% url %}`` tag, through :func:`prevex.core.reversing.reverse_ids` (a template
builtin, see settings): same syntax and same URLs as Django's tag, one ``reverse()`` per
URL name and shape instead of one per link."""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from prevex.core.reversing import reverse_ids

register = template.Library()


def _current_app(context):
    request = getattr(context, "request", None)
    if request is None:
        return None
    if hasattr(request, "current_app"):
        return request.current_app
    match = getattr(request, "resolver_match", None)
    return match.namespace if match is not None else None


class IdURLNode(defaulttags.URLNode):
    def render(self, context):
        name = self.view_name.resolve(context)
        args = [a.resolve(context) for a in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        try:
            url = reverse_ids(name, args, kwargs, current_app=_current_app(context))
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    node.__class__ = IdURLNode
    return node
