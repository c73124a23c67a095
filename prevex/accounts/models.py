"""Organisations, people and memberships (who acts for whom, with which role)."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from prevex.core.models import Commune, Departement


class OrganisationType(models.TextChoices):
    ETAT_CCAPEX = "ETAT_CCAPEX", "État – secrétariat de la CCAPEX"
    PREFECTURE = "PREFECTURE", "Préfecture / sous-préfecture"
    CD_SOCIAL = "CD_SOCIAL", "Conseil départemental – service social"
    CAF = "CAF", "CAF / MSA"
    BAILLEUR_SOCIAL = "BAILLEUR_SOCIAL", "Bailleur social"
    BAILLEUR_PRIVE = "BAILLEUR_PRIVE", "Bailleur privé / agence"
    COMMISSAIRE_JUSTICE = "COMMISSAIRE_JUSTICE", "Commissaire de justice"
    ADIL = "ADIL", "ADIL"
    EMPEX = "EMPEX", "Équipe mobile de prévention des expulsions (EMPEX)"
    CCAS = "CCAS", "CCAS / service social municipal"
    ASSOCIATION = "ASSOCIATION", "Association"
    TRIBUNAL = "TRIBUNAL", "Tribunal judiciaire"
    BANQUE_DE_FRANCE = "BANQUE_DE_FRANCE", "Banque de France – commission de surendettement"
    SIAO = "SIAO", "SIAO"
    ACTION_LOGEMENT = "ACTION_LOGEMENT", "Action Logement"


LANDLORD_TYPES = {OrganisationType.BAILLEUR_SOCIAL, OrganisationType.BAILLEUR_PRIVE}


class Organisation(models.Model):
    type = models.CharField("type", max_length=32, choices=OrganisationType.choices)
    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="organisations"
    )
    communes = models.ManyToManyField(Commune, blank=True, related_name="organisations")
    email = models.EmailField("boîte structurelle", blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["departement_id", "name"]
        verbose_name = "organisation"

    def __str__(self) -> str:
        return self.name

    @property
    def is_landlord(self) -> bool:
        return self.type in LANDLORD_TYPES


class User(AbstractUser):
    is_demo = models.BooleanField(
        "compte de démonstration",
        default=False,
        help_text="Ne peut se connecter qu'en mode démonstration, sans second facteur.",
    )

    class Meta:
        ordering = ["username"]
        verbose_name = "utilisateur"


class Role(models.TextChoices):
    AGENT = "AGENT", "Agent"
    TRAVAILLEUR_SOCIAL = "TRAVAILLEUR_SOCIAL", "Travailleur social"
    RESPONSABLE = "RESPONSABLE", "Responsable"
    ADMIN = "ADMIN", "Administrateur"


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=32, choices=Role.choices, default=Role.AGENT)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="uniq_membership")
        ]
        verbose_name = "appartenance"

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"
