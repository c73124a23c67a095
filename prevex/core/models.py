"""Territories from the official geographic code (COG) and shared base models."""

from django.conf import settings
from django.db import models


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region_code = models.CharField("code région", max_length=3, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "département"

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Commune(models.Model):
    insee = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=120)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    population = models.PositiveIntegerField("population", default=0)
    # Zone for housing benefit (1, 2, 3) when known.
    zone_apl = models.CharField("zone APL", max_length=1, blank=True)

    class Meta:
        ordering = ["insee"]
        verbose_name = "commune"

    def __str__(self) -> str:
        return f"{self.name} ({self.insee})"


class PostalCode(models.Model):
    """Postcode → commune (La Poste's table, as packaged by npm ``codes-postaux``)."""

    code = models.CharField("code postal", max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postal_codes")
    locality = models.CharField("libellé d'acheminement", max_length=120, blank=True)

    class Meta:
        ordering = ["code", "commune_id"]
        constraints = [
            models.UniqueConstraint(fields=["code", "commune", "locality"], name="uniq_postcode")
        ]
        verbose_name = "code postal"

    def __str__(self) -> str:
        return f"{self.code} {self.commune.name}"


class JobState(models.TextChoices):
    QUEUED = "EN_ATTENTE", "En attente"
    RUNNING = "EN_COURS", "En cours"
    RETRYING = "NOUVEL_ESSAI", "Nouvel essai prévu"
    DONE = "TERMINE", "Terminée"
    FAILED = "ECHEC", "Échec"
    CANCELED = "ANNULE", "Annulée"


class JobRun(models.Model):
    """One background job (huey task) as the administrator sees it: filled only by the
    huey signals (prevex/core/jobs.py), read-only in the admin. A retried job keeps its
    row (same task id): ``attempts`` counts its executions."""

    task_id = models.CharField("identifiant de la tâche", max_length=64, unique=True)
    name = models.CharField("tâche", max_length=150, db_index=True)
    arguments = models.CharField("arguments", max_length=255, blank=True)
    state = models.CharField(
        "état", max_length=12, choices=JobState.choices, default=JobState.QUEUED
    )
    attempts = models.PositiveIntegerField("exécutions", default=0)
    retries_left = models.PositiveIntegerField("nouveaux essais restants", default=0)
    error = models.TextField("dernière erreur", blank=True)
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="demandée par",
    )
    queued_at = models.DateTimeField("mise en file le", auto_now_add=True)
    started_at = models.DateTimeField("dernier démarrage", null=True, blank=True)
    finished_at = models.DateTimeField("terminée le", null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["state", "queued_at"], name="core_jobrun_state")]
        verbose_name = "tâche de fond"
        verbose_name_plural = "tâches de fond"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_state_display()})"
