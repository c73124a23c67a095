from django.apps import AppConfig


class CommissionsConfig(AppConfig):
    name = "prevex.commissions"
    label = "commissions"
    verbose_name = "Commissions (CCAPEX, CLIL, COMEX)"
