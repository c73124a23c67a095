"""The contact journal (« historique des contacts »): every attempt by any partner.

Later apps (outreach, EMPEX) write into this same journal through
``prevex.support.services.contact_record``.
"""

from django.conf import settings
from django.db import models

from prevex.accounts.models import Organisation
from prevex.core.models import Departement

from ..choices import ContactChannel, ContactOutcome, ContactPurpose, Direction


class Contact(models.Model):
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="support_contacts"
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField("canal", max_length=12, choices=ContactChannel.choices)
    direction = models.CharField("sens", max_length=8, choices=Direction.choices)
    at = models.DateTimeField("date et heure")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="organisation"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    purpose = models.CharField("objet", max_length=16, choices=ContactPurpose.choices)
    purpose_detail = models.CharField("précision", max_length=300, blank=True)
    outcome = models.CharField("résultat", max_length=12, choices=ContactOutcome.choices)
    answers = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name="en réponse à",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household_id", "-at", "-id"]
        indexes = [models.Index(fields=["household", "-at"], name="contact_household_at")]
        verbose_name = "contact"

    def __str__(self) -> str:
        return f"{self.get_channel_display()} du {self.at:%d/%m/%Y}"
