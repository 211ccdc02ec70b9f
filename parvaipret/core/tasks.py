from django.db import connection

from celery import shared_task


@shared_task(name="core.ping")
def ping(value: int) -> dict:
    """A round trip through the broker: the worker answers with its database vendor."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"value": value * 2, "database": connection.vendor, "select": one}
