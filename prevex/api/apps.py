from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "prevex.api"
    label = "api"
