from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "prevex.accounts"
    label = "accounts"
