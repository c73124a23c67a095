"""Who may see a household file and who may record which act, as data.

* ``Involvement``: why and when an organisation may see a household file (need-to-know).
  The table keeps its historical name ``households_involvement``.
* ``InvolvementRequest``: a sender's act matched a file it is not involved in; the
  secretariat grants or refuses (« nouvel intervenant »). Until then: nothing to read.
* ``AccessRule``: the cases where such a sender is involved without waiting (landlord
  of record, bailiff of the open procedure…), per organisation type, national or per
  département.
* ``ActPermission``: the act matrix (organisation type × act type), national or per
  département.

Act types are the ``procedures.Stage`` values as plain strings, plus one closure type per
``procedures.Outcome`` (``CLOTURE_<OUTCOME>``: who may close a procedure with that
outcome): this app sits below procedures and never imports it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from prevex.accounts.models import OrganisationType


class InvolvementReason(models.TextChoices):
    SIGNALEMENT = "SIGNALEMENT", "A signalé le ménage"
    ORIENTATION = "ORIENTATION", "A reçu une orientation"
    BAILLEUR = "BAILLEUR", "Bailleur du ménage"
    RECOMMANDATION = "RECOMMANDATION", "Destinataire d'une recommandation de commission"
    DESIGNATION = "DESIGNATION", "Désignée par le secrétariat de la CCAPEX"
    ACTE = "ACTE", "A transmis un acte de la procédure"
    COMMISSION = "COMMISSION", "Membre d'une commission qui examine le dossier"
    DESTINATAIRE = "DESTINATAIRE", "Destinataire légal d'un acte de la procédure"


class Involvement(models.Model):
    """Why and when an organisation may see a household file (need-to-know)."""

    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="involvements"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="involvements"
    )
    reason = models.CharField("motif", max_length=24, choices=InvolvementReason.choices)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        db_table = "households_involvement"
        ordering = ["household_id", "starts_on", "id"]
        indexes = [
            models.Index(
                fields=["organisation", "household"], name="households__organis_623b5a_idx"
            )
        ]
        verbose_name = "implication"

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_reason_display()}"


class RequestStatus(models.TextChoices):
    EN_ATTENTE = "EN_ATTENTE", "En attente du secrétariat"
    ACCORDEE = "ACCORDEE", "Accordée"
    REFUSEE = "REFUSEE", "Refusée"


class InvolvementRequest(models.Model):
    """An organisation sent an act about a file it is not involved in (« nouvel
    intervenant »): the act is recorded, the file stays closed to it until the
    secretariat decides. The row is the journal of that decision."""

    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    departement = models.ForeignKey("core.Departement", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "état", max_length=12, choices=RequestStatus.choices, default=RequestStatus.EN_ATTENTE
    )
    requested_on = models.DateField("demandée le")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)

    class Meta:
        ordering = ["requested_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "organisation"],
                condition=Q(status="EN_ATTENTE"),
                name="access_one_pending_request",
            )
        ]
        verbose_name = "demande d'accès (nouvel intervenant)"
        verbose_name_plural = "demandes d'accès (nouveaux intervenants)"

    def __str__(self) -> str:
        return f"{self.organisation} → {self.household} ({self.get_status_display()})"


class AccessCondition(models.TextChoices):
    LANDLORD_OF_RECORD = "BAILLEUR_EN_TITRE", "Bailleur enregistré au dossier"
    SENDER_OF_OPEN_PROCEDURE = (
        "ACTE_PROCEDURE_EN_COURS",
        "A déjà transmis un acte de la procédure en cours",
    )


class AccessRule(models.Model):
    """A case where a sender is involved without the secretariat's confirmation.

    The row of a département overrides the national row (``departement`` empty) of the
    same condition and organisation type; no row: the secretariat confirms.
    """

    condition = models.CharField("condition", max_length=32, choices=AccessCondition.choices)
    organisation_type = models.CharField(
        "type d'organisation", max_length=32, choices=OrganisationType.choices
    )
    departement = models.ForeignKey(
        "core.Departement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    grants = models.BooleanField("accès sans confirmation", default=True)
    reason = models.CharField(
        "motif de l'implication", max_length=24, choices=InvolvementReason.choices
    )
    basis = models.CharField("justification", max_length=250, blank=True)

    class Meta:
        ordering = ["condition", "organisation_type", "departement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "organisation_type"],
                condition=Q(departement__isnull=True),
                name="access_rule_national",
            ),
            models.UniqueConstraint(
                fields=["condition", "organisation_type", "departement"],
                condition=Q(departement__isnull=False),
                name="access_rule_departement",
            ),
        ]
        verbose_name = "règle d'accès sans confirmation"
        verbose_name_plural = "règles d'accès sans confirmation"

    def __str__(self) -> str:
        where = self.departement_id or "national"
        verdict = "oui" if self.grants else "non"
        return f"{self.get_condition_display()} – {self.get_organisation_type_display()} ({where}) : {verdict}"


class ActPermission(models.Model):
    """One cell of the act matrix: may this organisation type record this act type?

    The row of a département overrides the national row; no row: not allowed.
    """

    organisation_type = models.CharField(
        "type d'organisation", max_length=32, choices=OrganisationType.choices
    )
    act_type = models.CharField("type d'acte", max_length=32)
    departement = models.ForeignKey(
        "core.Departement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    allowed = models.BooleanField("autorisé", default=True)
    basis = models.CharField("base légale ou justification", max_length=250, blank=True)

    class Meta:
        ordering = ["organisation_type", "act_type", "departement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_type", "act_type"],
                condition=Q(departement__isnull=True),
                name="access_act_national",
            ),
            models.UniqueConstraint(
                fields=["organisation_type", "act_type", "departement"],
                condition=Q(departement__isnull=False),
                name="access_act_departement",
            ),
        ]
        verbose_name = "droit d'enregistrer un acte"
        verbose_name_plural = "matrice des actes (qui enregistre quoi)"

    def __str__(self) -> str:
        where = self.departement_id or "national"
        verdict = "autorisé" if self.allowed else "refusé"
        return f"{self.get_organisation_type_display()} – {self.act_type} ({where}) : {verdict}"
