"""Recommendations of a commission, their follow-up, and the one-year outcome of a file."""

from django.conf import settings
from django.db import models

from prevex.accounts.models import Organisation, OrganisationType
from prevex.core.models import Departement

from ..choices import AddresseeKind, OutcomeKind, RecommendationStatus
from .agenda import AgendaItem


class RecommendationType(models.Model):
    """The catalogue (seeded from ``catalogue.py``; a département's row overrides)."""

    code = models.CharField("code", max_length=32)
    departement = models.ForeignKey(
        Departement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="département (vide : national)",
    )
    label = models.CharField("libellé", max_length=200)
    addressee_type = models.CharField(
        "destinataire habituel",
        max_length=32,
        choices=OrganisationType.choices,
        blank=True,
        help_text="Vide : le ménage.",
    )
    active = models.BooleanField("proposée", default=True)
    order = models.PositiveSmallIntegerField("ordre", default=100)

    class Meta:
        ordering = ["order", "code", "departement_id"]
        constraints = [
            models.UniqueConstraint(fields=["code", "departement"], name="reco_type_code_dep"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(departement__isnull=True),
                name="reco_type_code_national",
            ),
        ]
        verbose_name = "type de recommandation (catalogue)"
        verbose_name_plural = "types de recommandation (catalogue)"

    def __str__(self) -> str:
        return self.label


class Recommendation(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="recommendations")
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="+"
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    type = models.ForeignKey(RecommendationType, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("précisions", blank=True)
    addressee_kind = models.CharField("destinataire", max_length=12, choices=AddresseeKind.choices)
    addressee = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation destinataire",
    )
    due_on = models.DateField("échéance")
    status = models.CharField(
        "suivi",
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.A_FAIRE,
    )
    status_reason = models.TextField("motif", blank=True)
    status_on = models.DateField("suivi renseigné le", null=True, blank=True)
    status_by = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The involvement opened for the addressee organisation (reason RECOMMANDATION).
    involvement = models.ForeignKey(
        "access.Involvement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Reminders sent (by the job): before and after the due date, each once.
    reminded_before_on = models.DateField("rappel avant échéance", null=True, blank=True)
    reminded_after_on = models.DateField("relance après échéance", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item_id", "id"]
        indexes = [
            models.Index(fields=["addressee", "status"], name="reco_by_addressee"),
            models.Index(fields=["departement", "status", "due_on"], name="reco_by_dep"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(addressee_kind="MENAGE", addressee__isnull=True)
                | models.Q(addressee_kind="ORGANISATION", addressee__isnull=False),
                name="reco_addressee_consistent",
            )
        ]
        verbose_name = "recommandation"

    def __str__(self) -> str:
        return f"{self.type} ({self.get_status_display()})"


class FileOutcome(models.Model):
    """What became of a file one year after a commission examined it."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="outcome")
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="+"
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("à constater le")
    derived = models.CharField(
        "issue déduite du dossier", max_length=16, choices=OutcomeKind.choices, blank=True
    )
    derived_on = models.DateField("déduite le", null=True, blank=True)
    confirmed = models.CharField(
        "issue confirmée", max_length=16, choices=OutcomeKind.choices, blank=True
    )
    confirmed_on = models.DateField("confirmée le", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "issue à un an"
        verbose_name_plural = "issues à un an"

    def __str__(self) -> str:
        return self.get_confirmed_display() or self.get_derived_display() or "Issue à constater"
