from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "prevex.demo"
    label = "demo"
