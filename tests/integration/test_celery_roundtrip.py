"""A real Celery worker on the real Redis broker: a task sent, its result read back."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.redis
def test_task_round_trip_through_redis_worker():
    broker = os.environ.get("CELERY_BROKER_URL", "")
    assert broker.startswith("redis://"), "run with CELERY_BROKER_URL=redis://127.0.0.1:6379/0"
    queue = f"ci-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--loglevel=WARNING",
            "-n",
            f"{queue}@%h",
        ],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1"},
    )
    try:
        celery_app.conf.task_always_eager = False
        result = celery_app.send_task("core.ping", args=[21], queue=queue)
        payload = result.get(timeout=60)
        assert payload["value"] == 42
        assert payload["select"] == 1
    finally:
        worker.terminate()
        worker.wait(timeout=30)
