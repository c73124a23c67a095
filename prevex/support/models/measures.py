"""Support measures (« dispositifs »): a catalogue stored as data, and measures on files.

The catalogue (``MeasureType``) is seeded from ``prevex/support/catalogue.py``, editable in
the admin; a département's row (same code) overrides the national one (label, deciding
body, active or not).
"""

from django.conf import settings
from django.db import models

from prevex.accounts.models import Organisation
from prevex.core.models import Departement

from ..choices import MeasureStatus


class MeasureType(models.Model):
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
    deciding_body = models.CharField("instance de décision", max_length=200, blank=True)
    description = models.TextField("description", blank=True)
    has_amount = models.BooleanField("comporte un montant", default=False)
    active = models.BooleanField("proposé", default=True)
    order = models.PositiveSmallIntegerField("ordre", default=100)

    class Meta:
        ordering = ["order", "code", "departement_id"]
        constraints = [
            models.UniqueConstraint(fields=["code", "departement"], name="measure_type_code_dep"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(departement__isnull=True),
                name="measure_type_code_national",
            ),
        ]
        verbose_name = "dispositif (catalogue)"
        verbose_name_plural = "dispositifs (catalogue)"

    def __str__(self) -> str:
        return (
            self.label if self.departement_id is None else f"{self.label} ({self.departement_id})"
        )


class Measure(models.Model):
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="support_measures"
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    type = models.ForeignKey(
        MeasureType, on_delete=models.PROTECT, related_name="+", verbose_name="dispositif"
    )
    status = models.CharField("état", max_length=10, choices=MeasureStatus.choices)
    status_on = models.DateField("depuis le")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="proposé par"
    )
    amount = models.DecimalField(
        "montant accordé (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    deciding_body = models.CharField("instance de décision", max_length=200, blank=True)
    outcome = models.CharField("issue", max_length=300, blank=True)
    note = models.CharField("observations", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household_id", "-status_on", "-id"]
        indexes = [models.Index(fields=["household", "status"], name="measure_household_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="measure_amount_not_negative",
            )
        ]
        verbose_name = "dispositif mobilisé"
        verbose_name_plural = "dispositifs mobilisés"

    def __str__(self) -> str:
        return f"{self.type.label} ({self.get_status_display().lower()})"


class MeasureStep(models.Model):
    """One step of a measure's life (proposed, requested, granted…), as it was recorded:
    the file's timeline shows them next to the legal acts. Written only by the measure
    services (``measure_propose``, ``measure_change``, ``measure_propose_many``), never
    edited. Its free texts are the service's (deciding body, outcome), never the note."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="steps")
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField("état", max_length=10, choices=MeasureStatus.choices)
    status_on = models.DateField("le")
    amount = models.DecimalField(
        "montant accordé (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    deciding_body = models.CharField("instance de décision", max_length=200, blank=True)
    outcome = models.CharField("issue", max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="enregistré pour"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    channel = models.CharField("canal", max_length=8)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure_id", "status_on", "id"]
        indexes = [
            models.Index(fields=["household", "status_on"], name="measure_step_household_on")
        ]
        verbose_name = "étape d'un dispositif"
        verbose_name_plural = "étapes des dispositifs"

    def __str__(self) -> str:
        return f"{self.get_status_display()} le {self.status_on:%d/%m/%Y}"
