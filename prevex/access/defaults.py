"""Default act matrix and access rules (national rows), seeded by the migration.

Act types are the ``procedures.Stage`` values (plain strings: this app sits below
procedures) plus one closure type per ``procedures.Outcome``, ``CLOTURE_<OUTCOME>``:
closing a procedure with that outcome (``CLOTURE_SURENDETTEMENT``: on the admissibility
of an over-indebtedness file, « dossier recevable », Code de la consommation L722-2).
Everything missing from ``ACT_MATRIX`` is refused. The secretariat of the CCAPEX may
record every act and close with every outcome (it keys in what partners send on paper).
Editable in the admin, overridable per département
(docs/decisions/2026-11-30-act-matrix.md, docs/decisions/2026-12-06-closure-matrix.md).
"""

from __future__ import annotations

STAGE_TYPES = (
    "IMPAYE",
    "SIGNALEMENT",
    "CDP",
    "SAISINE_BAILLEUR_SOCIAL",
    "ASSIGNATION",
    "DSF",
    "AUDIENCE",
    "JUGEMENT",
    "CQL",
    "RFP",
    "CFP",
    "EXPULSION",
)
# The ``procedures.Outcome`` values, in their order (a test keeps them equal).
OUTCOMES = (
    "DETTE_SOLDEE",
    "PLAN_RESPECTE",
    "PCS",
    "MAINTIEN",
    "RELOGEMENT",
    "HEBERGEMENT",
    "DESISTEMENT",
    "SURENDETTEMENT",
    "CLASSEMENT",
    "EXPULSION",
)
CLOSURE_PREFIX = "CLOTURE_"


def closure_act(outcome: str) -> str:
    """The act type of closing a procedure with ``outcome`` (``CLOTURE_<OUTCOME>``)."""
    return CLOSURE_PREFIX + outcome


CLOSURE_TYPES = tuple(closure_act(outcome) for outcome in OUTCOMES)
ACT_TYPES = STAGE_TYPES + CLOSURE_TYPES
SURENDETTEMENT = closure_act("SURENDETTEMENT")

_SAISINE = (
    "Saisine de la CCAPEX ouverte à tout partenaire (loi 1990-449, art. 7-2 ; décret 2015-1384)"
)
_DSF = "Diagnostic social et financier (loi 1989-462, art. 24 ; décret 2016-393)"
# Art. 24 II binds every landlord that is a legal person other than a family SCI: a private
# landlord organisation (an institutional landlord, a property company) records its own
# referral; the act refuses it on a file whose landlord is a natural person or a family SCI
# (docs/decisions/2026-12-06-referral-by-private-legal-persons.md).
_SAISINE_PERSONNE_MORALE = (
    "Saisine de la CCAPEX par le bailleur personne morale autre qu'une SCI familiale, deux "
    "mois avant l'assignation (loi 1989-462, art. 24 II)"
)

# Acts the law addresses or notifies to an authority: when one is recorded, the active
# organisations of that type in the file's département are involved in the file (reason
# DESTINATAIRE; a sous-préfecture that lists its communes, only for files of those
# communes). act type → (organisation type, legal basis).
ADDRESSEES: dict[str, tuple[str, str]] = {
    "ASSIGNATION": (
        "PREFECTURE",
        "Assignation notifiée au représentant de l'État dans le département (loi 1989-462, art. 24 III)",
    ),
    "CQL": (
        "PREFECTURE",
        "Le commissaire de justice saisit le préfet dès le commandement de quitter les lieux (CPCE L412-5)",
    ),
    "RFP": (
        "PREFECTURE",
        "Réquisition de la force publique adressée au préfet (CPCE L153-1, R153-1)",
    ),
}

