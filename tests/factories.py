"""Factories with traits named after real situations (docs/architecture.md, « Conventions »)."""

import datetime
import itertools
from decimal import Decimal

import factory

from prevex.accounts.models import Membership, Organisation, OrganisationType, Role, User
from prevex.core.models import Commune, Departement, PostalCode
from prevex.households.models import (
    Composition,
    Household,
    Involvement,
    InvolvementReason,
    LandlordType,
    Member,
    MemberRole,
    Parc,
)

_refs = itertools.count(1)


def departement(code: str = "93", name: str = "Seine-Saint-Denis") -> Departement:
    obj, _ = Departement.objects.get_or_create(code=code, defaults={"name": name})
    return obj


def commune(insee: str = "93066", name: str = "Saint-Denis", postcode: str = "93200") -> Commune:
    dep = (
        departement(insee[:2]) if insee[:2] == "93" else departement(insee[:2], f"Dép. {insee[:2]}")
    )
    obj, _ = Commune.objects.get_or_create(
        insee=insee, defaults={"name": name, "departement": dep, "population": 100_000}
    )
    PostalCode.objects.get_or_create(code=postcode, commune=obj, locality=name.upper())
    return obj


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Camille"
    last_name = "Martin"
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-solide")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    type = OrganisationType.CD_SOCIAL
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    departement = factory.LazyFunction(departement)

    class Params:
        ccapex = factory.Trait(type=OrganisationType.ETAT_CCAPEX, name="DDETS 93 – CCAPEX")
        social_landlord = factory.Trait(type=OrganisationType.BAILLEUR_SOCIAL, name="OPH 93")
        other_departement = factory.Trait(
            departement=factory.LazyFunction(lambda: departement("75", "Paris"))
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.AGENT

    class Params:
        social_worker = factory.Trait(role=Role.TRAVAILLEUR_SOCIAL)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    departement = factory.LazyFunction(departement)
    reference = factory.LazyFunction(lambda: f"93-T{next(_refs):06d}")
    composition = Composition.MONOPARENTALE
    address = "12 rue de la République"
    postal_code = "93200"
    commune = factory.LazyFunction(commune)
    parc = Parc.PRIVE
    rent = Decimal("650.00")
    charges = Decimal("80.00")
    landlord_name = "M. Dupuis"
    landlord_type = LandlordType.PERSONNE_PHYSIQUE
    monthly_resources = Decimal("1350.00")

    class Params:
        household_social_sector = factory.Trait(
            parc=Parc.SOCIAL, landlord_type=LandlordType.BAILLEUR_SOCIAL, landlord_name="OPH 93"
        )


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    household = factory.SubFactory(HouseholdFactory)
    role = MemberRole.TITULAIRE
    last_name = "Benali"
    first_name = "Samia"
    birth_date = datetime.date(1985, 4, 12)


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    household = factory.SubFactory(HouseholdFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    reason = InvolvementReason.ORIENTATION
    starts_on = datetime.date(2024, 1, 1)
