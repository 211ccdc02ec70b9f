"""Configuration comes from the environment; production refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "print(json.dumps({'db': settings.DATABASES['default']['ENGINE'],"
        "'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'lang': settings.LANGUAGE_CODE,"
        "'langs': [c for c, _ in settings.LANGUAGES], 'hosts': settings.ALLOWED_HOSTS}))"
    )
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    base.pop("SECRET_KEY", None)
    base.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True
    )


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off(tmp_path):
    result = _settings({"DEBUG": "0", "DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_default_to_sqlite_eager_celery_and_latvian(tmp_path):
    result = _settings({"DEBUG": "1", "DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert '"db": "django.db.backends.sqlite3"' in result.stdout
    assert '"eager": true' in result.stdout
    assert '"lang": "lv"' in result.stdout
    assert '"langs": ["lv", "en", "ru"]' in result.stdout


def test_settings_switch_to_postgres_and_broker_from_environment(tmp_path):
    result = _settings(
        {
            "SECRET_KEY": "x" * 50,
            "DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/anything",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
            "ALLOWED_HOSTS": "parvaipret.lv,www.parvaipret.lv",
        }
    )
    assert result.returncode == 0, result.stderr
    assert '"db": "django.db.backends.postgresql"' in result.stdout
    assert '"eager": false' in result.stdout
    assert '"hosts": ["parvaipret.lv", "www.parvaipret.lv"]' in result.stdout
