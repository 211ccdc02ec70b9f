from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "parvaipret.dialogue"
    label = "dialogue"
