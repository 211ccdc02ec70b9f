from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "parvaipret.core"
    label = "core"
