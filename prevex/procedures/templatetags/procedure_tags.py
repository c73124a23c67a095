"""``{% procedure_block pv %}``: a procedure's block on the file page (prevex/procedures/
block.py), with the panel's rights and forms from the context."""

from django import template

from prevex.procedures.block import procedure_block as block

register = template.Library()


@register.simple_tag(takes_context=True)
def procedure_block(context, pv):
    instalment_form = (
        context.get("instalment_form_empty") if context.get("can_record_instalment") else None
    )
    served_form = context.get("served_form_empty") if context.get("can_record_served") else None
    return block(
        pv,
        request=context.get("request"),
        can_record=bool(context.get("can_record")),
        can_close=bool(context.get("can_close")),
        event_form=getattr(pv, "event_form", None),
        close_form=getattr(pv, "close_form", None),
        instalment_form=instalment_form,
        served_form=served_form,
    )
