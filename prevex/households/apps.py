from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "prevex.households"
    label = "households"
