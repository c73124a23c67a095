"""``{% panel p %}``: a panel's fragment rendered with its own context on top of the page's."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def panel(context, rendered):
    fragment = context.template.engine.get_template(rendered.template)
    with context.push(rendered.context):
        return fragment.render(context)
