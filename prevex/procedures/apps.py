from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "prevex.procedures"
    label = "procedures"
    verbose_name = "Procédures"

    def ready(self) -> None:
        # Cache invalidation only (no business effect): a changed legal rule must be
        # seen by the next RuleBook.
        from django.db.models.signals import post_delete, post_save

        from . import household_facts, merging  # noqa: F401 (register their steps)
        from .models import LegalRule
        from .rules import rule_changed

        post_save.connect(rule_changed, sender=LegalRule, dispatch_uid="legal_rule_saved")
        post_delete.connect(rule_changed, sender=LegalRule, dispatch_uid="legal_rule_deleted")
