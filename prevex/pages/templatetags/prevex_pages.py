"""``{% panel p %}``: a panel's fragment rendered with its own context on top of the page's
(or, for a panel without a template, the HTML its selector wrote).
(The header's and menu's links use ``{% url %}``, reversed once per process and URL
name: prevex/core/reversing.py.)"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def panel(context, rendered):
    if rendered.template is None:  # written in Python by its selector, escaped
        return rendered.context["html"]
    fragment = context.template.engine.get_template(rendered.template)
    with context.push(rendered.context):
        return fragment.render(context)
