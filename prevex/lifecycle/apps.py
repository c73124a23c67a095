from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    """Data lifecycle: retention, backups, data-subject requests (no models)."""

    name = "prevex.lifecycle"
    label = "lifecycle"
