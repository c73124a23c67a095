from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "prevex.accounts"
    verbose_name = "Comptes et organisations"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import idle_clock_start

        user_logged_in.connect(idle_clock_start, dispatch_uid="prevex-idle-clock")
