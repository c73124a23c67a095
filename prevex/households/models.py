"""The household file: members, dwelling, landlord, resources, vulnerabilities, consent.

Involvements (who may see a file) live in prevex/access/models.py; they are
re-exported here for the modules that import them from households.

Field groups (see prevex/access/groups.py): identity & contact, procedure & debt,
social evaluation, health & vulnerability (special-category data).
"""

from django.conf import settings
from django.db import models

from prevex.access.models import Involvement, InvolvementReason  # noqa: F401 (moved to access)
from prevex.accounts.models import Organisation
from prevex.core.models import Commune, Departement


class Parc(models.TextChoices):
    PRIVE = "PRIVE", "Parc privé"
    SOCIAL = "SOCIAL", "Parc social"


class LandlordType(models.TextChoices):
    PERSONNE_PHYSIQUE = "PERSONNE_PHYSIQUE", "Personne physique"
    SCI_FAMILIALE = "SCI_FAMILIALE", "SCI familiale"
    PERSONNE_MORALE = "PERSONNE_MORALE", "Personne morale (société, agence)"
    BAILLEUR_SOCIAL = "BAILLEUR_SOCIAL", "Bailleur social"


class Composition(models.TextChoices):
    PERSONNE_SEULE = "PERSONNE_SEULE", "Personne seule"
    COUPLE_SANS_ENFANT = "COUPLE_SANS_ENFANT", "Couple sans enfant"
    COUPLE_AVEC_ENFANTS = "COUPLE_AVEC_ENFANTS", "Couple avec enfant(s)"
    MONOPARENTALE = "MONOPARENTALE", "Famille monoparentale"
    AUTRE = "AUTRE", "Autre"


class Household(models.Model):
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField("référence", max_length=20, unique=True)
    composition = models.CharField(
        "composition", max_length=32, choices=Composition.choices, default=Composition.AUTRE
    )
    # Dwelling
    address = models.CharField("adresse", max_length=250)
    address_complement = models.CharField("complément d'adresse", max_length=250, blank=True)
    postal_code = models.CharField("code postal", max_length=5)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    parc = models.CharField("parc", max_length=8, choices=Parc.choices)
    rent = models.DecimalField("loyer mensuel hors charges (€)", max_digits=9, decimal_places=2)
    charges = models.DecimalField(
        "charges mensuelles (€)", max_digits=9, decimal_places=2, default=0
    )
    # Landlord: a partner organisation when it is one, else its name and type.
    landlord = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tenant_households",
        verbose_name="bailleur (organisation partenaire)",
    )
    lease_date = models.DateField(
        "date du bail (conclusion ou dernier renouvellement)", null=True, blank=True
    )
    landlord_name = models.CharField("nom du bailleur", max_length=200, blank=True)
    landlord_type = models.CharField(
        "type de bailleur", max_length=32, choices=LandlordType.choices, blank=True
    )
    # Resources (social evaluation group)
    monthly_resources = models.DecimalField(
        "ressources mensuelles du ménage (€)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
    )
    resources_note = models.TextField("nature des ressources", blank=True)
    social_evaluation = models.TextField("évaluation sociale", blank=True)
    # Information of the household on the use of its data (RGPD art. 13-14)
    informed_on = models.DateField("ménage informé du traitement le", null=True, blank=True)
    informed_channel = models.CharField("information donnée par", max_length=120, blank=True)
    # Search support: normalised tokens of names and address (accents/case folded).
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "id"]
        indexes = [models.Index(fields=["departement", "commune"])]
        constraints = [
            # What the households services always refuse (prevex/households/services.py).
            models.CheckConstraint(
                condition=models.Q(rent__gte=0), name="household_rent_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(charges__gte=0), name="household_charges_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_resources__isnull=True)
                | models.Q(monthly_resources__gte=0),
                name="household_resources_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(reference=""), name="household_reference_not_empty"
            ),
        ]
        verbose_name = "ménage"

    def __str__(self) -> str:
        return self.reference

    @property
    def monthly_cost(self):
        return self.rent + self.charges


class MemberRole(models.TextChoices):
    TITULAIRE = "TITULAIRE", "Titulaire du bail"
    COTITULAIRE = "COTITULAIRE", "Cotitulaire"
    ENFANT = "ENFANT", "Enfant"
    AUTRE = "AUTRE", "Autre occupant"


# The order people are listed in: the lease holder first, never the co-holder (the role
# codes sort « COTITULAIRE » before « TITULAIRE »).
ROLE_RANK = {
    MemberRole.TITULAIRE: 0,
    MemberRole.COTITULAIRE: 1,
    MemberRole.ENFANT: 2,
    MemberRole.AUTRE: 3,
}


def holder_first() -> models.Case:
    """An ``order_by`` expression: members in ``ROLE_RANK`` order."""
    return models.Case(
        *(models.When(role=role, then=models.Value(rank)) for role, rank in ROLE_RANK.items()),
        default=models.Value(len(ROLE_RANK)),
        output_field=models.IntegerField(),
    )


class Member(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    role = models.CharField("rôle", max_length=16, choices=MemberRole.choices)
    last_name = models.CharField("nom", max_length=120)
    first_name = models.CharField("prénom", max_length=120)
    birth_date = models.DateField("date de naissance", null=True, blank=True)

    class Meta:
        ordering = ["household_id", "role", "id"]
        verbose_name = "membre du ménage"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}"


