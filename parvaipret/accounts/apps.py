from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "parvaipret.accounts"
    label = "accounts"
