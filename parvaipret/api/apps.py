from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "parvaipret.api"
    label = "api"
