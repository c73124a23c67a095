from django.apps import AppConfig


class CommissionsConfig(AppConfig):
    name = "prevex.commissions"
    label = "commissions"
    verbose_name = "Commissions (CCAPEX, CLIL, COMEX)"

    def ready(self) -> None:
        # Declares what a merge of two household files does to their commission rows.
        from prevex.audit.labels import register

        from . import merging  # noqa: F401

        # The French names of the commissions' objects in the history of writes.
        register(
            {
                "COMMISSION": "Commission",
                "SEANCE": "Séance de commission",
                "SAISINE": "Saisine de la commission",
                "ORDRE_DU_JOUR": "Inscription à l'ordre du jour",
                "FICHE_SYNTHESE": "Fiche de synthèse",
                "AVIS_COMMISSION": "Avis de la commission",
                "RECOMMANDATION": "Recommandation",
                "ISSUE_UN_AN": "Issue à un an",
                "DECISION_CFP": "Décision sur le concours de la force publique",
            }
        )
