from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "prevex.core"
    label = "core"
