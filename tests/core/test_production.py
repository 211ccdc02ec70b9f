"""The production shape: security settings with DEBUG off, CSP nonces, a clean 503 while the
database is away, a cache that fails open while Redis is away, gunicorn and serve_prod settings."""

from __future__ import annotations

import json
import os
import re
import runpy
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import OperationalError, connection
from django.template import RequestContext, Template
from django.test import Client, RequestFactory

import plotly.graph_objects as go
import psycopg
import pytest

from config import serve_prod
from dashboards.render import figure_html
from parvaipret.core.cache import ResilientRedisCache
from parvaipret.core.middleware import (
    DB_UNAVAILABLE_MESSAGE,
    build_policy,
    is_database_unavailable,
)
from parvaipret.core.ratelimit import rate_limit_hit
from parvaipret.core.templatetags.csp import add_nonce

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT = 1  # nothing listens on tcpmux here: connections are refused at once


def _run_settings(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "SECRET_KEY", "DEBUG")
    }
    base.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True
    )


def _settings_json(env: dict[str, str], names: list[str]) -> dict:
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}, default=str))"
    )
    result = _run_settings(env, code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _as_django(error: Exception) -> OperationalError:
    """The driver's error as Django raises it (django.db.utils.DatabaseErrorWrapper)."""
    exc = OperationalError(*error.args)
    exc.__cause__ = error
    return exc


def _refused_connection_error() -> OperationalError:
    """A real psycopg connection refusal, wrapped by Django as every backend call is."""
    with pytest.raises(psycopg.OperationalError) as refused:
        psycopg.connect(f"host=127.0.0.1 port={CLOSED_PORT} dbname=x connect_timeout=2")
    return _as_django(refused.value)


# --- security settings -------------------------------------------------------------------------

SECURITY_NAMES = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
]


def test_security_settings_are_on_when_debug_is_off(tmp_path):
    values = _settings_json(
        {"DEBUG": "0", "SECRET_KEY": "k" * 60, "DATA_DIR": str(tmp_path)}, SECURITY_NAMES
    )
    assert values == {
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": False,  # TLS ends at the proxy: turned on there (deployment.md)
    }


def test_security_settings_are_off_in_development(tmp_path):
    values = _settings_json({"DEBUG": "1", "DATA_DIR": str(tmp_path)}, SECURITY_NAMES)
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False


@pytest.mark.slow
def test_check_deploy_is_clean_with_the_documented_production_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL")},
            "DEBUG": "0",
            "SECRET_KEY": "p9Vx-" + "Q7m2Lk4Zr8Tn6Wb3Hs5Jd1Fg0Ye" * 3,
            "SECURE_SSL_REDIRECT": "1",
            "ALLOWED_HOSTS": "parvaipret.lv",
            "DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_pages_carry_hsts_and_secure_cookies_over_https(client):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response.cookies["csrftoken"]["secure"] is True


# --- Content-Security-Policy -------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_carry_a_csp_whose_nonce_is_the_templates_nonce(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    nonce = str(response.wsgi_request.csp_nonce)
    assert len(nonce) >= 16
    assert f"script-src 'self' 'nonce-{nonce}'" in policy
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response.context["csp_nonce"] == response.wsgi_request.csp_nonce


@pytest.mark.django_db
def test_each_request_gets_its_own_nonce(client):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert re.search(r"'nonce-([^']+)'", first)[1] != re.search(r"'nonce-([^']+)'", second)[1]


