"""Demo organisations and accounts of the Seine-Saint-Denis (demo mode only).

One organisation per organisation type, two accounts per organisation — its everyday
account and ``<account>-responsable`` with the manager role (« Responsable »), who can show
the API tokens and the organisation's rules — plus ``demo-multi`` who acts for two
organisations. Password « demo » for all: see
docs/decisions/2026-11-23-demo-accounts.md (accounts usable only in demo mode).
Idempotent: existing organisations (by slug) and accounts (by username) are reused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from prevex.accounts.models import Membership, Organisation, OrganisationType, Role, User
from prevex.accounts.services import membership_grant, organisation_create, user_create
from prevex.core.errors import BusinessError

DEMO_DEPARTEMENT = "93"
DEMO_PASSWORD = "demo"
SAINT_DENIS = "93066"
T = OrganisationType


@dataclass(frozen=True)
class DemoOrganisation:
    type: str
    slug: str
    name: str
    username: str
    role: str
    first_name: str
    last_name: str
    communes: tuple[str, ...] = ()


DEMO_ORGANISATIONS = [
    DemoOrganisation(T.ETAT_CCAPEX, "demo-93-ddets-ccapex",
                     "DDETS de la Seine-Saint-Denis – secrétariat CCAPEX",
                     "demo-ccapex", Role.AGENT, "Claire", "Dubois"),
    DemoOrganisation(T.PREFECTURE, "demo-93-prefecture", "Préfecture de la Seine-Saint-Denis",
                     "demo-prefecture", Role.AGENT, "Marc", "Lefèvre"),
    DemoOrganisation(T.CD_SOCIAL, "demo-93-cd-social",
                     "Conseil départemental – Service social départemental",
                     "demo-cd-social", Role.TRAVAILLEUR_SOCIAL, "Nadia", "Haddad"),
    DemoOrganisation(T.CAF, "demo-93-caf", "CAF de la Seine-Saint-Denis",
                     "demo-caf", Role.AGENT, "Julien", "Moreau"),
    DemoOrganisation(T.BAILLEUR_SOCIAL, "demo-93-bailleur-social", "Seine-Saint-Denis Habitat",
                     "demo-bailleur-social", Role.AGENT, "Sophie", "Garnier"),
    DemoOrganisation(T.BAILLEUR_PRIVE, "demo-93-agence-canal", "Agence Immobilière du Canal",
                     "demo-bailleur-prive", Role.AGENT, "Thomas", "Roux"),
    DemoOrganisation(T.COMMISSAIRE_JUSTICE, "demo-93-cj-martin",
                     "Étude de commissaires de justice Martin & associés",
                     "demo-commissaire-justice", Role.AGENT, "Pierre", "Martin"),
    DemoOrganisation(T.ADIL, "demo-93-adil", "ADIL 93",
                     "demo-adil", Role.AGENT, "Élodie", "Petit"),
    DemoOrganisation(T.EMPEX, "demo-93-empex", "EMPEX 93 – Habitat Solidaire Est",
                     "demo-empex", Role.AGENT, "Karim", "Bensaïd"),
    DemoOrganisation(T.CCAS, "demo-93-ccas-saint-denis", "CCAS de Saint-Denis",
                     "demo-ccas", Role.AGENT, "Fatoumata", "Diallo", (SAINT_DENIS,)),
    DemoOrganisation(T.ASSOCIATION, "demo-93-association",
                     "Association Droit au logement solidaire 93",
                     "demo-association", Role.AGENT, "Hélène", "Blanc"),
    DemoOrganisation(T.TRIBUNAL, "demo-93-tj-bobigny", "Tribunal judiciaire de Bobigny",
                     "demo-tribunal", Role.AGENT, "Anne", "Mercier"),
    DemoOrganisation(T.BANQUE_DE_FRANCE, "demo-93-bdf",
                     "Banque de France – commission de surendettement 93",
                     "demo-banque-de-france", Role.AGENT, "François", "Girard"),
    DemoOrganisation(T.SIAO, "demo-93-siao", "SIAO 93",
                     "demo-siao", Role.AGENT, "Aminata", "Traoré"),
    DemoOrganisation(T.ACTION_LOGEMENT, "demo-93-action-logement", "Action Logement",
                     "demo-action-logement", Role.AGENT, "Laurent", "Fontaine"),
]  # fmt: skip
MANAGER_SUFFIX = "-responsable"
# The managers' names, one per organisation in the order above (fictitious people).
MANAGER_NAMES = (
    ("Isabelle", "Marchand"), ("Olivier", "Lambert"), ("Sarah", "Benoît"), ("Yann", "Perrin"),
    ("Mélanie", "Colin"), ("Rachid", "Amrani"), ("Catherine", "Roy"), ("Hugo", "Renaud"),
    ("Leïla", "Meziane"), ("Bernard", "Caron"), ("Inès", "Vidal"), ("Michel", "Lemoine"),
    ("Agnès", "Barbier"), ("Samuel", "Noël"), ("Nathalie", "Guerin"),
)  # fmt: skip
MULTI_USERNAME = "demo-multi"
MULTI_MEMBERSHIPS = ((T.ETAT_CCAPEX, Role.AGENT), (T.CD_SOCIAL, Role.TRAVAILLEUR_SOCIAL))


@dataclass(frozen=True)
class DemoLogin:
    username: str
    organisation: str
    role: str


def ensure_demo_mode() -> None:
    if not getattr(settings, "DEMO_MODE", False):
        raise BusinessError(
            "Les comptes de démonstration n'existent qu'en mode démonstration : activez "
            "PREVEX_DEMO_MODE (réglages de développement) avant de lancer cette commande."
        )


def _organisation(spec: DemoOrganisation) -> Organisation:
    existing = Organisation.objects.filter(slug=spec.slug).first()
    if existing is not None:
        if existing.type != spec.type:
            raise BusinessError(
                f"L'organisation « {existing.name} » ({spec.slug}) existe déjà avec un autre "
                "type : supprimez-la ou changez de base de données."
            )
        return existing
    return organisation_create(
        type=spec.type,
        name=spec.name,
        slug=spec.slug,
        departement=DEMO_DEPARTEMENT,
        communes=spec.communes,
    )


def _user(username: str, first_name: str, last_name: str) -> User:
    existing = User.objects.filter(username__iexact=username).first()
    if existing is not None:
        if not existing.is_demo:
            raise BusinessError(
                f"Le compte « {username} » existe déjà et n'est pas un compte de démonstration : "
                "la démonstration ne le modifie pas."
            )
        return existing
    return user_create(
        username=username,
        email=f"{username}@demo.prevex.example",
        password=DEMO_PASSWORD,
        first_name=first_name,
        last_name=last_name,
        is_demo=True,
    )


def _grant(user: User, organisation: Organisation, role: str) -> Membership:
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is not None and membership.role == role and membership.is_active:
        return membership
    return membership_grant(user=user, organisation=organisation, role=role)


def demo_accounts_setup() -> tuple[dict[str, Organisation], dict[str, Membership], list]:
    """Organisations (by type), the main membership of each type, and the logins to print."""
    ensure_demo_mode()
    organisations: dict[str, Organisation] = {}
    memberships: dict[str, Membership] = {}
    logins: list[DemoLogin] = []
    for spec in DEMO_ORGANISATIONS:
        organisation = _organisation(spec)
        user = _user(spec.username, spec.first_name, spec.last_name)
        organisations[spec.type] = organisation
        memberships[spec.type] = _grant(user, organisation, spec.role)
        logins.append(DemoLogin(spec.username, organisation.name, Role(spec.role).label))
    for spec, (first_name, last_name) in zip(DEMO_ORGANISATIONS, MANAGER_NAMES, strict=True):
        manager = _user(spec.username + MANAGER_SUFFIX, first_name, last_name)
        _grant(manager, organisations[spec.type], Role.RESPONSABLE)
        logins.append(
            DemoLogin(manager.username, organisations[spec.type].name, Role.RESPONSABLE.label)
        )
    multi = _user(MULTI_USERNAME, "Camille", "Laurent")
    for org_type, role in MULTI_MEMBERSHIPS:
        _grant(multi, organisations[org_type], role)
        logins.append(DemoLogin(MULTI_USERNAME, organisations[org_type].name, Role(role).label))
    return organisations, memberships, logins
