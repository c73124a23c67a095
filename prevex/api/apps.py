from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "prevex.api"
    verbose_name = "API des partenaires"
    label = "api"
