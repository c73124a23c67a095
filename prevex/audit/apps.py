from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "prevex.audit"
    label = "audit"
