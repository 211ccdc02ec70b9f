from django.apps import AppConfig


class LegislationConfig(AppConfig):
    name = "parvaipret.legislation"
    label = "legislation"
