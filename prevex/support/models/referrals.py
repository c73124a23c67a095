"""Referrals (« orientations ») between organisations: A sends the household to B with a
reason, a message and a due date; B accepts (which involves B in the file, reason
ORIENTATION) or declines with a reason; a referral unanswered past its due date is sent
to the CCAPEX secretariat by a job."""

from django.conf import settings
from django.db import models

from prevex.accounts.models import Organisation
from prevex.core.models import Departement

from ..choices import ReferralReason, ReferralStatus


class Referral(models.Model):
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="support_referrals"
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="de"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="vers"
    )
    reason = models.CharField("motif", max_length=16, choices=ReferralReason.choices)
    message = models.TextField("message", blank=True)
    due_on = models.DateField("réponse attendue avant le")
    status = models.CharField(
        "état", max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.ENVOYEE
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_on = models.DateField("répondu le", null=True, blank=True)
    decline_reason = models.CharField("motif du refus", max_length=300, blank=True)

    class Meta:
        ordering = ["household_id", "-sent_at", "-id"]
        indexes = [
            models.Index(fields=["to_organisation", "status"], name="referral_inbox"),
            models.Index(
                fields=["due_on"],
                condition=models.Q(status="ENVOYEE"),
                name="referral_pending_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_organisation=models.F("to_organisation")),
                name="referral_not_to_oneself",
            )
        ]
        verbose_name = "orientation"

    def __str__(self) -> str:
        return f"Orientation vers {self.to_organisation}"
