from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    """Data lifecycle: retention, backups, data-subject requests (no models)."""

    name = "prevex.lifecycle"
    verbose_name = "Cycle de vie des données"
    label = "lifecycle"