def test_api_docs_page_may_load_swagger_ui_from_its_cdn(client):
    response = client.get("/api/docs/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net" in policy
    assert "object-src 'none'" in policy


def test_build_policy_puts_the_nonce_where_the_settings_say():
    policy = build_policy({"default-src": ["'self'"], "script-src": ["'self'", "'nonce'"]}, "abc")
    assert policy == "default-src 'self'; script-src 'self' 'nonce-abc'"


def test_nonced_gives_every_script_of_a_plotly_fragment_the_nonce():
    fragment = figure_html(go.Figure(go.Bar(x=["JV", "NA"], y=[3, 5])), div_id="chart")
    assert "Plotly.newPlot" in fragment
    nonced = add_nonce(fragment, "n0nce")
    scripts = re.findall(r"<script[^>]*>", nonced)
    assert scripts
    assert all('nonce="n0nce"' in tag for tag in scripts)
    assert add_nonce(nonced, "n0nce") == nonced  # a tag that has a nonce is left alone


def test_nonced_tag_reads_the_request_nonce_in_a_template():
    request = RequestFactory().get("/")
    request.csp_nonce = "fromrequest"
    html = Template("{% load csp %}{% nonced chart %}").render(
        RequestContext(request, {"chart": "<div></div><script>Plotly.newPlot('x')</script>"})
    )
    assert html == "<div></div><script nonce=\"fromrequest\">Plotly.newPlot('x')</script>"


# --- database unavailable → 503 ----------------------------------------------------------------


def test_refused_postgres_connection_counts_as_unavailable():
    assert is_database_unavailable(_refused_connection_error())


def test_postgres_shutdown_counts_as_unavailable_but_a_cancelled_query_does_not():
    assert is_database_unavailable(_as_django(psycopg.errors.AdminShutdown("terminating")))
    assert is_database_unavailable(_as_django(psycopg.errors.CannotConnectNow("starting up")))
    assert not is_database_unavailable(_as_django(psycopg.errors.QueryCanceled("timeout")))


def test_sqlite_missing_table_is_a_bug_not_an_outage_but_a_locked_file_is_an_outage():
    with pytest.raises(sqlite3.OperationalError) as missing:
        sqlite3.connect(":memory:").execute("SELECT * FROM nowhere")
    assert not is_database_unavailable(_as_django(missing.value))
    assert is_database_unavailable(_as_django(sqlite3.OperationalError("database is locked")))


def test_view_answers_503_with_retry_after_when_the_database_refuses(monkeypatch):
    error = _refused_connection_error()

    def refuse() -> None:
        raise error

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    client = Client(raise_request_exception=False)
    page = client.get("/healthz")
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert DB_UNAVAILABLE_MESSAGE in page.content.decode()
    assert "Traceback" not in page.content.decode()
    api = client.get("/api/v1/deputies/")
    assert api.status_code == 503
    assert api.json() == {"detail": DB_UNAVAILABLE_MESSAGE, "code": "database_unavailable"}


class _ReadSessionMiddleware:
    """Reads the session before the view, as authentication does for a signed-in visitor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.session.get("anything")
        return self.get_response(request)


def test_outage_inside_an_inner_middleware_also_answers_503(monkeypatch, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "tests.core.test_production._ReadSessionMiddleware",
    ]
    error = _refused_connection_error()

    def refuse() -> None:
        raise error

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/healthz", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


@pytest.mark.slow
def test_gunicorn_with_postgres_down_answers_503_not_500(tmp_path):
    """A real gunicorn whose PostgreSQL refuses connections: pages and API give a clean 503."""
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "s" * 60,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/nothing",
        "DATA_DIR": str(tmp_path),
        "STATIC_MANIFEST": "0",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_PRELOAD": "0",
    }
    env.pop("CACHE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline and status is None:
            try:
                status, headers, body = _get(f"{base}/en/healthz")
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        assert status == 503
        assert headers["Retry-After"] == "5"
        assert DB_UNAVAILABLE_MESSAGE in body
        status, headers, body = _get(f"{base}/")
        assert (status, "Traceback" in body) == (503, False)
        assert headers["Content-Security-Policy"].startswith("default-src 'self'")
        status, headers, body = _get(f"{base}/api/v1/deputies/")
        assert status == 503
        assert json.loads(body)["code"] == "database_unavailable"
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert b"Internal Server Error" not in stderr
    assert b"database unavailable, answered 503: GET /en/healthz" in stderr


# --- cache fails open while Redis is away -------------------------------------------------------


def _dead_redis_cache() -> ResilientRedisCache:
    return ResilientRedisCache(
        f"redis://127.0.0.1:{CLOSED_PORT}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )


def test_resilient_cache_answers_like_an_empty_cache_while_redis_is_down():
    cache = _dead_redis_cache()
    assert cache.get("k", "default") == "default"
    assert cache.add("k", 1) is False
    assert cache.set("k", 1) is None
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError, match="not found"):
        cache.incr("k")


def test_rate_limit_lets_actions_through_while_redis_is_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "parvaipret.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    results = [rate_limit_hit(scope="answer", identity="ip:127.0.0.1", rate="1/m") for _ in "ab"]
    assert [r.allowed for r in results] == [True, True]


def test_resilient_cache_reuses_one_redis_client_per_server():
    cache = _dead_redis_cache()  # building a client does not connect

    clients = {id(cache._cache.get_client(write=write)) for write in (False, True, False)}

    assert len(clients) == 1


@pytest.mark.redis
def test_resilient_cache_works_normally_with_redis_up():
    broker = os.environ["CELERY_BROKER_URL"]
    cache = ResilientRedisCache(broker.rsplit("/", 1)[0] + "/15", {"KEY_PREFIX": "pvp-h10-test"})
    cache.delete("counter")
    assert cache.add("counter", 0, timeout=30) is True
    assert cache.incr("counter") == 1
    assert cache.get("counter") == 1
    cache.delete("counter")


def test_settings_choose_the_resilient_cache_for_redis_urls(tmp_path):
    values = _settings_json(
        {"DEBUG": "1", "DATA_DIR": str(tmp_path), "CACHE_URL": "redis://127.0.0.1:6379/1"},
        ["CACHES"],
    )
    assert values["CACHES"]["default"]["BACKEND"] == "parvaipret.core.cache.ResilientRedisCache"
    assert values["CACHES"]["default"]["OPTIONS"]["socket_timeout"] == 0.5


# --- gunicorn and serve_prod -------------------------------------------------------------------


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    monkeypatch.delenv("GUNICORN_CONTROL_SOCKET", raising=False)
    conf = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    assert (conf["workers"], conf["threads"], conf["worker_class"]) == (3, 4, "gthread")
    assert conf["bind"] == "127.0.0.1:9123"
    assert conf["control_socket_disable"] is True


def test_gunicorn_defaults_to_two_sync_workers_per_core(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "PORT", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    assert conf["workers"] == 2 * os.cpu_count()
    assert (conf["worker_class"], conf["bind"]) == ("sync", "127.0.0.1:8000")


def test_serve_prod_keeps_one_generated_secret_key_in_the_data_dir(tmp_path):
    first = serve_prod.shape_from_environment({"DATA_DIR": str(tmp_path)})
    second = serve_prod.shape_from_environment({"DATA_DIR": str(tmp_path)})
    assert len(first.env["SECRET_KEY"]) >= 50
    assert first.env["SECRET_KEY"] == second.env["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert first.env["DATABASE_URL"] == "postgres://postgres@127.0.0.1:5432/parvaipret"
    assert first.env["DEBUG"] == "0"


def test_serve_prod_runs_web_worker_and_beat_as_separate_processes(tmp_path):
    shape = serve_prod.shape_from_environment({"DATA_DIR": str(tmp_path), "PORT": "8123"})
    argv = serve_prod.commands(shape)
    assert sorted(argv) == ["beat", "web", "worker"]
    assert argv["web"][1:] == [
        "-m",
        "gunicorn",
        "-c",
        "config/gunicorn.py",
        "config.wsgi:application",
    ]
    assert argv["worker"][3:6] == ["-A", "config", "worker"]
    assert argv["beat"][3:6] == ["-A", "config", "beat"]
    assert shape.url == "http://127.0.0.1:8123"
    assert serve_prod.running(shape) == {}


def test_the_wsgi_module_warms_up_what_a_first_request_would_without_the_database():
    """Gunicorn's master imports config.wsgi before forking: the URLconf, every language's
    catalogue and reverse table and the templates are ready in each worker, and no database
    connection was opened to get there (a connection must never be shared across a fork)."""
    from django.db import connections
    from django.template.loader import get_template

    import config.wsgi

    for alias in connections:
        connections[alias].close()

    compiled = config.wsgi.warm_up()

    assert compiled > 50
    assert all(connections[alias].connection is None for alias in connections)
    assert get_template("base.html") is not None
