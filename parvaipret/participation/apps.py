from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "parvaipret.participation"
    label = "participation"
