from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "prevex.matching"
    label = "matching"
