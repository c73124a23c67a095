from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "prevex.intake"
    verbose_name = "Imports"
    label = "intake"
