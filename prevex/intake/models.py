"""Imports of partners' notifications: batches, rows (with their quarantine) and the
review queue of the CCAPEX secretariat.

An ``ImportRow`` is one notification (one act about one household) as a sender sent it.
``(source, dedup_key)`` is unique: ``dedup_key`` is ``R:<reference_acte>`` when the
sender gave its reference, else ``F:<fingerprint of the normalised content>``; it is
empty (NULL) only for a row that conflicts with an earlier one (kept for the record).
"""

from django.conf import settings
from django.db import models

from prevex.accounts.models import Organisation
from prevex.core.models import Departement
from prevex.households.models import Household
from prevex.procedures.models import Event, Procedure, Stage


class Channel(models.TextChoices):
    FICHIER = "FICHIER", "Fichier"
    API = "API", "API"


class BatchStatus(models.TextChoices):
    EN_COURS = "EN_COURS", "En cours"
    TERMINE = "TERMINE", "Terminé"
    ECHEC = "ECHEC", "Échec"


class RowStatus(models.TextChoices):
    IMPORTE = "IMPORTE", "Importée"
    MIS_A_JOUR = "MIS_A_JOUR", "Mise à jour"
    DOUBLON = "DOUBLON", "Doublon"
    QUARANTAINE = "QUARANTAINE", "En quarantaine"
    REVUE = "REVUE", "En revue"


# Summary keys (French, as printed and returned by the API) → row status.
SUMMARY_KEYS = {
    "importes": RowStatus.IMPORTE,
    "mis_a_jour": RowStatus.MIS_A_JOUR,
    "doublons": RowStatus.DOUBLON,
    "quarantaine": RowStatus.QUARANTAINE,
    "revue": RowStatus.REVUE,
}


class ImportBatch(models.Model):
    source = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="import_batches"
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField("canal", max_length=8, choices=Channel.choices)
    filename = models.CharField("fichier", max_length=255, blank=True)
    sha256 = models.CharField("empreinte SHA-256", max_length=64, blank=True, db_index=True)
    status = models.CharField(
        "état", max_length=8, choices=BatchStatus.choices, default=BatchStatus.EN_COURS
    )
    file_format = models.CharField("format", max_length=120, blank=True)
    total = models.PositiveIntegerField("lignes à traiter", default=0)
    processed = models.PositiveIntegerField("lignes traitées", default=0)
    lus = models.PositiveIntegerField("lignes lues", default=0)
    importes = models.PositiveIntegerField("importées", default=0)
    mis_a_jour = models.PositiveIntegerField("mises à jour", default=0)
    doublons = models.PositiveIntegerField("doublons", default=0)
    quarantaine = models.PositiveIntegerField("en quarantaine", default=0)
    revue = models.PositiveIntegerField("envoyées en revue", default=0)
    notices = models.JSONField("remarques sur le fichier", default=list, blank=True)
    error = models.TextField("erreur", blank=True)
    # The background job importing it (files above views.SYNC_ROWS rows), see tasks.py.
    job_id = models.CharField("tâche de fond", max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("déposé le", auto_now_add=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["source", "created_at"], name="intake_batch_source")]
        verbose_name = "import"

    def __str__(self) -> str:
        return f"Import n° {self.pk} ({self.filename or self.get_channel_display()})"

    @property
    def summary(self) -> dict[str, int]:
        return {"lus": self.lus, **{key: getattr(self, key) for key in SUMMARY_KEYS}}

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.processed * 100 // self.total)


