"""The work list's tasks (« à faire »). Alerts are tasks: one table (``Alert``) holds the
tasks the jobs generate (raised and closed by a later run, never computed on page load)
and the manual tasks a user writes (created, assigned to a user of the organisation,
done). At most one open generated task per kind, object and organisation."""

from django.conf import settings
from django.db import models

from prevex.accounts.models import Organisation
from prevex.core.models import Departement

from ..choices import AlertKind

OPEN = models.Q(resolved_on__isnull=True)


class Alert(models.Model):
    kind = models.CharField("type", max_length=24, choices=AlertKind.choices)
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="+"
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name="pour"
    )
    dsf = models.ForeignKey(
        "support.Dsf", on_delete=models.CASCADE, null=True, related_name="alerts"
    )
    plan = models.ForeignKey(
        "support.RepaymentPlan", on_delete=models.CASCADE, null=True, related_name="alerts"
    )
    referral = models.ForeignKey(
        "support.Referral", on_delete=models.CASCADE, null=True, related_name="alerts"
    )
    measure = models.ForeignKey(
        "support.Measure", on_delete=models.CASCADE, null=True, related_name="alerts"
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, null=True, related_name="+"
    )
    # A task raised for another app's object (e.g. « commissions.recommendation:12 »):
    # that app owns its life through ``prevex.support.external`` (this app never imports it).
    source = models.CharField("origine", max_length=60, blank=True, default="")
    message = models.CharField("message", max_length=300)
    due_on = models.DateField("échéance", null=True)
    raised_on = models.DateField("levée le")
    resolved_on = models.DateField("levée close le", null=True, blank=True)
    # Manual tasks: who wrote it, who must do it (a user of the organisation), who did it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="confiée à",
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation_id", "due_on", "id"]
        indexes = [
            models.Index(
                fields=["organisation", "due_on"], condition=OPEN, name="alert_open_by_org"
            ),
            models.Index(
                fields=["organisation", "assigned_to", "due_on"],
                condition=OPEN,
                name="task_open_by_assignee",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "dsf"], condition=OPEN, name="alert_one_open_per_dsf"
            ),
            models.UniqueConstraint(
                fields=["kind", "plan", "organisation"],
                condition=OPEN,
                name="alert_one_open_per_plan_org",
            ),
            models.UniqueConstraint(
                fields=["kind", "referral", "organisation"],
                condition=OPEN,
                name="alert_one_open_per_referral_org",
            ),
            models.UniqueConstraint(
                fields=["kind", "measure", "organisation"],
                condition=OPEN,
                name="task_one_open_per_measure_org",
            ),
            models.UniqueConstraint(
                fields=["kind", "procedure", "organisation"],
                condition=OPEN,
                name="task_one_open_per_procedure_org",
            ),
            models.UniqueConstraint(
                fields=["kind", "source", "organisation"],
                condition=OPEN & ~models.Q(source=""),
                name="task_one_open_per_source_org",
            ),
        ]
        verbose_name = "tâche"

    def __str__(self) -> str:
        return self.message

    @property
    def is_manual(self) -> bool:
        return self.kind == AlertKind.MANUELLE