# Who closes a procedure with which outcome (docs/decisions/2026-12-06-closure-matrix.md):
# the one who knows the outcome first-hand and answers for it. The social services (CD,
# CCAS, EMPEX, associations), the CAF and the ADIL close nothing by default: they report
# it to the secretariat of the CCAPEX, who closes. outcome → basis, per organisation type.
_CREANCIER = "Le bailleur, créancier de la dette"
_LANDLORD_CLOSURES = {
    "DETTE_SOLDEE": f"{_CREANCIER}, constate qu'elle est soldée",
    "PLAN_RESPECTE": f"{_CREANCIER}, constate que le plan d'apurement est respecté",
    "DESISTEMENT": "Le bailleur se désiste de sa demande (CPC art. 394 et 395)",
    "RELOGEMENT": "Le bailleur constate le départ de son locataire relogé (mutation, autre logement)",
}
CLOSURE_MATRIX: dict[str, dict[str, str]] = {
    "ETAT_CCAPEX": {
        outcome: "Secrétariat de la CCAPEX : clôt la procédure sur ce que les partenaires rapportent"
        for outcome in OUTCOMES
    },
    "BAILLEUR_SOCIAL": {
        **_LANDLORD_CLOSURES,
        "PCS": "Protocole de cohésion sociale signé par le bailleur social (CCH L353-15-2, L442-6-5)",
    },
    "BAILLEUR_PRIVE": dict(_LANDLORD_CLOSURES),
    "COMMISSAIRE_JUSTICE": {
        "DETTE_SOLDEE": "Le commissaire de justice chargé du recouvrement constate le paiement",
        "PLAN_RESPECTE": "Le commissaire de justice chargé du recouvrement constate le plan respecté",
        "DESISTEMENT": "Le commissaire de justice reçoit l'instruction du bailleur d'arrêter les poursuites",
        "CLASSEMENT": "Classement du dossier par le commissaire de justice (fin des poursuites)",
        "EXPULSION": "Procès-verbal d'expulsion (CPCE R432-1)",
    },
    "PREFECTURE": {
        "EXPULSION": "Expulsion réalisée avec le concours de la force publique (CPCE L153-1)",
        "MAINTIEN": "Maintien dans les lieux décidé par le représentant de l'État (concours de la force publique, CPCE L153-1)",
        "PCS": "Protocole de cohésion sociale, suivi par le représentant de l'État (CCH L442-6-5)",
    },
    "SIAO": {"HEBERGEMENT": "Orientation et admission en hébergement par le SIAO (CASF L345-2-4)"},
    "ACTION_LOGEMENT": {
        "RELOGEMENT": "Relogement sur les réservations d'Action Logement (CCH L313-26-2)"
    },
    "BANQUE_DE_FRANCE": {
        "SURENDETTEMENT": "Recevabilité du dossier de surendettement (Code de la consommation L722-2)",
    },
}

