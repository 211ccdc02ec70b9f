from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "parvaipret.insights"
    label = "insights"
