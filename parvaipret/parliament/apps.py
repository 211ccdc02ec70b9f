from django.apps import AppConfig


class ParliamentConfig(AppConfig):
    name = "parvaipret.parliament"
    label = "parliament"
