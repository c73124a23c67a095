from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "prevex.audit"
    label = "audit"
    verbose_name = "Journaux (accès et modifications)"

    def ready(self) -> None:
        from .db import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="prevex-audit-purge")
