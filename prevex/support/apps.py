from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "prevex.support"
    label = "support"
    verbose_name = "Suivi et accompagnement"

    def ready(self) -> None:
        # Declares the follow-up field group in the access gate (a registry).
        from prevex.audit.labels import register

        from . import groups  # noqa: F401

        # The French names of the follow-up's objects in the history of writes.
        register(
            {
                "SUIVI_CONTACT": "Contact du suivi",
                "DSF": "Diagnostic social et financier",
                "DISPOSITIF": "Dispositif",
                "TACHE": "Tâche",
                "PLAN_APUREMENT": "Plan d'apurement",
                "ORIENTATION": "Orientation",
            }
        )
