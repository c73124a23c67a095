from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "prevex.core"
    verbose_name = "Référentiel (territoires, tâches de fond)"
    label = "core"

    def ready(self) -> None:
        from .converters import IdConverter

        # Before any URL module is imported: every route's ids use it.
        register_converter(IdConverter, "id")

        from . import jobs

        jobs.connect()  # background jobs recorded in JobRun (admin)
