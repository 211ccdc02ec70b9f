"""Pages rendered ahead of visitors, so their cached fragments are filled before anyone asks.

After an ingest the cache keys of the pages that show votes change; the first visitor of each
vote and deputy page would render it from scratch (2.5–3.5 times a cached view). A worker renders
them instead, each in every language, through the site's own WSGI handler (every middleware,
as an anonymous visitor over HTTPS), and throws the bytes away.

Only worth it when the cache is shared with the web processes (Redis): with a per-process
cache (development's local memory) nothing is rendered.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WarmReport:
    rendered: int
    failed: int
    skipped: bool = False


def cache_is_shared() -> bool:
    """Whether what a worker puts in the cache reaches the web processes."""
    return not isinstance(caches["default"], LocMemCache)


def pages_render(paths: Iterable[str], *, force: bool = False) -> WarmReport:
    """GET each path (language prefix included) as an anonymous visitor; count the 200s.

    ``force`` renders even with a per-process cache (tests). A page that fails is logged and
    counted; the others are still rendered.
    """
    if not force and not cache_is_shared():
        return WarmReport(rendered=0, failed=0, skipped=True)
    handler = WSGIHandler()
    rendered = failed = 0
    with _connection_kept():
        for path in paths:
            status = _get(handler, path)
            if status == 200:
                rendered += 1
            else:
                failed += 1
                logger.warning("pages_render: %s answered %s", path, status)
    return WarmReport(rendered=rendered, failed=failed)


@contextlib.contextmanager
def _connection_kept() -> Iterator[None]:
    """The renders use the caller's database connection. Django's per-request housekeeping
    (``close_old_connections`` on ``request_started`` and ``request_finished``) would close it,
    and with it any transaction the caller holds; the Celery worker already closes its
    connections around each task. Signals are per process: not for a threaded web server."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def localized_paths(name: str, args_list: Iterable[tuple] = ((),)) -> list[str]:
    """The URL of view ``name`` for each args tuple, in every language of the site."""
    args_list = list(args_list)
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.extend(reverse(name, args=args) for args in args_list)
    return paths


def _host() -> str:
    """A host name the site accepts (ALLOWED_HOSTS), for the requests' Host header."""
    for host in settings.ALLOWED_HOSTS:
        if host == "*":
            return "localhost"
        if host.startswith("."):
            return host[1:]
        return host
    return "localhost"


def _get(handler: WSGIHandler, path: str) -> int:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": _host(),
        "SERVER_PORT": "443",
        "HTTP_HOST": _host(),
        "HTTP_ACCEPT": "text/html",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTPS": "on",
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if header:
        environ[header[0]] = header[1]
    statuses: list[str] = []
    body = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        for _chunk in body:
            pass
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    return int(statuses[0].split()[0]) if statuses else 0
