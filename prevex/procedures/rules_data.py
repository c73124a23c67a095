"""The national legal rules (and known département overrides), as plain data.

Imported by the data migration ``0002_seed_legal_rules`` through
``seed_legal_rules(legal_rule_model=..., departement_model=...)``, which receives the
historical models from ``apps.get_model`` (migrations never import live models).

Conventions:

* ``valid_to`` is exclusive: a rule applies when its selecting date (``selected_by``:
  the act's date, the lease's date, the hearing's date) is ``valid_from <= date < valid_to``.
* The earliest row starts on 8 July 1989 (publication of the loi n° 89-462); every change
  of the truce and grâce rules since then is modelled (loi MOLLE 2009, codification in the
  CPCE on 1 June 2012, loi ALUR 2014, loi 2023-668). Acts dated before the earliest rule
  are refused (``rules.earliest_rule_date``).
* ``direction``: ``APRES`` (counted forward from the act) or ``AVANT`` (counted back from
  the hearing); ``working_days``: an end on a Saturday, Sunday or public holiday moves
  (CPC art. 642), see docs/decisions/2026-12-01-working-days-and-a-partir-du.md.
* A row with ``departement`` overrides the national row for that département
  (``RuleBook.get`` prefers it when it is in force on the selecting date).
* When the law changes: close the old row (``valid_to``), append the new one here, and
  add a data migration that calls ``seed_legal_rules`` again (it is idempotent; the key
  of a row is ``(code, departement, valid_from)``). Never edit a past row's values.
"""

import datetime

REFORM_2023 = datetime.date(2023, 7, 29)  # entry into force of loi n° 2023-668
HISTORIC = datetime.date(1989, 7, 8)  # publication of loi n° 89-462
MOLLE_2009 = datetime.date(2009, 3, 28)  # entry into force of loi n° 2009-323 (MOLLE)
CPCE_2012 = datetime.date(2012, 6, 1)  # ordonnance n° 2011-1895: the CPCE replaces the CCH
ALUR_2014 = datetime.date(2014, 3, 27)  # entry into force of loi n° 2014-366 (ALUR)
# Loi ALUR, art. 27 (art. 24 II of the 1989 law): the social landlord's referral to the
# CCAPEX two months before the assignation applies « à compter du 1er janvier 2015 ».
SAISINE_2015 = datetime.date(2015, 1, 1)
# Loi n° 98-657 du 29 juillet 1998 (lutte contre les exclusions), published on 31 July
# 1998: the social inquiry the préfet orders after the assignation, sent to the judge
# before the hearing (art. 24 III of the 1989 law; the « diagnostic social et financier »
# since the loi ALUR, its content set by décret n° 2021-8).
EXCLUSIONS_1998 = datetime.date(1998, 7, 31)
# The two health-emergency winters: the truce that began on these days was extended by
# ordonnance (the row covers the whole truce season it changed, from its first day).
TRUCE_2019 = datetime.date(2019, 11, 1)  # truce 2019-2020: to 10 July 2020
TRUCE_2020 = datetime.date(2020, 11, 1)  # truce 2020-2021: to 31 May 2021
TRUCE_2021 = datetime.date(2021, 11, 1)  # back to 31 March

LOI_1989 = "Loi n° 89-462 du 6 juillet 1989"
LOI_2023 = "loi n° 2023-668 du 27 juillet 2023"
CPCE = "Code des procédures civiles d'exécution"
CCH = "Code de la construction et de l'habitation"
MOLLE = "loi n° 2009-323 du 25 mars 2009 (MOLLE)"
ALUR = "loi n° 2014-366 du 24 mars 2014 (ALUR)"

# Départements an override row needs, created if the territories are not loaded yet
# (the territory loader uses update_or_create, so it completes them later).
DEPARTEMENTS = [{"code": "93", "name": "Seine-Saint-Denis", "region_code": "11"}]


def _row(
    code, label, value, unit, valid_from, valid_to, legal_basis, short_basis, dep=None,
    *, selected_by="ACTE", direction="APRES", working_days=True,
):  # fmt: skip
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
        "selected_by": selected_by,
        "direction": direction,
        "working_days": working_days,
    }


