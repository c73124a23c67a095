"""The national legal rules (and known département overrides), as plain data.

Imported by the data migration ``0002_seed_legal_rules`` through
``seed_legal_rules(legal_rule_model=..., departement_model=...)``, which receives the
historical models from ``apps.get_model`` (migrations never import live models).

Conventions:

* ``valid_to`` is exclusive: a rule applies to acts dated ``valid_from <= date < valid_to``.
* Rows in force before the loi n° 2023-668 du 27 juillet 2023 start on 8 July 1989
  (publication of the loi n° 89-462). Earlier changes (e.g. loi ALUR 2014 on the
  délais de grâce and the end of the winter truce) are not modelled: acts older than
  2014 are not entered in the platform.
* A row with ``departement`` overrides the national row for that département
  (``RuleBook.get`` prefers it when it is in force on the date of the act).
* When the law changes: close the old row (``valid_to``), append the new one here, and
  add a data migration that calls ``seed_legal_rules`` again (it is idempotent; the key
  of a row is ``(code, departement, valid_from)``). Never edit a past row's values.
"""

import datetime

REFORM_2023 = datetime.date(2023, 7, 29)  # entry into force of loi n° 2023-668
HISTORIC = datetime.date(1989, 7, 8)  # publication of loi n° 89-462

LOI_1989 = "Loi n° 89-462 du 6 juillet 1989"
LOI_2023 = "loi n° 2023-668 du 27 juillet 2023"
CPCE = "Code des procédures civiles d'exécution"

# Départements an override row needs, created if the territories are not loaded yet
# (the territory loader uses update_or_create, so it completes them later).
DEPARTEMENTS = [{"code": "93", "name": "Seine-Saint-Denis", "region_code": "11"}]


def _row(code, label, value, unit, valid_from, valid_to, legal_basis, short_basis, dep=None):
    return {
        "code": code,
        "label": label,
        "value": value,
        "unit": unit,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "legal_basis": legal_basis,
        "short_basis": short_basis,
        "departement": dep,
    }


_CLAUSE = "Délai d'acquisition de la clause résolutoire après le commandement de payer"
_PREFET = "Délai minimal entre la notification de l'assignation au préfet et l'audience"
_GRACE_MIN = "Durée minimale des délais accordés par le juge pour quitter les lieux"
_GRACE_MAX = "Durée maximale des délais accordés par le juge pour quitter les lieux"
_SEUIL_MOIS = "Seuil de signalement du commandement de payer à la CCAPEX : mois d'impayés"
_SEUIL_LOYERS = "Seuil de signalement du commandement de payer à la CCAPEX : dette en loyers"
_SEUIL_BASIS = (
    f"{LOI_1989}, art. 24 I et décret n° 2015-1384 du 30 octobre 2015 "
    f"(seuil national depuis la {LOI_2023})"
)
_ARRETE_93 = "Arrêté préfectoral n° 2019-0975 du 16 avril 2019"
_ARRETE_93_FROM = datetime.date(2019, 4, 16)

