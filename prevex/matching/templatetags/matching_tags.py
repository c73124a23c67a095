"""The matching panel of the file page: a link to the duplicate screens, for the
CCAPEX secretariat only (the screens themselves answer 404 to anyone else)."""

from django import template

from prevex.matching.perms import may_correct_matches

register = template.Library()


@register.inclusion_tag("matching/_file_link.html", takes_context=True)
def matching_file_link(context, household_id):
    membership = context.get("membership")
    allowed = membership is not None and may_correct_matches(
        membership, departement=membership.organisation.departement_id
    )
    return {"household_id": household_id, "allowed": allowed}
