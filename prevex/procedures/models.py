"""Procedures, their dated events, and the dated legal rules that set their deadlines."""

from django.conf import settings
from django.db import models

from prevex.accounts.models import Organisation
from prevex.core.models import Departement
from prevex.households.models import Household


class Stage(models.TextChoices):
    IMPAYE = "IMPAYE", "Impayé"
    SIGNALEMENT = "SIGNALEMENT", "Signalement à la CCAPEX"
    CDP = "CDP", "Commandement de payer"
    # Every landlord that is a legal person other than a family SCI (loi 1989 art. 24 II);
    # the code keeps its first name (import format, API, agenda).
    SAISINE_BAILLEUR_SOCIAL = (
        "SAISINE_BAILLEUR_SOCIAL",
        "Saisine de la CCAPEX par le bailleur (social ou personne morale)",
    )
    ASSIGNATION = "ASSIGNATION", "Assignation"
    DSF = "DSF", "Diagnostic social et financier"
    AUDIENCE = "AUDIENCE", "Audience"
    JUGEMENT = "JUGEMENT", "Jugement"
    CQL = "CQL", "Commandement de quitter les lieux"
    RFP = "RFP", "Réquisition de la force publique"
    CFP = "CFP", "Décision sur le concours de la force publique"
    EXPULSION = "EXPULSION", "Expulsion réalisée"


class Ground(models.TextChoices):
    IMPAYES = "IMPAYES", "Impayés de loyer"
    CONGE_VENTE = "CONGE_VENTE", "Congé pour vente"
    CONGE_REPRISE = "CONGE_REPRISE", "Congé pour reprise"
    TROUBLES = "TROUBLES", "Troubles de jouissance"
    DEFAUT_ASSURANCE = "DEFAUT_ASSURANCE", "Défaut d'assurance"
    SANS_DROIT_NI_TITRE = "SANS_DROIT_NI_TITRE", "Occupation sans droit ni titre"


class Outcome(models.TextChoices):
    DETTE_SOLDEE = "DETTE_SOLDEE", "Dette soldée"
    PLAN_RESPECTE = "PLAN_RESPECTE", "Plan d'apurement respecté"
    PCS = "PCS", "Protocole de cohésion sociale signé"
    MAINTIEN = "MAINTIEN", "Maintien dans le logement"
    RELOGEMENT = "RELOGEMENT", "Relogement"
    HEBERGEMENT = "HEBERGEMENT", "Hébergement (SIAO)"
    DESISTEMENT = "DESISTEMENT", "Désistement du bailleur"
    SURENDETTEMENT = "SURENDETTEMENT", "Surendettement (dossier recevable)"
    CLASSEMENT = "CLASSEMENT", "Classement par le commissaire de justice"
    EXPULSION = "EXPULSION", "Expulsion réalisée"


class Decision(models.TextChoices):
    FERME = "FERME", "Résiliation ferme"
    CONDITIONNELLE = "CONDITIONNELLE", "Conditionnelle (délais de paiement)"
    REJET = "REJET", "Rejet de la demande"
    RADIATION = "RADIATION", "Radiation / retrait du rôle"


class CfpDecision(models.TextChoices):
    ACCORDE = "ACCORDE", "Concours accordé"
    REFUSE = "REFUSE", "Concours refusé"


class Channel(models.TextChoices):
    """Through which channel an act was recorded (shown on the file's timeline)."""

    FORM = "FORMULAIRE", "formulaire"
    IMPORT = "IMPORT", "import"
    API = "API", "API"
    REVIEW = "REVUE", "file de revue"
    GENERATOR = "GENERATEUR", "données de démonstration"


