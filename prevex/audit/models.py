"""Two append-only journals: the access journal (one row per nominative read) and the
history of writes (one row per change of a household file, per field group).

Neither is ever deleted, nor updated but for one narrow redaction: the models and their
querysets refuse every change here, and a trigger refuses it in the database on both
engines (migrations 0002, 0003 and 0005). The one update the triggers let through removes
the values of an anonymised file's rows (``prevex/audit/retention.py``, the only path
that makes it; ``prevex/audit/db.py`` says what it may change). Field
groups are plain strings here (``LEASE``, ``IDENTITY``, ``PROCEDURE``, ``SOCIAL``,
``HEALTH``): the audit app sits below the apps that define them.
"""

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    pass


# What a redaction writes (prevex/audit/retention.py); the triggers compare with these
# texts (prevex/audit/db.py): changing one needs a migration that creates them again.
REDACTED_SUMMARY = "Détail effacé à l'anonymisation du dossier"
REDACTED_SEARCH = {
    "SEARCH": "Recherche : texte effacé à l'anonymisation d'un dossier",
    "ADMIN": "Administration : recherche effacée à l'anonymisation d'un dossier",
}


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses every bulk path that could change or remove a row."""

    refusal = (
        "Ce journal est en ajout seul : ses lignes ne peuvent être ni modifiées ni supprimées."
    )

    def _refuse(self, *args, **kwargs):
        raise AppendOnlyError(self.refusal)

    update = _update = delete = _raw_delete = bulk_update = update_or_create = _refuse

    def bulk_create(self, objs, *args, update_conflicts=False, **kwargs):
        if update_conflicts:
            self._refuse()
        return super().bulk_create(objs, *args, **kwargs)


class AppendOnlyModel(models.Model):
    refusal = AppendOnlyQuerySet.refusal

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError(self.refusal)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(self.refusal)


class AccessLogQuerySet(AppendOnlyQuerySet):
    refusal = "Le journal des accès est en ajout seul : il ne peut être ni modifié ni supprimé."


class AccessAction(models.TextChoices):
    VIEW = "VIEW", "Consultation"
    EXPORT = "EXPORT", "Export"
    API = "API", "Lecture API"
    SEARCH = "SEARCH", "Recherche"
    ADMIN = "ADMIN", "Consultation (administration)"


class AccessLog(AppendOnlyModel):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Empty only for a read in the administration by an account acting for no organisation.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    action = models.CharField(max_length=8, choices=AccessAction.choices)
    what = models.CharField("objet", max_length=200)

    refusal = AccessLogQuerySet.refusal
    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "accès journalisé"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} – {self.what}"


class WriteLogQuerySet(AppendOnlyQuerySet):
    refusal = (
        "L'historique des modifications est en ajout seul : il ne peut être ni modifié ni supprimé."
    )


class WriteChannel(models.TextChoices):
    FORM = "FORM", "Formulaire"
    IMPORT = "IMPORT", "Import de fichier"
    API = "API", "API"
    ADMIN = "ADMIN", "Administration"
    DEMO = "DEMO", "Démonstration"
    SYSTEM = "SYSTEM", "Traitement automatique"


class WriteOperation(models.TextChoices):
    CREATE = "CREATE", "Création"
    UPDATE = "UPDATE", "Modification"
    DELETE = "DELETE", "Suppression"


class WriteObject(models.TextChoices):
    HOUSEHOLD = "HOUSEHOLD", "Ménage"
    MEMBER = "MEMBER", "Membre du ménage"
    CONTACT = "CONTACT", "Moyen de contact"
    SOCIAL_EVALUATION = "SOCIAL_EVALUATION", "Évaluation sociale"
    VULNERABILITY = "VULNERABILITY", "Vulnérabilité"
    INVOLVEMENT = "INVOLVEMENT", "Implication"
    PROCEDURE = "PROCEDURE", "Procédure"
    EVENT = "EVENT", "Acte"


class WriteLog(AppendOnlyModel):
    """One change of a household file, for one field group.

    ``changes`` is a list of ``{"field", "label", "old", "new"}`` with the values as they
    were shown to people (labels of choices, dates dd/mm/yyyy, amounts), so that the
    history stays readable whatever the code becomes; ``summary`` says it in one French
    sentence. A change touching several groups is several rows, so that a reader who lacks
    a group never receives any of its values.

    When the file is anonymised, ``redacted_at`` is set, ``changes`` keep ``field`` and
    ``label`` only, and ``summary`` becomes ``REDACTED_SUMMARY``: who changed which
    fields of which object, when and through which channel stays.
    """

    at = models.DateTimeField("le", auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    object_type = models.CharField("objet", max_length=20, choices=WriteObject.choices)
    object_id = models.BigIntegerField("identifiant de l'objet", null=True)
    operation = models.CharField("opération", max_length=8, choices=WriteOperation.choices)
    field_group = models.CharField("groupe de champs", max_length=16)
    channel = models.CharField("canal", max_length=8, choices=WriteChannel.choices)
    summary = models.CharField("résumé", max_length=300)
    changes = models.JSONField("modifications", default=list, blank=True)
    redacted_at = models.DateTimeField("valeurs effacées le", null=True, blank=True)

    refusal = WriteLogQuerySet.refusal
    objects = WriteLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["household", "at"], name="audit_write_household_at")]
        verbose_name = "modification journalisée"
        verbose_name_plural = "historique des modifications"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.summary}"