_CLAUSE = "Délai d'acquisition de la clause résolutoire après le commandement de payer"
_PREFET = "Délai minimal entre la notification de l'assignation au préfet et l'audience"
_DSF = "Transmission du diagnostic social et financier au juge avant l'audience"
_GRACE_MIN = "Durée minimale des délais accordés par le juge pour quitter les lieux"
_GRACE_MAX = "Durée maximale des délais accordés par le juge pour quitter les lieux"
_PAIEMENT_MAX = "Durée maximale des délais de paiement accordés par un jugement conditionnel"
_TREVE_DEBUT = "Premier jour de la trêve hivernale"
_SAISINE = (
    "Délai minimal entre la saisine de la CCAPEX par le bailleur personne morale et l'assignation"
)
_TREVE_FIN = "Dernier jour de la trêve hivernale"
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
    # Clause résolutoire: 2 months, then 6 weeks after the CDP, chosen by the date of the
    # lease (Cass. 3e civ., avis du 13 juin 2024, n° 24-70.002: the 2023 delay applies only
    # to leases concluded or renewed from 29 July 2023).
    _row(
        "CLAUSE_RESOLUTOIRE_DELAI", _CLAUSE, 2, "MONTHS", HISTORIC, REFORM_2023,
        f"{LOI_1989}, art. 24 I ; Cass. avis n° 24-70.002 du 13 juin 2024",
        "Loi 1989 art. 24 I", selected_by="BAIL",
    ),
    _row(
        "CLAUSE_RESOLUTOIRE_DELAI", _CLAUSE, 6, "WEEKS", REFORM_2023, None,
        f"{LOI_1989}, art. 24 I (modifié par {LOI_2023}) ; Cass. avis n° 24-70.002",
        "Loi 1989 art. 24 I", selected_by="BAIL",
    ),
    # Notification of the assignation to the préfet before the hearing.
    _row(
        "ASSIGNATION_NOTIFICATION_PREFET", _PREFET, 2, "MONTHS", HISTORIC, REFORM_2023,
        f"{LOI_1989}, art. 24 III", "Loi 1989 art. 24 III", direction="AVANT",
    ),
    _row(
        "ASSIGNATION_NOTIFICATION_PREFET", _PREFET, 6, "WEEKS", REFORM_2023, None,
        f"{LOI_1989}, art. 24 III (modifié par {LOI_2023})", "Loi 1989 art. 24 III",
        direction="AVANT",
    ),
    # The DSF (social inquiry before the loi ALUR) is sent to the judge « avant
    # l'audience »: at the latest the last working day before it (1 day back, moved to the
    # previous working day: a Monday hearing gives the Friday before). Selected by the
    # hearing's date. docs/decisions/2026-12-06-dsf-before-hearing-rule.md
    _row(
        "DSF_TRANSMISSION", _DSF, 1, "DAYS", EXCLUSIONS_1998, None,
        f"{LOI_1989}, art. 24 III (loi n° 98-657 ; DSF depuis la {ALUR} ; "
        "décret n° 2021-8) : transmis au juge avant l'audience",
        "Loi 1989 art. 24 III", selected_by="AUDIENCE", direction="AVANT",
    ),
    # Eviction possible 2 months after the commandement de quitter les lieux.
    _row(
        "CQL_EXPULSION_DELAI",
        "Délai entre le commandement de quitter les lieux et l'expulsion",
        2, "MONTHS", HISTORIC, None, f"{CPCE}, art. L412-1", "CPCE L412-1",
    ),
    # Délais de grâce granted by the judge to leave the premises: 3 months–3 years (CCH
    # L613-1), 1 month–1 year (MOLLE), the same bounds moved to the CPCE, 3 months–3 years
    # (ALUR), 1 month–1 year (2023). Selected by the date of the decision granting them.
    *[
        row
        for low, high, start, end, basis, short in [
            (3, 36, HISTORIC, MOLLE_2009, f"{CCH}, art. L613-1", "CCH L613-1"),
            (1, 12, MOLLE_2009, CPCE_2012, f"{CCH}, art. L613-1 (modifié par la {MOLLE})",
             "CCH L613-1"),
            (1, 12, CPCE_2012, ALUR_2014, f"{CPCE}, art. L412-3 et L412-4",
             "CPCE L412-3 et L412-4"),
            (3, 36, ALUR_2014, REFORM_2023,
             f"{CPCE}, art. L412-3 et L412-4 (modifiés par la {ALUR})", "CPCE L412-3 et L412-4"),
            (1, 12, REFORM_2023, None,
             f"{CPCE}, art. L412-3 et L412-4 (modifiés par la {LOI_2023})",
             "CPCE L412-3 et L412-4"),
        ]
        for row in (
            _row("DELAIS_GRACE_MIN", _GRACE_MIN, low, "MONTHS", start, end, basis, short),
            _row("DELAIS_GRACE_MAX", _GRACE_MAX, high, "MONTHS", start, end, basis, short),
        )
    ],
    # Payment delays of a conditional judgment: 2 years (C. civ. art. 1244-1, to which
    # art. 24 referred), 3 years since loi ALUR (art. 24 V).
    _row(
        "DELAIS_PAIEMENT_MAX", _PAIEMENT_MAX, 24, "MONTHS", HISTORIC, ALUR_2014,
        f"{LOI_1989}, art. 24 ; Code civil, art. 1244-1", "Loi 1989 art. 24 ; C. civ. 1244-1",
    ),
    _row(
        "DELAIS_PAIEMENT_MAX", _PAIEMENT_MAX, 36, "MONTHS", ALUR_2014, None,
        f"{LOI_1989}, art. 24 V (rédaction de la {ALUR})", "Loi 1989 art. 24 V",
    ),
    # Winter truce: 1 November to 15 March (CCH L613-3), in the CPCE from 1 June 2012
    # (L412-6), to 31 March since loi ALUR (MMDD, bounds inclusive).
    _row(
        "TREVE_DEBUT", _TREVE_DEBUT, 1101, "MONTH_DAY", HISTORIC, CPCE_2012,
        f"{CCH}, art. L613-3", "CCH L613-3", working_days=False,
    ),
    _row(
        "TREVE_DEBUT", _TREVE_DEBUT, 1101, "MONTH_DAY", CPCE_2012, None,
        f"{CPCE}, art. L412-6", "CPCE L412-6", working_days=False,
    ),
    _row(
        "TREVE_FIN", _TREVE_FIN, 315, "MONTH_DAY", HISTORIC, CPCE_2012,
        f"{CCH}, art. L613-3", "CCH L613-3", working_days=False,
    ),
    _row(
        "TREVE_FIN", _TREVE_FIN, 315, "MONTH_DAY", CPCE_2012, ALUR_2014,
        f"{CPCE}, art. L412-6", "CPCE L412-6", working_days=False,
    ),
    _row(
        "TREVE_FIN", _TREVE_FIN, 331, "MONTH_DAY", ALUR_2014, TRUCE_2019,
        f"{CPCE}, art. L412-6 (modifié par la {ALUR})", "CPCE L412-6", working_days=False,
    ),
    _row(
        "TREVE_FIN", _TREVE_FIN, 710, "MONTH_DAY", TRUCE_2019, TRUCE_2020,
        "Ordonnance n° 2020-331 du 25 mars 2020 (trêve prolongée au 31 mai 2020), puis "
        "ordonnance n° 2020-427 du 15 avril 2020 (au 10 juillet 2020)",
        "Ord. 2020-331 et 2020-427", working_days=False,
    ),
    _row(
        "TREVE_FIN", _TREVE_FIN, 531, "MONTH_DAY", TRUCE_2020, TRUCE_2021,
        "Ordonnance n° 2021-141 du 10 février 2021 (trêve prolongée au 31 mai 2021)",
        "Ord. 2021-141", working_days=False,
    ),
    _row(
        "TREVE_FIN", _TREVE_FIN, 331, "MONTH_DAY", TRUCE_2021, None,
        f"{CPCE}, art. L412-6 (modifié par la {ALUR})", "CPCE L412-6", working_days=False,
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
        _SEUIL_BASIS, "Loi 1989 art. 24 I", working_days=False,
    ),
    _row(
        "CDP_SIGNALEMENT_SEUIL_LOYERS", _SEUIL_LOYERS, 2, "RENT_MULTIPLE", REFORM_2023, None,
        _SEUIL_BASIS, "Loi 1989 art. 24 I", working_days=False,
    ),
    _row(
        "CDP_SIGNALEMENT_SEUIL_MOIS", _SEUIL_MOIS, 6, "MONTHS", _ARRETE_93_FROM, REFORM_2023,
        _ARRETE_93, "Arrêté préfectoral 93 n° 2019-0975", dep="93",
        working_days=False,
    ),
    _row(
        "CDP_SIGNALEMENT_SEUIL_LOYERS", _SEUIL_LOYERS, 6, "RENT_MULTIPLE", _ARRETE_93_FROM,
        REFORM_2023, _ARRETE_93, "Arrêté préfectoral 93 n° 2019-0975", dep="93",
        working_days=False,
    ),
    # A social landlord (every landlord that is a legal person other than a family SCI)
    # refers the household to the CCAPEX 2 months before summoning:
    # required since 1 January 2015 (loi ALUR); no delay before (no row: nothing to wait).
    # The act that selects the row is the assignation (« à compter du 1er janvier 2015 […]
    # ne peuvent faire délivrer […] une assignation »), see referral_delay.assignation_possible_from.
    _row(
        "SAISINE_BAILLEUR_SOCIAL_DELAI",
        _SAISINE,
        2, "MONTHS", SAISINE_2015, None, f"{LOI_1989}, art. 24 II (rédaction de la {ALUR})",
        "Loi 1989 art. 24 II",
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
    # A migration's historical model may predate some fields (0002 runs before 0007).
    known = {f.name for f in legal_rule_model._meta.get_fields()}
    created = 0
    for row in rules:
        values = {
            k: v
            for k, v in row.items()
            if k not in {"code", "departement", "valid_from"} and k in known
        }
        _, was_created = legal_rule_model.objects.update_or_create(
            code=row["code"],
            departement_id=row["departement"],
            valid_from=row["valid_from"],
            defaults=values,
        )
        created += was_created
    return created
