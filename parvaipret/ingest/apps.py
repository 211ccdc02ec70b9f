from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "parvaipret.ingest"
    label = "ingest"
