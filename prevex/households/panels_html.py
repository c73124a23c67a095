"""The household's four panels on the file page, written once in Python.

Every file read shows them (people and contacts, dwelling, social evaluation, health).
Through the template engine they cost about a tenth of the page (loops, ``|date`` and
``|upper`` filters, a lookup per value); here each is a few f-strings, every value
escaped with ``escape`` (the labels of closed lists included). What they show is pinned
by tests/households/test_file_panels_html.py. A form sent with errors is shown in place
(``lazy_form_html``), as the ``{% lazy_form %}`` tag does.
"""

from __future__ import annotations

import datetime

from django.template.defaultfilters import floatformat, linebreaksbr
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString

from prevex.core.reversing import reverse_ids
from prevex.core.templatetags.prevex_forms import lazy_form_html

HOLDER_ROLES = ("Titulaire du bail", "Cotitulaire")


def _day(value: datetime.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def identity_html(file) -> SafeString:
    holders = "".join(
        f"<li><strong>{escape(p.last_name.upper())} {escape(p.first_name)}</strong> — "
        f"{escape(p.role_label)}{f', né(e) le {_day(p.birth_date)}' if p.birth_date else ''}"
        "</li>"
        for p in file.holders
    )
    parts = [
        '<section class="prevex-panel fr-mb-2w" aria-labelledby="titre-menage">'
        '<h2 id="titre-menage" class="fr-h5">Ménage</h2>'
        f'<ul class="fr-raw-list">{holders}</ul>'
    ]
    if file.sees_identity:
        parts.append(
            f'<p class="fr-mt-1w fr-mb-1w">Composition : {escape(file.composition_label)}</p>'
        )
        if len(file.members) > len(file.holders):
            others = "".join(
                f"<li>{escape(p.first_name)} {escape(p.last_name.upper())} "
                f"({escape(p.role_label.lower())}"
                f"{f', {_day(p.birth_date)}' if p.birth_date else ''})</li>"
                for p in file.members
                if p.role_label not in HOLDER_ROLES
            )
            parts.append(f'<p class="fr-mb-1w">Autres occupants :</p><ul>{others}</ul>')
        contacts = "".join(
            f"<li>{escape(kind)} : {escape(value)}</li>" for kind, value in file.contacts
        )
        parts.append(
            '<h3 class="fr-h6 fr-mt-2w fr-mb-1w">Contacts</h3><ul class="fr-raw-list">'
            f"{contacts or '<li>Aucun moyen de contact connu.</li>'}</ul>"
        )
        informed = (
            f"Ménage informé de l'utilisation de ses données le {_day(file.informed_on)}."
            if file.informed_on
            else "Information du ménage sur ses données : non enregistrée."
        )
        parts.append(f'<p class="fr-text--xs fr-mt-1w">{informed}</p>')
    parts.append("</section>")
    return SafeString("".join(parts))


def dwelling_html(file) -> SafeString:
    complement = f"<br>{escape(file.address_complement)}" if file.address_complement else ""
    lease = (
        _day(file.lease_date)
        if file.lease_date
        else "inconnue (délai de la clause résolutoire calculé selon la date du commandement)"
    )
    rent = ""
    if file.sees_procedure:
        rent = (
            f'<p class="fr-mb-0">Loyer : {floatformat(file.rent, "2g")} € + charges '
            f"{floatformat(file.charges, '2g')} €</p>"
        )
    return SafeString(
        '<section class="prevex-panel fr-mb-2w" aria-labelledby="titre-logement">'
        '<h2 id="titre-logement" class="fr-h5">Logement</h2>'
        f'<p class="fr-mb-1w">{escape(file.address)}{complement}<br>'
        f"{escape(file.postal_code)} {escape(file.commune_name)} "
        f'<span class="fr-text--xs">(INSEE {escape(file.commune_insee)})</span></p>'
        f'<p class="fr-mb-1w">Bailleur : {escape(file.landlord_label or "non renseigné")}</p>'
        f'<p class="fr-mb-1w" data-testid="date-bail">Date du bail : {lease}</p>'
        f"{rent}</section>"
    )


def social_html(file, *, request, form) -> SafeString:
    resources = (
        f"{floatformat(file.monthly_resources, '2g')} €"
        if file.monthly_resources is not None
        else "non renseignées"
    )
    parts = [
        '<section class="prevex-panel fr-mb-2w" aria-labelledby="titre-social">'
        '<h2 id="titre-social" class="fr-h5">Évaluation sociale</h2>'
        f'<p class="fr-mb-1w">Ressources mensuelles : {resources}</p>'
    ]
    if file.resources_note:
        parts.append(f'<p class="fr-mb-1w">{escape(file.resources_note)}</p>')
    if file.social_evaluation:
        parts.append(
            f'<p class="fr-mb-0">{linebreaksbr(file.social_evaluation, autoescape=True)}</p>'
        )
    if file.social_written_at:
        written = timezone.localtime(file.social_written_at)
        versions = escape(reverse_ids("households:social_versions", [file.id]))
        parts.append(
            f'<p class="fr-text--xs fr-mt-1w fr-mb-0">Version du {written:%d/%m/%Y à %H:%M}, '
            f"{escape(file.social_signature)}.</p>"
            '<div id="versions-evaluation">'
            '<a class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-mt-1w" '
            f'href="{versions}" hx-get="{versions}" hx-target="#versions-evaluation" '
            'hx-swap="outerHTML">Voir toutes les versions</a></div>'
        )
    parts.append(
        lazy_form_html(
            request,
            form,
            target="formulaire-evaluation",
            url_name="households:social",
            pk=file.id,
            title="Mettre à jour l'évaluation",
            submit="Enregistrer",
        )
    )
    parts.append("</section>")
    return SafeString("".join(parts))


def health_html(file, *, request, form) -> SafeString:
    lines = "".join(
        f"<li><strong>{escape(kind)}</strong>{f' — {escape(note)}' if note else ''} "
        f'<span class="fr-text--xs">({_day(day)})</span></li>'
        for kind, note, day in file.vulnerabilities
    )
    form_html = lazy_form_html(
        request,
        form,
        target="formulaire-vulnerabilite",
        url_name="households:vulnerability",
        pk=file.id,
        title="Signaler une vulnérabilité",
        submit="Enregistrer",
    )
    return SafeString(
        '<section class="prevex-panel fr-mb-2w" aria-labelledby="titre-vulnerabilites">'
        '<h2 id="titre-vulnerabilites" class="fr-h5">Vulnérabilités</h2>'
        '<p class="fr-text--xs">Données sensibles : visibles du secrétariat de la CCAPEX et '
        "des travailleurs sociaux impliqués.</p>"
        f"<ul>{lines or '<li>Aucune vulnérabilité signalée.</li>'}</ul>{form_html}</section>"
    )
