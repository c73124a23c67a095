"""Repayment plans (« plan d'apurement »): a schedule of instalments and the payments.

One model, two origins: a plan negotiated with the landlord, or the payment delays the
judge granted. Compliance (up to date, or N instalments late) is computed by a job and
stored here (``late_instalments``, ``compliance_on``), never on page load. The PROCEDURE
group: the landlord sees it.
"""

from django.conf import settings
from django.db import models

from prevex.accounts.models import Organisation
from prevex.core.models import Departement

from ..choices import PlanEndReason, PlanOrigin


class RepaymentPlan(models.Model):
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="support_plans"
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    origin = models.CharField("origine", max_length=8, choices=PlanOrigin.choices)
    starts_on = models.DateField("première échéance")
    debt_amount = models.DecimalField("dette à apurer (€)", max_digits=10, decimal_places=2)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_on = models.DateField("clos le", null=True, blank=True)
    end_reason = models.CharField(
        "motif de clôture", max_length=10, choices=PlanEndReason.choices, blank=True
    )
    late_instalments = models.PositiveSmallIntegerField("échéances en retard", default=0)
    # A plan of origin « JUGE »: the conditional judgment whose payment delays it follows.
    judgment = models.OneToOneField(
        "procedures.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="jugement",
    )
    compliance_on = models.DateField("respect calculé le", null=True, blank=True)

    class Meta:
        ordering = ["household_id", "-starts_on", "-id"]
        indexes = [
            models.Index(
                fields=["departement"],
                condition=models.Q(ended_on__isnull=True),
                name="plan_open_by_dep",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(debt_amount__gt=0), name="plan_debt_positive")
        ]
        verbose_name = "plan d'apurement"
        verbose_name_plural = "plans d'apurement"

    def __str__(self) -> str:
        return f"{self.get_origin_display()} à partir du {self.starts_on:%d/%m/%Y}"


class Instalment(models.Model):
    plan = models.ForeignKey(RepaymentPlan, on_delete=models.CASCADE, related_name="instalments")
    due_on = models.DateField("échéance")
    amount = models.DecimalField("montant (€)", max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["plan_id", "due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="instalment_positive"),
            models.UniqueConstraint(fields=["plan", "due_on"], name="instalment_one_per_day"),
        ]
        verbose_name = "échéance"

    def __str__(self) -> str:
        return f"Échéance du {self.due_on:%d/%m/%Y} : {self.amount} €"


class Payment(models.Model):
    plan = models.ForeignKey(RepaymentPlan, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField("payé le")
    amount = models.DecimalField("montant (€)", max_digits=10, decimal_places=2)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive")
        ]
        verbose_name = "versement"

    def __str__(self) -> str:
        return f"Versement du {self.paid_on:%d/%m/%Y} : {self.amount} €"
