"""The journal of every matching decision.

The blocking keys (``HouseholdKey``) belong to the household: they are computed in
Python (prevex/households/keys.py) and written by the households services with the
household, so the candidate search is the same indexed equality lookup on SQLite and
PostgreSQL whoever created the household. ``MatchDecision`` is the journal: every
automatic or human decision (match, review, new household, merge, split) with its score
and its reason in French.
"""

from django.conf import settings
from django.db import models

from prevex.accounts.models import Organisation
from prevex.core.models import Departement
from prevex.households.models import Household


class Outcome(models.TextChoices):
    MATCH = "MATCH", "Rattaché à un ménage existant"
    REVIEW = "REVIEW", "À vérifier par un agent"
    NEW = "NEW", "Nouveau ménage"
    MERGE = "MERGE", "Fusion de deux ménages"
    SPLIT = "SPLIT", "Séparation d'un ménage"


class MatchDecision(models.Model):
    """One decision of the engine or of an agent. Never edited, except ``undone_*``, and
    the reasons when the files are anonymised (prevex/matching/retention.py).

    ``source_kind``/``source_id`` point at what was matched (an intake row, an API
    notification, or ``"household"`` for merges and splits) without a foreign key, so
    the intake app can refer to decisions and decisions to intake rows without a cycle.
    """

    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="match_decisions",
        verbose_name="ménage",
    )
    household_reference = models.CharField("référence du ménage", max_length=20, blank=True)
    outcome = models.CharField("décision", max_length=8, choices=Outcome.choices)
    score = models.FloatField("score", default=0.0)
    reason = models.CharField("motif", max_length=500, blank=True)
    candidates = models.JSONField("candidats", default=list, blank=True)
    details = models.JSONField("détails", default=dict, blank=True)
    automatic = models.BooleanField("automatique", default=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidé par",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_kind = models.CharField("type de source", max_length=32)
    source_id = models.BigIntegerField("identifiant de la source")
    created_at = models.DateTimeField("le", auto_now_add=True)
    undone_at = models.DateTimeField("annulée le", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="annulée par",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["source_kind", "source_id"], name="matching_dec_source"),
            models.Index(fields=["departement", "outcome"], name="matching_dec_outcome"),
        ]
        verbose_name = "décision de rapprochement"
        verbose_name_plural = "décisions de rapprochement"

    def __str__(self) -> str:
        target = self.household_reference or "—"
        return f"{self.get_outcome_display()} ({target}, {self.score:.0%})"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class ClaimField(models.TextChoices):
    BIRTH_DATE = "BIRTH_DATE", "Date de naissance du titulaire"
    CO_TENANT = "CO_TENANT", "Cotitulaire"
    # Confirmed when created: an agent said « même ménage » on a row whose holder's name
    # is written otherwise (« Souleyman » / « Souleymane »); the scorer reads it.
    NAME_FORM = "NAME_FORM", "Écriture du nom reconnue"


class ClaimStatus(models.TextChoices):
    PENDING = "PENDING", "À confirmer"
    CONFIRMED = "CONFIRMED", "Confirmée"
    REJECTED = "REJECTED", "Écartée"
    # Written by the retention job only (prevex/matching/retention.py), never offered.
    ANONYMISE = "ANONYMISE", "Close : dossier anonymisé"


class HouseholdClaim(models.Model):
    """What a row attached to a household says that the file does not hold yet.

    A match never writes data that was not compared: the tenant's birth date when the
    file has none, a co-tenant the lease does not name. It is kept here, as a claim of
    that row (``source_kind``/``source_id``, like ``MatchDecision``), shown to the
    agents, and written into the file only when an agent confirms it
    (``prevex.matching.claims.claim_confirm``, through the households services).
    Pending birth-date claims are also read by the scorer: two rows that give the same
    holder different birth dates point at two people (father and son).

    ``NAME_FORM`` is the one kind created confirmed: when an agent settles a review with
    « même ménage », the row's way of writing the holder's name (« Souleyman » for
    « Souleymane ») is recognised for that holder (``name_forms.name_form_learn``), so the
    next row written that way is compared as the holder's own name, not sent to review
    again. Nothing of the file changes.
    """

    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="claims", verbose_name="ménage"
    )
    member = models.ForeignKey(
        "households.Member",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name="membre concerné",
    )
    field = models.CharField("donnée", max_length=16, choices=ClaimField.choices)
    birth_date = models.DateField("date de naissance déclarée", null=True, blank=True)
    last_name = models.CharField("nom déclaré", max_length=120, blank=True)
    first_name = models.CharField("prénom déclaré", max_length=120, blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    source_kind = models.CharField("type de source", max_length=32)
    source_id = models.BigIntegerField("identifiant de la source")
    created_at = models.DateTimeField("le", auto_now_add=True)
    decided_at = models.DateTimeField("tranchée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tranchée par",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["household_id", "created_at", "id"]
        indexes = [
            models.Index(fields=["household", "status"], name="matching_claim_household"),
            models.Index(fields=["source_kind", "source_id"], name="matching_claim_source"),
        ]
        verbose_name = "donnée déclarée à confirmer"
        verbose_name_plural = "données déclarées à confirmer"

    def __str__(self) -> str:
        return f"{self.get_field_display()} : {self.value_label}"

    @property
    def value_label(self) -> str:
        if self.field == ClaimField.BIRTH_DATE and self.birth_date:
            return self.birth_date.strftime("%d/%m/%Y")
        return f"{self.last_name.upper()} {self.first_name}".strip()


class KnownPhone(models.Model):
    """A personal mobile number that identifies a household for matching.

    Learnt only from rows whose identity was established otherwise: the row that opened
    the file, a row matched with the tenant's birth date compared equal, a row an agent
    settled « même ménage » (``phones.phones_learn``). A number that came with a row
    attached without that comparison stays a contact of the file (households'
    ``ContactChannel``), never evidence here: otherwise one wrong attachment would spread,
    as a back-filled birth date would. The scorer reads these numbers
    (``profiles.load_profiles``): a row giving one of them names that file, when nothing
    else tells two files of one name apart. Deleted when the file is anonymised.
    """

    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="known_phones", verbose_name="ménage"
    )
    number = models.CharField("numéro de portable", max_length=10)
    source_kind = models.CharField("type de source", max_length=32)
    source_id = models.BigIntegerField("identifiant de la source")
    created_at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        ordering = ["household_id", "id"]
        indexes = [models.Index(fields=["household", "number"], name="matching_phone_household")]
        verbose_name = "portable reconnu"
        verbose_name_plural = "portables reconnus"

    def __str__(self) -> str:
        return self.number
