"""The DSF (diagnostic social et financier) of a procedure, who does it, and its alerts.

The content follows the national form (arrêté du 23 août 2022): resources and charges by
type, debt, causes, rights, wishes, proposals and the social worker's opinion. The life
(status and its dates) is the SUIVI group; the content is the SOCIAL group.
"""

from django.conf import settings
from django.db import models

from prevex.accounts.models import Organisation
from prevex.core.models import Departement

from ..choices import DsfStatus, Wish


class DsfDesignation(models.Model):
    """The organisation a département designates to carry out the DSF (data, admin)."""

    departement = models.OneToOneField(
        Departement, on_delete=models.CASCADE, related_name="+", verbose_name="département"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="organisation"
    )

    class Meta:
        ordering = ["departement_id"]
        verbose_name = "organisation désignée pour le DSF"
        verbose_name_plural = "organisations désignées pour le DSF"

    def __str__(self) -> str:
        return f"{self.departement_id} : {self.organisation}"


class Dsf(models.Model):
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="support_dsfs"
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    procedure = models.OneToOneField(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="dsf"
    )
    # --- life (SUIVI) ---
    status = models.CharField(
        "état", max_length=10, choices=DsfStatus.choices, default=DsfStatus.DEMANDE
    )
    assigned_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="organisation chargée du DSF",
    )
    requested_on = models.DateField("demandé le")
    hearing_date = models.DateField("date d'audience", null=True, blank=True)
    appointment_at = models.DateTimeField("rendez-vous", null=True, blank=True)
    done_on = models.DateField("réalisé le", null=True, blank=True)
    sent_on = models.DateField("transmis au tribunal le", null=True, blank=True)
    # --- content (SOCIAL) ---
    composition = models.TextField("composition du ménage", blank=True)
    resources = models.JSONField("ressources mensuelles par type", default=dict, blank=True)
    charges = models.JSONField("charges mensuelles par type", default=dict, blank=True)
    debt_amount = models.DecimalField(
        "montant de la dette (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    debt_origin = models.CharField("origine de la dette", max_length=300, blank=True)
    first_unpaid_on = models.DateField("premier loyer impayé", null=True, blank=True)
    causes = models.JSONField("causes de l'impayé", default=list, blank=True)
    causes_note = models.TextField("causes : précisions", blank=True)
    rights = models.JSONField("droits et leur état", default=dict, blank=True)
    wish = models.CharField("souhait du ménage", max_length=12, choices=Wish.choices, blank=True)
    proposal_monthly = models.DecimalField(
        "reprise proposée par mois (€)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    proposal_delay_months = models.PositiveSmallIntegerField(
        "délais demandés au juge (mois)", null=True, blank=True
    )
    proposal_note = models.TextField("propositions du ménage", blank=True)
    opinion = models.TextField("avis du travailleur social", blank=True)
    content_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rédigé par",
    )
    content_at = models.DateTimeField("contenu modifié le", null=True, blank=True)

    class Meta:
        ordering = ["household_id", "-requested_on", "-id"]
        indexes = [models.Index(fields=["departement", "status"], name="dsf_dep_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(debt_amount__isnull=True) | models.Q(debt_amount__gte=0),
                name="dsf_debt_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(proposal_monthly__isnull=True)
                | models.Q(proposal_monthly__gte=0),
                name="dsf_proposal_not_negative",
            ),
        ]
        verbose_name = "diagnostic social et financier"
        verbose_name_plural = "diagnostics sociaux et financiers"

    def __str__(self) -> str:
        return f"DSF {self.get_status_display().lower()} (demandé le {self.requested_on:%d/%m/%Y})"
