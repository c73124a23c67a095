"""Files proposed to a commission (« saisines ») and the agenda of a session.

An agenda item keeps the frozen summary (« fiche de synthèse ») of the file as the
commission saw it, the commission's opinion on the file, and the involvements that
opened the file to the member organisations for the session's window.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from prevex.accounts.models import Organisation
from prevex.core.models import Departement

from ..choices import SaisineReason, SaisineStatus
from .commissions import Commission
from .sessions import Session


class Saisine(models.Model):
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="+"
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    commission = models.ForeignKey(Commission, on_delete=models.PROTECT, related_name="saisines")
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField("motif", max_length=16, choices=SaisineReason.choices)
    motive = models.TextField("exposé de la saisine", blank=True)
    status = models.CharField(
        "état", max_length=10, choices=SaisineStatus.choices, default=SaisineStatus.PROPOSEE
    )
    # A review (6 months) or a suggestion is proposed from this date on.
    proposed_for = models.DateField("à examiner à partir du")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="saisi par (vide : le système)",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The agenda item that examined it (a review points back to the item it follows).
    follows_item = models.ForeignKey(
        "commissions.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name="revue de l'examen",
    )

    class Meta:
        ordering = ["proposed_for", "id"]
        indexes = [
            models.Index(
                fields=["commission", "status", "proposed_for"], name="saisine_by_commission"
            )
        ]
        constraints = [
            # One open proposal per file and commission (a second one is the same saisine).
            models.UniqueConstraint(
                fields=["household", "commission"],
                condition=Q(status__in=["PROPOSEE", "INSCRITE"]),
                name="saisine_one_open",
            )
        ]
        verbose_name = "saisine"

    def __str__(self) -> str:
        return f"{self.get_reason_display()} – {self.commission}"


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="items")
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="+"
    )
    saisine = models.ForeignKey(
        Saisine, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    position = models.PositiveSmallIntegerField("rang")
    # The frozen summary (a JSON document by field group; see summary.py), set when the
    # session is sent out and never changed afterwards.
    summary = models.JSONField("fiche de synthèse figée", null=True, blank=True)
    frozen_at = models.DateTimeField("figée le", null=True, blank=True)
    # The commission's opinion on this file (deliberation).
    examined = models.BooleanField("examiné", default=False)
    opinion = models.TextField("avis de la commission", blank=True)
    deliberated_at = models.DateTimeField("délibéré le", null=True, blank=True)

    class Meta:
        ordering = ["session_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "household"], name="agenda_file_once"),
        ]
        verbose_name = "dossier inscrit"
        verbose_name_plural = "ordre du jour"

    def __str__(self) -> str:
        return f"{self.session} #{self.position}"
