"""Sessions of a commission, who was invited and who attended."""

from django.conf import settings
from django.db import models

from prevex.accounts.models import Organisation
from prevex.core.models import Departement

from ..choices import SessionStatus
from .commissions import Commission


class Session(models.Model):
    commission = models.ForeignKey(Commission, on_delete=models.PROTECT, related_name="sessions")
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField("date et heure")
    place = models.CharField("lieu", max_length=200, blank=True)
    video_link = models.URLField("lien de visioconférence", blank=True)
    capacity = models.PositiveSmallIntegerField("nombre maximal de dossiers")
    status = models.CharField(
        "état", max_length=12, choices=SessionStatus.choices, default=SessionStatus.PREPARATION
    )
    # Optimistic lock of the agenda: every agenda write increments it; a write sent with
    # an older version is refused (two agents editing one agenda at once).
    agenda_version = models.PositiveIntegerField("version de l'ordre du jour", default=0)
    invited_on = models.DateField("convocation envoyée le", null=True, blank=True)
    held_on = models.DateField("tenue le", null=True, blank=True)
    opinion = models.TextField("observations générales", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "id"]
        indexes = [models.Index(fields=["departement", "starts_at"], name="session_dep_date")]
        verbose_name = "séance"

    def __str__(self) -> str:
        return f"{self.commission} – {self.starts_at:%d/%m/%Y}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    invited = models.BooleanField("convoquée", default=True)
    present = models.BooleanField("présente", null=True)
    representative = models.CharField("représentée par", max_length=200, blank=True)

    class Meta:
        ordering = ["session_id", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "organisation"], name="attendance_once")
        ]
        verbose_name = "présence"

    def __str__(self) -> str:
        return f"{self.organisation} ({'présente' if self.present else 'absente'})"
