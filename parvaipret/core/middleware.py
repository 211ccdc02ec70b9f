"""Production middleware: a clean 503 while the database is away, and the Content-Security-Policy.

``DatabaseUnavailableMiddleware`` turns the errors PostgreSQL (or a locked SQLite file) raises
while it is down, restarting or refusing connections into **HTTP 503** with ``Retry-After`` and
a clear message (JSON under ``/api/`` or for clients that accept JSON, a small page otherwise),
never a traceback. The broken connection is closed, so the next request connects afresh and the
site recovers by itself when the database is back. Errors that are bugs rather than an outage
(a missing table, a constraint violation, bad SQL) are left alone and stay 500s.

It sits just after ``WhiteNoiseMiddleware``: static files need no database, and everything inside
(sessions, authentication, the views) is covered. Django converts an exception raised inside an
inner middleware into a 500 response before an outer middleware sees it, so the exception is
also noted from the ``got_request_exception`` signal and the 500 replaced on the way out.

``ContentSecurityPolicyMiddleware`` sends ``Content-Security-Policy`` on every response that
does not have one. The policy comes from ``settings.CONTENT_SECURITY_POLICY`` (directive → list
of sources); the source ``'nonce'`` is replaced by this request's nonce, ``request.csp_nonce``,
which templates read as ``{{ csp_nonce }}`` (context processor
``parvaipret.core.context_processors.csp``) and which ``{% load csp %}{% nonced fragment %}``
adds to the ``<script>`` tags of a trusted server-built fragment (a plotly figure).
"""

from __future__ import annotations

import logging
import secrets
import sys
from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext, gettext_noop

from parvaipret.core.versions import versions_read_once

logger = logging.getLogger(__name__)

DB_UNAVAILABLE_MESSAGE = gettext_noop(
    "The service is temporarily unavailable: its database cannot be reached. "
    "Your last action was not saved. Please try again in a few seconds."
)
DEFAULT_RETRY_AFTER_SECONDS = 5
_REQUEST_FLAG = "_parvaipret_db_unavailable"

# PostgreSQL SQLSTATEs that mean "the server is not there for you right now".
_UNAVAILABLE_SQLSTATE_PREFIXES = ("08",)  # connection exceptions
_UNAVAILABLE_SQLSTATES = {
    "57P01",  # admin_shutdown: terminating connection due to administrator command
    "57P02",  # crash_shutdown
    "57P03",  # cannot_connect_now: the database system is starting up / shutting down
    "53300",  # too_many_connections
}
_SQLITE_UNAVAILABLE = ("database is locked", "unable to open database file", "disk i/o error")


def is_database_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` says the database is unreachable (an outage), not that the query is wrong.

    Django wraps the driver's error in its own class and keeps the original as ``__cause__``.
    ``InterfaceError`` means the connection is closed or broken. A psycopg ``OperationalError``
    without a SQLSTATE is a lost or refused connection; with one, only the connection and
    shutdown classes count. For SQLite, a locked or unopenable file counts.
    """
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    module = type(cause).__module__ if cause is not None else ""
    if module.startswith("psycopg"):
        sqlstate = getattr(cause, "sqlstate", None)
        return (
            sqlstate is None
            or sqlstate.startswith(_UNAVAILABLE_SQLSTATE_PREFIXES)
            or sqlstate in _UNAVAILABLE_SQLSTATES
        )
    if module.startswith("sqlite3"):
        return str(cause).lower().startswith(_SQLITE_UNAVAILABLE)
    return False


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer, built without touching the database (no context processors, no user)."""
    retry_after = getattr(settings, "DB_UNAVAILABLE_RETRY_AFTER", DEFAULT_RETRY_AFTER_SECONDS)
    message = gettext(DB_UNAVAILABLE_MESSAGE)
    if _wants_json(request):
        response: HttpResponse = JsonResponse(
            {"detail": message, "code": "database_unavailable"}, status=503
        )
    else:
        html = render_to_string(
            "503.html",
            {
                "message": message,
                "retry_after": retry_after,
                "LANGUAGE_CODE": translation.get_language() or settings.LANGUAGE_CODE,
            },
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """503 with ``Retry-After`` instead of a 500 traceback while the database is unreachable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _REQUEST_FLAG, False):
            # Raised inside an inner middleware and already turned into a 500 by Django.
            return database_unavailable_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        _note_outage(request, exception)
        return database_unavailable_response(request)


@receiver(got_request_exception, dispatch_uid="parvaipret.core.middleware.db_unavailable")
def _on_request_exception(sender: object, request: HttpRequest | None = None, **kwargs) -> None:
    exc = sys.exc_info()[1]
    if request is not None and exc is not None and is_database_unavailable(exc):
        _note_outage(request, exc)


def _note_outage(request: HttpRequest, exc: BaseException) -> None:
    setattr(request, _REQUEST_FLAG, True)
    logger.warning(
        "database unavailable, answered 503: %s %s: %s",
        request.method,
        request.path,
        str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
    )
    _drop_broken_connections()


def _drop_broken_connections() -> None:
    """Close connections that errored, so the next request reconnects.

    A connection inside ``atomic`` (a test's transaction) is left alone: closing it there would
    break the surrounding transaction rather than heal anything.
    """
    if any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
        return
    try:
        close_old_connections()
    except Exception:  # a connection that cannot even close cleanly is discarded below
        logger.debug("closing a broken database connection failed", exc_info=True)
        for conn in connections.all(initialized_only=True):
            conn.connection = None


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return request.path.startswith("/api/") or (
        "application/json" in accept and "text/html" not in accept
    )


# --- Content-Security-Policy -------------------------------------------------------------------

NONCE_SOURCE = "'nonce'"


def build_policy(directives: Mapping[str, Sequence[str]], nonce: str) -> str:
    """The header value: ``directive source source; …`` with ``'nonce'`` made this request's."""
    parts = []
    for directive, sources in directives.items():
        values = [f"'nonce-{nonce}'" if s == NONCE_SOURCE else s for s in sources]
        parts.append(" ".join([directive, *values]))
    return "; ".join(parts)


def _policy_for(path: str) -> Mapping[str, Sequence[str]]:
    directives = dict(settings.CONTENT_SECURITY_POLICY)
    for prefix, overrides in getattr(settings, "CONTENT_SECURITY_POLICY_PATHS", {}).items():
        if path.startswith(prefix):
            directives.update(overrides)
    return directives


class ContentSecurityPolicyMiddleware:
    """Adds ``Content-Security-Policy`` (or ``…-Report-Only``) with a per-request nonce."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = SimpleLazyObject(lambda: secrets.token_urlsafe(16))  # type: ignore[attr-defined]
        response = self.get_response(request)
        directives = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if not directives:
            return response
        header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        if header not in response:
            response[header] = build_policy(_policy_for(request.path), str(request.csp_nonce))
        return response


class VersionMemoMiddleware:
    """Each GET and HEAD request reads each data version once (``core.versions``): a page's
    fragments share the versions their cache keys are made of. Requests that write do not."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with versions_read_once():
            return self.get_response(request)