# organisation type → {act type: basis}: the acts of the procedure, then the closures.
ACT_MATRIX: dict[str, dict[str, str]] = {
    "ETAT_CCAPEX": {act: "Secrétariat de la CCAPEX : saisit tout acte reçu" for act in STAGE_TYPES},
    "COMMISSAIRE_JUSTICE": {
        "CDP": "Commandement de payer signifié par commissaire de justice (loi 1989-462, art. 24)",
        "ASSIGNATION": "Assignation délivrée par commissaire de justice (CPC art. 54 et 56)",
        "CQL": "Commandement de quitter les lieux (CPCE L411-1)",
        "RFP": "Réquisition de la force publique par le commissaire de justice (CPCE L153-1)",
        "EXPULSION": "Procès-verbal d'expulsion (CPCE R432-1)",
        "SIGNALEMENT": "Signalement du commandement de payer à la CCAPEX (loi 1989-462, art. 24 I)",
    },
    "PREFECTURE": {
        "RFP": "Réception et suivi de la réquisition de la force publique (CPCE L153-1)",
        "CFP": "Décision du préfet sur le concours de la force publique (CPCE L153-1, R153-1)",
        "EXPULSION": "Expulsion réalisée avec le concours de la force publique (CPCE L153-1)",
        "SIGNALEMENT": _SAISINE,
    },
    "TRIBUNAL": {
        "AUDIENCE": "Audience du juge des contentieux de la protection (COJ L213-4-4)",
        "JUGEMENT": "Jugement du juge des contentieux de la protection (COJ L213-4-4)",
    },
    "BAILLEUR_SOCIAL": {
        "IMPAYE": "Le bailleur constate l'impayé",
        "SIGNALEMENT": _SAISINE,
        "SAISINE_BAILLEUR_SOCIAL": "Saisine de la CCAPEX par le bailleur social (loi 1989-462, art. 24 II)",
    },
    "BAILLEUR_PRIVE": {
        "IMPAYE": "Le bailleur constate l'impayé",
        "SIGNALEMENT": _SAISINE,
        "SAISINE_BAILLEUR_SOCIAL": _SAISINE_PERSONNE_MORALE,
    },
    "CAF": {
        "IMPAYE": "Signalement de l'impayé à l'organisme payeur de l'aide au logement (CCH L824-2)",
        "SIGNALEMENT": _SAISINE,
        "DSF": _DSF,
    },
    "CD_SOCIAL": {"SIGNALEMENT": _SAISINE, "DSF": _DSF},
    "CCAS": {"SIGNALEMENT": _SAISINE, "DSF": _DSF},
    "EMPEX": {"SIGNALEMENT": _SAISINE, "DSF": _DSF},
    "ASSOCIATION": {"SIGNALEMENT": _SAISINE, "DSF": _DSF},
    "ADIL": {"SIGNALEMENT": _SAISINE},
    "SIAO": {"SIGNALEMENT": _SAISINE},
    "ACTION_LOGEMENT": {"SIGNALEMENT": _SAISINE},
}
for _org_type, _closures in CLOSURE_MATRIX.items():
    ACT_MATRIX.setdefault(_org_type, {}).update(
        {closure_act(outcome): basis for outcome, basis in _closures.items()}
    )

# (condition, organisation type, involvement reason, basis)
ACCESS_RULES = (
    (
        "BAILLEUR_EN_TITRE",
        "BAILLEUR_SOCIAL",
        "BAILLEUR",
        "Le bailleur enregistré au dossier suit la procédure et la dette de son locataire.",
    ),
    (
        "BAILLEUR_EN_TITRE",
        "BAILLEUR_PRIVE",
        "BAILLEUR",
        "Le bailleur enregistré au dossier suit la procédure et la dette de son locataire.",
    ),
    (
        "ACTE_PROCEDURE_EN_COURS",
        "COMMISSAIRE_JUSTICE",
        "ACTE",
        "Le commissaire de justice qui a signifié un acte de la procédure en cours la mène.",
    ),
)


def seed_access_defaults(
    *, act_permission_model, access_rule_model, matrix=None, access_rules=ACCESS_RULES
) -> None:
    """Create the national rows that are missing (idempotent; edited rows are kept).

    ``matrix`` / ``access_rules`` default to the whole defaults; a later migration passes
    only the rows it adds, so that a national row an administrator deleted is not created
    again."""
    matrix = ACT_MATRIX if matrix is None else matrix
    known = set(
        act_permission_model.objects.filter(departement__isnull=True).values_list(
            "organisation_type", "act_type"
        )
    )
    act_permission_model.objects.bulk_create(
        [
            act_permission_model(organisation_type=org_type, act_type=act, basis=basis)
            for org_type, acts in matrix.items()
            for act, basis in acts.items()
            if (org_type, act) not in known
        ]
    )
    rules = set(
        access_rule_model.objects.filter(departement__isnull=True).values_list(
            "condition", "organisation_type"
        )
    )
    access_rule_model.objects.bulk_create(
        [
            access_rule_model(
                condition=condition, organisation_type=org_type, reason=reason, basis=basis
            )
            for condition, org_type, reason, basis in access_rules
            if (condition, org_type) not in rules
        ]
    )
