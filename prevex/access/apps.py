from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "prevex.access"
    label = "access"
    verbose_name = "Accès aux dossiers"
