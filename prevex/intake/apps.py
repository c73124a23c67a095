from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "prevex.intake"
    label = "intake"