class ImportChunk(models.Model):
    """Rows of a file waiting to be processed (deleted once processed): makes an
    interrupted import resumable without keeping the whole file in memory."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    payload = models.BinaryField()

    class Meta:
        ordering = ["batch_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="intake_chunk_unique")
        ]

    def __str__(self) -> str:
        return f"Morceau {self.number} de l'import n° {self.batch_id}"


class ImportRow(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="rows")
    last_batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    line = models.PositiveIntegerField("ligne")
    # The row's line in ``last_batch`` when a sender sent it again there (a row still in
    # quarantine re-read from a later file); NULL for rows written before it existed.
    last_line = models.PositiveIntegerField("ligne du dernier envoi", null=True, blank=True)
    raw = models.JSONField("ligne reçue", default=dict)
    normalised = models.JSONField("ligne normalisée", null=True, blank=True)
    status = models.CharField("statut", max_length=12, choices=RowStatus.choices)
    errors = models.JSONField("erreurs", default=list, blank=True)
    reference_acte = models.CharField("référence de l'acte", max_length=80, blank=True)
    raw_fingerprint = models.CharField("empreinte de la ligne reçue", max_length=64)
    # NULL (not "") for conflicting rows: NULLs never collide in the unique constraint.
    dedup_key = models.CharField("clé d'unicité", max_length=90, null=True, blank=True)  # noqa: DJ001
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    match_decision_id = models.BigIntegerField("décision de rapprochement", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["batch_id", "line", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "dedup_key"], name="intake_row_idempotency")
        ]
        indexes = [
            models.Index(fields=["source", "raw_fingerprint"], name="intake_row_rawfp"),
            models.Index(fields=["source", "status"], name="intake_row_status"),
        ]
        verbose_name = "ligne importée"
        verbose_name_plural = "lignes importées"

    def __str__(self) -> str:
        return f"Ligne {self.sent_line} de l'import n° {self.sent_batch_id}"

    @property
    def sent_batch_id(self) -> int:
        """The import that last sent this row (the first one for older rows)."""
        return self.last_batch_id if self.last_line and self.last_batch_id else self.batch_id

    @property
    def sent_line(self) -> int:
        """The row's line in ``sent_batch_id``: what the sender looks for in its file."""
        return self.last_line if self.last_line and self.last_batch_id else self.line

    def line_in(self, batch_id: int) -> int:
        """The row's line in the import ``batch_id`` (the first or the last that sent it)."""
        return self.sent_line if batch_id == self.sent_batch_id else self.line

    @property
    def headline(self) -> str:
        """« Commandement de payer du 10/03/2025 — BENALI Samia »: the act by its French
        label once read (the sender's own code otherwise), the rest as received."""
        raw = self.raw or {}
        code = (self.normalised or {}).get("type_acte")
        act = Stage(code).label if code in Stage.values else (raw.get("type_acte") or "acte ?")[:40]
        day = (raw.get("date_acte") or "?")[:20]
        name = f"{(raw.get('locataire_nom') or '').upper()} {raw.get('locataire_prenom') or ''}"
        return f"{act} du {day} — {name[:120].strip() or 'locataire ?'}"


class ReviewKind(models.TextChoices):
    MATCH = "MATCH", "Rapprochement incertain"
    ORDRE = "ORDRE", "Acte incohérent avec la procédure"
    INTERVENANT = "INTERVENANT", "Nouvel intervenant"
    BAILLEUR = "BAILLEUR", "Bailleur à confirmer"


class ReviewStatus(models.TextChoices):
    OUVERT = "OUVERT", "À traiter"
    TRAITE = "TRAITE", "Traité"


class ReviewDecision(models.TextChoices):
    MEME_MENAGE = "MEME_MENAGE", "Même ménage"
    NOUVEAU_MENAGE = "NOUVEAU_MENAGE", "Nouveau ménage"
    ACCEPTE = "ACCEPTE", "Acte accepté"
    REJETE = "REJETE", "Acte rejeté"
    ACCES_ACCORDE = "ACCES_ACCORDE", "Dossier ouvert au nouvel intervenant"
    ACCES_REFUSE = "ACCES_REFUSE", "Dossier fermé au nouvel intervenant"
    BAILLEUR_OUI = "BAILLEUR_OUI", "Bailleur confirmé, acte enregistré"
    BAILLEUR_NON = "BAILLEUR_NON", "Bailleur non confirmé, acte non enregistré"
    # Written by the retention job only (prevex/intake/retention.py), never offered.
    ANONYMISE = "ANONYMISE", "Clos : dossier anonymisé"


class ReviewItem(models.Model):
    """A row the CCAPEX secretariat must look at: an uncertain match (nothing attached
    yet), an act recorded with a consistency flag, an act from an organisation not
    involved in the file it matched (« nouvel intervenant »: the file stays closed to it
    until the secretariat opens it), or a landlord's act about a household whose file
    does not record it as landlord (« bailleur à confirmer »: the act is held, nothing
    written, until the secretariat confirms the landlord or not)."""

    kind = models.CharField("type", max_length=12, choices=ReviewKind.choices)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    row = models.ForeignKey(ImportRow, on_delete=models.CASCADE, related_name="reviews")
    status = models.CharField(
        "état", max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.OUVERT
    )
    reason = models.TextField("motif", blank=True)
    score = models.FloatField("score", null=True, blank=True)
    candidates = models.JSONField("ménages candidats", default=list, blank=True)
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(
        "décision", max_length=16, choices=ReviewDecision.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)
    # An uncertain match whose row is the same person as the row of another open one: it
    # is settled with it (prevex/intake/review.py), and opens no file of its own.
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name="suit la décision de",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["departement", "status"], name="intake_review_open")]
        constraints = [
            models.UniqueConstraint(
                fields=["row", "kind"],
                condition=models.Q(status="OUVERT"),
                name="intake_review_one_open",
            )
        ]
        verbose_name = "élément à revoir"
        verbose_name_plural = "éléments à revoir"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – ligne {self.row.sent_line}"
