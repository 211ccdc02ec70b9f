"""Gunicorn settings, every knob from the environment: ``gunicorn -c config/gunicorn.py config.wsgi``.

| variable | default | meaning |
|---|---|---|
| ``HOST`` / ``PORT`` (or ``GUNICORN_BIND``) | ``127.0.0.1`` / ``8000`` | where to listen |
| ``WEB_CONCURRENCY`` | 2 × cores | worker processes |
| ``GUNICORN_THREADS`` | ``1`` | threads per worker; above 1 the ``gthread`` worker (keep-alive) |
| ``GUNICORN_TIMEOUT`` | ``30`` | seconds before a stuck worker is killed and replaced |
| ``GUNICORN_GRACEFUL_TIMEOUT`` | ``20`` | seconds a worker gets to finish its requests on shutdown |
| ``GUNICORN_KEEPALIVE`` | ``5`` | seconds an idle keep-alive connection stays open (gthread) |
| ``GUNICORN_MAX_REQUESTS`` | ``2000`` | a worker is recycled after about this many requests (0: never) |
| ``GUNICORN_ACCESS_LOG`` | empty (off) | ``-`` for stdout, or a file path |
| ``GUNICORN_PRELOAD`` | ``1`` | import the app once before forking (faster start, shared memory) |
| ``FORWARDED_ALLOW_IPS`` | ``127.0.0.1`` | proxies whose ``X-Forwarded-*`` headers gunicorn trusts |
| ``GUNICORN_CONTROL_SOCKET`` | empty (off) | path of gunicorn's control socket (``gunicornc``) |
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND") or (
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count())
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") not in ("0", "false", "False", "")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
proc_name = "parvaipret-web"
# One control socket per server: off unless a path is given (serve_prod puts it under DATA_DIR).
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
