from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "prevex.procedures"
    label = "procedures"
