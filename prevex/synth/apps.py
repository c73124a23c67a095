from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "prevex.synth"
    label = "synth"
