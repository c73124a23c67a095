from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "prevex.households"
    verbose_name = "Ménages"
    label = "households"

    def ready(self) -> None:
        from prevex.core.nav import nav_rule

        from .perms import can_create_household_type

        # « Nouveau ménage » only for the organisations the page accepts.
        nav_rule(
            "create", lambda organisation_type, role: can_create_household_type(organisation_type)
        )
