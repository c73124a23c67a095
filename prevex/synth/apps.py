from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "prevex.synth"
    verbose_name = "Données synthétiques"
    label = "synth"
