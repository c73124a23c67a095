from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "prevex.core"
    label = "core"

    def ready(self) -> None:
        from . import jobs

        jobs.connect()  # background jobs recorded in JobRun (admin)
