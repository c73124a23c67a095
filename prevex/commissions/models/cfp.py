"""The préfecture's decision on the « concours de la force publique », against the
criteria the département configures."""

from django.conf import settings
from django.db import models

from prevex.accounts.models import Organisation
from prevex.core.models import Departement

from ..choices import CfpChoice


class CfpCriterion(models.Model):
    departement = models.ForeignKey(Departement, on_delete=models.CASCADE, related_name="+")
    label = models.CharField("critère", max_length=250)
    help_text = models.CharField("précision", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=100)
    active = models.BooleanField("en vigueur", default=True)

    class Meta:
        ordering = ["departement_id", "order", "id"]
        verbose_name = "critère de décision (concours de la force publique)"
        verbose_name_plural = "critères de décision (concours de la force publique)"

    def __str__(self) -> str:
        return self.label


class CfpDecisionRecord(models.Model):
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="+"
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="+"
    )
    # The CFP act recorded on the procedure (grant or refusal); empty when postponed.
    event = models.ForeignKey(
        "procedures.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision = models.CharField("décision", max_length=8, choices=CfpChoice.choices)
    decided_on = models.DateField("décidée le")
    postponed_to = models.DateField("réexamen le", null=True, blank=True)
    # {criterion id (str): {"label": ..., "met": true/false/null, "note": "..."}}
    criteria = models.JSONField("critères examinés", default=dict)
    reasoning = models.TextField("motivation")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["procedure_id", "decided_on", "id"]
        verbose_name = "décision sur le concours de la force publique"
        verbose_name_plural = "décisions sur le concours de la force publique"

    def __str__(self) -> str:
        return f"{self.get_decision_display()} le {self.decided_on:%d/%m/%Y}"
