from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "prevex.matching"
    verbose_name = "Rapprochement des ménages"
    label = "matching"