class Procedure(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="procedures")
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    ground = models.CharField(
        "motif", max_length=24, choices=Ground.choices, default=Ground.IMPAYES
    )
    opened_on = models.DateField("ouverte le")
    closed_on = models.DateField("clôturée le", null=True, blank=True)
    outcome = models.CharField("issue", max_length=16, choices=Outcome.choices, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="clôturée par",
    )
    # Denormalised by the services after each event (never typed in):
    stage = models.CharField("étape", max_length=32, choices=Stage.choices)
    stage_date = models.DateField("date de l'étape")
    current_debt = models.DecimalField(
        "dette actuelle (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    key_deadline = models.DateField("prochaine échéance", null=True, blank=True)
    ccapex_report_required = models.BooleanField(
        "signalement à la CCAPEX requis", default=False, db_index=True
    )

    class Meta:
        ordering = ["household_id", "opened_on", "id"]
        indexes = [
            models.Index(fields=["departement", "stage"]),
            models.Index(fields=["departement", "key_deadline"]),
            # The dashboard's default list (open procedures, soonest deadline first) is read
            # in index order: no sort of the département's open procedures per request.
            models.Index(
                fields=["departement", "key_deadline", "-stage_date", "id"],
                condition=models.Q(closed_on__isnull=True),
                name="procedure_open_by_deadline",
            ),
        ]
        constraints = [
            # What procedure_open and the bulk form refuse (the merge refuses too).
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(closed_on__isnull=True),
                name="procedure_one_open_per_household",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="procedure_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | ~models.Q(outcome=""),
                name="procedure_closed_with_outcome",
            ),
            models.CheckConstraint(
                condition=models.Q(current_debt__isnull=True) | models.Q(current_debt__gte=0),
                name="procedure_debt_not_negative",
            ),
        ]
        verbose_name = "procédure"

    def __str__(self) -> str:
        return f"{self.household} – {self.get_ground_display()} ({self.opened_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Event(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField("acte / étape", max_length=32, choices=Stage.choices)
    date = models.DateField("date de l'acte")
    debt_amount = models.DecimalField(
        "montant de la dette (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    hearing_date = models.DateField("date d'audience", null=True, blank=True)
    decision = models.CharField("décision", max_length=16, choices=Decision.choices, blank=True)
    contradictoire = models.BooleanField("contradictoire", null=True, blank=True)
    grace_months = models.PositiveSmallIntegerField(
        "délais accordés par le juge (mois)", null=True, blank=True
    )
    # The day the judgment was served on the tenant (signification, by the commissaire de
    # justice): the délais of a judgment that is not contradictoire run from it (CPC art.
    # 511), and no measure of execution comes before it (art. 503). JUGEMENT only.
    served_on = models.DateField("jugement signifié le", null=True, blank=True)
    cfp_decision = models.CharField(
        "décision CFP", max_length=8, choices=CfpDecision.choices, blank=True
    )
    # Payment delays of a conditional judgment (loi 1989 art. 24 V): a monthly schedule.
    payment_months = models.PositiveSmallIntegerField(
        "délais de paiement accordés (mois)", null=True, blank=True
    )
    instalment_amount = models.DecimalField(
        "montant de l'échéance mensuelle (€)", max_digits=10, decimal_places=2, null=True,
        blank=True,
    )  # fmt: skip
    first_instalment_on = models.DateField("première échéance le", null=True, blank=True)
    instalment_missed_on = models.DateField(
        "échéance impayée le (clause résolutoire reprenant effet)", null=True, blank=True
    )
    # An act the secretariat has not yet verified (review queue): it drives no deadline.
    pending_review = models.BooleanField("en attente de vérification", default=False)
    notes = models.TextField("observations", blank=True)
    source = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference = models.CharField("référence de l'émetteur", max_length=80, blank=True)
    flagged = models.CharField("signalement de cohérence", max_length=250, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_for = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="enregistré pour l'organisation",
    )
    channel = models.CharField(
        "canal d'enregistrement", max_length=12, choices=Channel.choices, blank=True
    )

    class Meta:
        ordering = ["procedure_id", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(debt_amount__isnull=True) | models.Q(debt_amount__gte=0),
                name="event_debt_not_negative",
            ),
        ]
        verbose_name = "événement"

    def __str__(self) -> str:
        return f"{self.get_stage_display()} du {self.date:%d/%m/%Y}"


class RuleUnit(models.TextChoices):
    DAYS = "DAYS", "jours"
    WEEKS = "WEEKS", "semaines"
    MONTHS = "MONTHS", "mois"
    MONTH_DAY = "MONTH_DAY", "jour de l'année (MMJJ)"
    RENT_MULTIPLE = "RENT_MULTIPLE", "fois le loyer"
    EUROS = "EUROS", "euros"


class RuleSelector(models.TextChoices):
    """Which date selects the rule in force (docs/domain.md, « Délais »)."""

    ACTE = "ACTE", "date de l'acte"
    BAIL = "BAIL", "date du bail (conclusion ou dernier renouvellement)"
    AUDIENCE = "AUDIENCE", "date d'audience"


class RuleDirection(models.TextChoices):
    APRES = "APRES", "compté après la date de départ"
    AVANT = "AVANT", "compté à rebours avant la date d'arrivée"


class LegalRule(models.Model):
    """A dated legal delay or threshold; the one in force on the selecting date applies.

    ``selected_by`` says which date selects the row (the act's, the lease's, the
    hearing's); ``direction`` whether the delay counts forward or back; ``working_days``
    whether an end on a Saturday, Sunday or public holiday moves (CPC art. 642: forward
    to the next working day; a delay counted back moves to the previous one). A row with
    a ``departement`` overrides the national row for that département.
    """

    code = models.CharField("code", max_length=48)
    label = models.CharField("libellé", max_length=200)
    value = models.IntegerField("valeur")
    unit = models.CharField("unité", max_length=16, choices=RuleUnit.choices)
    valid_from = models.DateField("en vigueur du")
    valid_to = models.DateField("jusqu'au (exclu)", null=True, blank=True)
    legal_basis = models.CharField("base légale", max_length=200)
    short_basis = models.CharField("référence courte", max_length=60)
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    selected_by = models.CharField(
        "date qui sélectionne la règle",
        max_length=8,
        choices=RuleSelector.choices,
        default=RuleSelector.ACTE,
    )
    direction = models.CharField(
        "sens du délai", max_length=8, choices=RuleDirection.choices, default=RuleDirection.APRES
    )
    working_days = models.BooleanField(
        "report au jour ouvrable (CPC art. 642)",
        default=True,
        help_text="Un délai qui expire un samedi, un dimanche ou un jour férié est prorogé "
        "jusqu'au premier jour ouvrable suivant (à rebours : le jour ouvrable précédent).",
    )

    class Meta:
        ordering = ["code", "departement_id", "valid_from"]
        verbose_name = "règle légale"
        verbose_name_plural = "règles légales"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gt=models.F("valid_from")),
                name="rule_period_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} = {self.value} {self.get_unit_display()} ({self.short_basis})"

    def clean(self) -> None:
        """Every row of a code counts the same way, selected by the same date (an override
        or a new period may not silently turn a delay around)."""
        from django.core.exceptions import ValidationError

        other = LegalRule.objects.filter(code=self.code).exclude(pk=self.pk).first()
        if other is None:
            return
        errors = {}
        if other.direction != self.direction:
            errors["direction"] = (
                f"Les autres règles « {self.code} » sont comptées "
                f"« {other.get_direction_display()} »."
            )
        if other.selected_by != self.selected_by:
            errors["selected_by"] = (
                f"Les autres règles « {self.code} » sont choisies par la "
                f"{other.get_selected_by_display()}."
            )
        if errors:
            raise ValidationError(errors)
