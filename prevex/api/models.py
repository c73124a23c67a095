"""API tokens (one organisation each, only a hash stored) and their usage counters."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


def default_requests_per_minute() -> int:
    return int(getattr(settings, "PREVEX_API_REQUESTS_PER_MINUTE", 60))


def default_rows_per_day() -> int:
    return int(getattr(settings, "PREVEX_API_ROWS_PER_DAY", 100_000))


class ApiToken(models.Model):
    """A partner's key to the API. The clear token is shown once, at creation, then only
    its SHA-256 hash and a short prefix (for display) are kept."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="organisation",
    )
    name = models.CharField("libellé", max_length=120)
    prefix = models.CharField("début du jeton", max_length=16, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The technical account the access journal names for this token's reads.
    service_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name="compte technique",
    )
    requests_per_minute = models.PositiveIntegerField(
        "requêtes par minute", default=default_requests_per_minute
    )
    rows_per_day = models.PositiveIntegerField(
        "notifications par jour", default=default_rows_per_day
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="créé par",
    )
    last_used_at = models.DateTimeField("dernière utilisation", null=True, editable=False)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="révoqué par",
    )

    class Meta:
        ordering = ["organisation_id", "-created_at", "-id"]
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def clean(self):
        """The admin's add form: the label of an active token of the organisation is
        refused, as by the token page (``services.api_token_create``)."""
        super().clean()
        if self._state.adding and self.organisation_id and self.name:
            from .services import twin_refusal  # services import the models

            refusal = twin_refusal(organisation=self.organisation, name=self.name)
            if refusal:
                raise ValidationError(refusal)


class UsageWindow(models.TextChoices):
    MINUTE = "MINUTE", "Requêtes de la minute"
    DAY = "DAY", "Notifications du jour"


class ApiUsage(models.Model):
    """One counter per token and time window, incremented by a conditional UPDATE
    (atomic on SQLite and PostgreSQL, shared by every process)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="usages")
    window = models.CharField(max_length=8, choices=UsageWindow.choices)
    starts_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["token_id", "window", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["token", "window", "starts_at"], name="uniq_api_usage_window"
            )
        ]
        verbose_name = "compteur d'usage de l'API"

    def __str__(self) -> str:
        return f"{self.get_window_display()} {self.starts_at:%d/%m/%Y %H:%M} : {self.count}"