class ContactKind(models.TextChoices):
    TELEPHONE = "TELEPHONE", "Téléphone"
    EMAIL = "EMAIL", "Courriel"
    COURRIER = "COURRIER", "Courrier"


class ContactChannel(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField("type", max_length=16, choices=ContactKind.choices)
    value = models.CharField("valeur", max_length=250)

    class Meta:
        ordering = ["household_id", "kind", "id"]
        verbose_name = "moyen de contact"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.value}"


class VulnerabilityKind(models.TextChoices):
    HANDICAP = "HANDICAP", "Handicap"
    SANTE = "SANTE", "Problème de santé grave"
    GROSSESSE = "GROSSESSE", "Grossesse"
    PERSONNE_AGEE = "PERSONNE_AGEE", "Personne âgée dépendante"
    VIOLENCES = "VIOLENCES", "Violences intrafamiliales"
    ENFANT_BAS_AGE = "ENFANT_BAS_AGE", "Enfant en bas âge"
    PSYCHIQUE = "PSYCHIQUE", "Troubles psychiques"
    AUTRE = "AUTRE", "Autre"


class Vulnerability(models.Model):
    """Special-category data (RGPD art. 9): health and vulnerability group."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="vulnerabilities"
    )
    kind = models.CharField("nature", max_length=16, choices=VulnerabilityKind.choices)
    note = models.TextField("précisions", blank=True)
    recorded_on = models.DateField("constatée le")

    class Meta:
        ordering = ["household_id", "kind", "id"]
        verbose_name = "vulnérabilité"

    def __str__(self) -> str:
        return self.get_kind_display()


class KeyKind(models.TextChoices):
    PHONETIC_POSTCODE = "PN", "Nom phonétique + code postal"
    BIRTH = "BD", "Date de naissance + initiale du nom"
    ADDRESS = "AD", "Numéro et voie"
    NAME = "NM", "Nom et prénom normalisés"
    PHONETIC_VARIANT = "PV", "Nom phonétique à une erreur près + code postal"
    PHONETIC_NAME = "PF", "Nom et prénom phonétiques (tout le département)"
    GIVEN_NUMBER = "PA", "Prénom phonétique, numéro de voie et code postal"


class HouseholdKey(models.Model):
    """A blocking key of the household (prevex/households/keys.py), written with the
    household by its services, looked up by the matching engine (indexed equality).

    Table ``matching_householdkey``: the model moved from the matching app in the state
    only (households/migrations/0002_write_path.py).
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="match_keys")
    # No index of its own: the planner must use (kind, value), not scan a département.
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    kind = models.CharField("type de clé", max_length=2, choices=KeyKind.choices)
    value = models.CharField("valeur", max_length=160)

    class Meta:
        db_table = "matching_householdkey"
        ordering = ["household_id", "kind", "value"]
        indexes = [models.Index(fields=["kind", "value"], name="matching_key_kind_value")]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "kind", "value"], name="matching_key_unique"
            )
        ]
        verbose_name = "clé de rapprochement"
        verbose_name_plural = "clés de rapprochement"

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class SocialEvaluation(models.Model):
    """One dated, authored version of the social evaluation (SOCIAL group).

    Never edited: a new version is written each time (``household_social_update``); the
    file shows the latest, its history every version. ``written_by`` is empty only for the
    version copied from the evaluation typed before versions existed (migration 0004).
    The household's ``monthly_resources``/``resources_note``/``social_evaluation`` columns
    are kept one release as a copy of the latest version (docs/decisions/
    2026-11-30-write-history.md).
    """

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="social_evaluations"
    )
    text = models.TextField("évaluation sociale", blank=True)
    monthly_resources = models.DecimalField(
        "ressources mensuelles du ménage (€)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
    )
    resources_note = models.TextField("nature des ressources", blank=True)
    written_at = models.DateTimeField("rédigée le")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="rédigée par",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="pour l'organisation",
    )

    class Meta:
        ordering = ["household_id", "-written_at", "-id"]
        indexes = [
            models.Index(fields=["household", "-written_at"], name="households_social_latest")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monthly_resources__gte=0)
                | models.Q(monthly_resources__isnull=True),
                name="households_social_resources_not_negative",
            )
        ]
        verbose_name = "version de l'évaluation sociale"
        verbose_name_plural = "versions de l'évaluation sociale"

    def __str__(self) -> str:
        return f"Évaluation sociale du {self.written_at:%d/%m/%Y}"


class PastAddress(models.Model):
    """A dwelling the household lived in before (issue 9: moves keep the old address).

    Written by ``household_move`` (prevex/households/moves.py) when a row recognises
    the same lease holders, with the same birth date, at another address of the
    département: the file takes the new address, the old one is kept here with the
    date it was left (the date of the act that revealed the move).
    """

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="past_addresses"
    )
    address = models.CharField("adresse", max_length=250)
    address_complement = models.CharField("complément d'adresse", max_length=250, blank=True)
    postal_code = models.CharField("code postal", max_length=5)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    left_on = models.DateField("quittée le (au plus tard)")
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True)
    source_kind = models.CharField("type de source", max_length=32, blank=True)
    source_id = models.BigIntegerField("identifiant de la source", null=True, blank=True)

    class Meta:
        ordering = ["household_id", "-left_on", "-id"]
        verbose_name = "adresse précédente"
        verbose_name_plural = "adresses précédentes"

    def __str__(self) -> str:
        return f"{self.address}, {self.postal_code} (jusqu'au {self.left_on:%d/%m/%Y})"
