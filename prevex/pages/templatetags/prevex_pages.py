"""``{% panel p %}``: a panel's fragment rendered with its own context on top of the page's.
(The header's and menu's links use ``{% url %}``, reversed once per process and URL
name: prevex/core/reversing.py.)"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def panel(context, rendered):
    fragment = context.template.engine.get_template(rendered.template)
    with context.push(rendered.context):
        return fragment.render(context)