# fmt: off
RULES: list[dict] = [
    # Clause résolutoire: 2 months, then 6 weeks after the CDP.
    _row(
        "CLAUSE_RESOLUTOIRE_DELAI", _CLAUSE, 2, "MONTHS", HISTORIC, REFORM_2023,
        f"{LOI_1989}, art. 24 I", "Loi 1989 art. 24 I",
    ),
    _row(
        "CLAUSE_RESOLUTOIRE_DELAI", _CLAUSE, 6, "WEEKS", REFORM_2023, None,
        f"{LOI_1989}, art. 24 I (modifié par {LOI_2023})", "Loi 1989 art. 24 I",
    ),
    # Notification of the assignation to the préfet before the hearing.
    _row(
        "ASSIGNATION_NOTIFICATION_PREFET", _PREFET, 2, "MONTHS", HISTORIC, REFORM_2023,
        f"{LOI_1989}, art. 24 III", "Loi 1989 art. 24 III",
    ),
    _row(
        "ASSIGNATION_NOTIFICATION_PREFET", _PREFET, 6, "WEEKS", REFORM_2023, None,
        f"{LOI_1989}, art. 24 III (modifié par {LOI_2023})", "Loi 1989 art. 24 III",
    ),
    # Eviction possible 2 months after the commandement de quitter les lieux.
    _row(
        "CQL_EXPULSION_DELAI",
        "Délai entre le commandement de quitter les lieux et l'expulsion",
        2, "MONTHS", HISTORIC, None, f"{CPCE}, art. L412-1", "CPCE L412-1",
    ),
    # Délais de grâce granted by the judge to leave the premises.
    _row(
        "DELAIS_GRACE_MIN", _GRACE_MIN, 3, "MONTHS", HISTORIC, REFORM_2023,
        f"{CPCE}, art. L412-3 et L412-4", "CPCE L412-3 et L412-4",
    ),
    _row(
        "DELAIS_GRACE_MIN", _GRACE_MIN, 1, "MONTHS", REFORM_2023, None,
        f"{CPCE}, art. L412-3 et L412-4 (modifiés par {LOI_2023})", "CPCE L412-3 et L412-4",
    ),
    _row(
        "DELAIS_GRACE_MAX", _GRACE_MAX, 36, "MONTHS", HISTORIC, REFORM_2023,
        f"{CPCE}, art. L412-3 et L412-4", "CPCE L412-3 et L412-4",
    ),
    _row(
        "DELAIS_GRACE_MAX", _GRACE_MAX, 12, "MONTHS", REFORM_2023, None,
        f"{CPCE}, art. L412-3 et L412-4 (modifiés par {LOI_2023})", "CPCE L412-3 et L412-4",
    ),
    # Winter truce: 1 November to 31 March inclusive (MMDD).
    _row(
        "TREVE_DEBUT", "Premier jour de la trêve hivernale", 1101, "MONTH_DAY", HISTORIC, None,
        f"{CPCE}, art. L412-6", "CPCE L412-6",
    ),
    _row(
        "TREVE_FIN", "Dernier jour de la trêve hivernale", 331, "MONTH_DAY", HISTORIC, None,
        f"{CPCE}, art. L412-6", "CPCE L412-6",
    ),
    # The préfet decides on the requisition within 2 months; silence means refusal.
    _row(
        "CFP_DECISION_DELAI",
        "Délai de décision du préfet sur la réquisition de la force publique "
        "(le silence vaut refus)",
        2, "MONTHS", HISTORIC, None, f"{CPCE}, art. R153-1", "CPCE R153-1",
    ),
    # Threshold above which a private landlord's CDP is reported to the CCAPEX.
    _row(
        "CDP_SIGNALEMENT_SEUIL_MOIS", _SEUIL_MOIS, 2, "MONTHS", REFORM_2023, None,
        _SEUIL_BASIS, "Loi 1989 art. 24 I",
    ),
    _row(
        "CDP_SIGNALEMENT_SEUIL_LOYERS", _SEUIL_LOYERS, 2, "RENT_MULTIPLE", REFORM_2023, None,
        _SEUIL_BASIS, "Loi 1989 art. 24 I",
    ),
    _row(
        "CDP_SIGNALEMENT_SEUIL_MOIS", _SEUIL_MOIS, 6, "MONTHS", _ARRETE_93_FROM, REFORM_2023,
        _ARRETE_93, "Arrêté préfectoral 93 n° 2019-0975", dep="93",
    ),
    _row(
        "CDP_SIGNALEMENT_SEUIL_LOYERS", _SEUIL_LOYERS, 6, "RENT_MULTIPLE", _ARRETE_93_FROM,
        REFORM_2023, _ARRETE_93, "Arrêté préfectoral 93 n° 2019-0975", dep="93",
    ),
    # A social landlord refers the household to the CCAPEX 2 months before summoning.
    _row(
        "SAISINE_BAILLEUR_SOCIAL_DELAI",
        "Délai minimal entre la saisine de la CCAPEX par le bailleur social et l'assignation",
        2, "MONTHS", HISTORIC, None, f"{LOI_1989}, art. 24 II", "Loi 1989 art. 24 II",
    ),
]
# fmt: on


def seed_legal_rules(*, legal_rule_model, departement_model, rules: list[dict] = RULES) -> int:
    """Create or update the rule rows; return how many were created.

    Idempotent: a row is identified by ``(code, departement, valid_from)``; running it
    again updates the values in place and creates nothing. Takes the model classes as
    arguments so that a migration can pass its historical models.
    """
    needed = {row["departement"] for row in rules if row["departement"]}
    for dep in DEPARTEMENTS:
        if dep["code"] in needed:
            departement_model.objects.get_or_create(
                code=dep["code"], defaults={"name": dep["name"], "region_code": dep["region_code"]}
            )
    created = 0
    for row in rules:
        values = {k: v for k, v in row.items() if k not in {"code", "departement", "valid_from"}}
        _, was_created = legal_rule_model.objects.update_or_create(
            code=row["code"],
            departement_id=row["departement"],
            valid_from=row["valid_from"],
            defaults=values,
        )
        created += was_created
    return created
