"""The Celery app and the whole beat schedule, in one place."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("parvaipret")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every scheduled job of the project. Times are Europe/Riga (CELERY_TIMEZONE).
app.conf.beat_schedule: dict[str, dict] = {
    # Mondays 08:00: each subscribed verified deputy gets the public positions awaiting a response.
    "dialogue.digests_send": {
        "task": "dialogue.digests_send",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),  # 0 8 * * 1
    },
    # Thursdays 23:30: the day's plenary sitting from titania (vote pages serve data same day).
    "ingest.votes_sync.thursday-night": {
        "task": "ingest.votes_sync",
        "schedule": crontab(minute=30, hour=23, day_of_week="thu"),  # 30 23 * * 4
        "kwargs": {"source": "titania"},
    },
    # Fridays 07:00: again, plus the data.gov.lv XML files (published about a day after).
    "ingest.votes_sync.friday-morning": {
        "task": "ingest.votes_sync",
        "schedule": crontab(minute=0, hour=7, day_of_week="fri"),  # 0 7 * * 5
        "kwargs": {"source": "both"},
    },
    # Daily 05:00: the DepWeb deputies view (faction changes, substitutes).
    "ingest.deputies_sync": {
        "task": "ingest.deputies_sync",
        "schedule": crontab(minute=0, hour=5),  # 0 5 * * *
    },
    # Daily 08:00 (after Friday's 07:00 votes): bill and decision cards named by the last 14 days'
    # roll calls and of every bill still on its way, and the agendas' outcome labels. New stages
    # are e-mailed to their followers (legislation.notify_followers, queued by the ingest).
    "ingest.bills_sync": {
        "task": "ingest.bills_sync",
        "schedule": crontab(minute=0, hour=8),  # 0 8 * * *
    },
    # Daily 06:30: the ManaBalss.lv pages of the initiatives we hold (signatures, status line).
    "ingest.initiatives_sync": {
        "task": "ingest.initiatives_sync",
        "schedule": crontab(minute=30, hour=6),  # 30 6 * * *
    },
    # Daily 04:30: the bulk open-data exports, as a backstop; each ingest also triggers them.
    "insights.exports_rebuild": {
        "task": "insights.exports_rebuild",
        "schedule": crontab(minute=30, hour=4),  # 30 4 * * *
    },
}
