"""Territories from the official geographic code (COG) and shared base models."""

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
