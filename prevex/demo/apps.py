from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "prevex.demo"
    verbose_name = "Démonstration"
    label = "demo"
