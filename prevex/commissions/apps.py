from django.apps import AppConfig


class CommissionsConfig(AppConfig):
    name = "prevex.commissions"
    label = "commissions"
    verbose_name = "Commissions (CCAPEX, CLIL, COMEX)"

    def ready(self) -> None:
        # Declares what a merge of two household files does to their commission rows.
        from . import merging  # noqa: F401
