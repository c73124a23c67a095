"""Commissions as data, per département: kind, territory, secretariat, members, stages."""

from django.db import models

from prevex.accounts.models import Organisation
from prevex.core.models import Commune, Departement

from ..choices import CommissionKind


class Commission(models.Model):
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("formation", max_length=24, choices=CommissionKind.choices)
    name = models.CharField("nom", max_length=200)
    secretariat = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="secrétariat",
    )
    members = models.ManyToManyField(
        Organisation, blank=True, related_name="commissions", verbose_name="organisations membres"
    )
    # The territory: empty = the whole département.
    territory_label = models.CharField("territoire", max_length=200, blank=True)
    communes = models.ManyToManyField(Commune, blank=True, related_name="+")
    # Procedure stages (procedures.Stage values) the commission examines; empty = all.
    stages = models.JSONField("étapes examinées", default=list, blank=True)
    capacity = models.PositiveSmallIntegerField("dossiers par séance (défaut)", default=30)
    quorum = models.PositiveSmallIntegerField("quorum (organisations présentes)", default=1)
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["departement_id", "kind", "name"]
        verbose_name = "commission"

    def __str__(self) -> str:
        return self.name
