from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "prevex.support"
    label = "support"
    verbose_name = "Suivi et accompagnement"

    def ready(self) -> None:
        # Declares the follow-up field group in the access gate (a registry).
        from . import groups  # noqa: F401
