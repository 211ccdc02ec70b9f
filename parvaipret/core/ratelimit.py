"""A tiny cache-based rate limiter: N actions per user (or IP address) per time window.

Use it as a decorator on a Django view function, on a class-based view's method, or on a DRF
``APIView`` method::

    from parvaipret.core.ratelimit import ratelimit

    @ratelimit(scope="response-report", rate="10/h")
    def response_report(request, pk): ...

    class ResponseReactApi(APIView):
        @ratelimit(scope="response-react", rate="60/h")
        def post(self, request, pk): ...

When the limit is reached the view is not called and the client gets **HTTP 429** with a
``Retry-After`` header and a clear message: JSON ``{"detail": "..."}`` for DRF requests and for
clients that accept JSON, a small HTML page otherwise. Code that is not a view can call
:func:`rate_limit_hit` directly and decide what to do.

- ``rate`` is ``"<count>/<period>"``; the period is ``s``, ``m``, ``h`` or ``d``, optionally with
  a multiplier: ``"5/m"``, ``"100/h"``, ``"3/15m"`` (3 per 15 minutes).
- ``scope`` names the action; each scope has its own counters, so limits do not interfere.
- ``methods`` (default ``("POST",)``): only these HTTP methods are counted; a GET of a form is free.
  Pass ``methods=None`` to count every request.
- ``key`` says whose actions are counted: ``"user_or_ip"`` (default: the signed-in user's id,
  else the client IP), ``"user"``, ``"ip"``, or a callable ``request -> str``.

The client IP is ``REMOTE_ADDR``; this module never trusts ``X-Forwarded-For`` itself, because
any client can send that header. Behind a reverse proxy ``REMOTE_ADDR`` is the proxy, so all
anonymous clients would share one counter: pass ``key=`` a callable that reads the header your
own proxy sets.

Counting uses fixed windows in Django's default cache (``CACHE_URL``): ``cache.add`` then
``cache.incr``, both atomic in Redis and memcached. With the default local-memory cache each
server process counts on its own, which is fine for development and a single process. A fixed
window can let up to 2N actions through around a window boundary; that is accepted for a limiter
whose job is to stop floods, not to meter exactly.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

F = TypeVar("F", bound=Callable[..., Any])

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    """``count`` actions allowed per ``seconds``."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """Parse ``"10/h"``, ``"3/15m"``…; raise ValueError for anything else."""
        match = _RATE_PATTERN.match(text)
        if match is None:
            raise ValueError(f"rate must look like '10/h' or '3/15m', not {text!r}")
        count, multiplier, unit = match.groups()
        seconds = int(multiplier or 1) * _PERIODS[unit]
        if int(count) < 1 or seconds < 1:
            raise ValueError(f"rate must allow at least one action per period, not {text!r}")
        return cls(count=int(count), seconds=seconds)


@dataclass(frozen=True)
class RateLimitResult:
    allowed: bool
    count: int  # actions counted in the current window, this one included
    limit: int
    retry_after: int  # seconds until the window resets


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def request_identity(request: HttpRequest, key: str | Callable[[HttpRequest], str]) -> str:
    """Whose actions to count: ``user:<id>`` or ``ip:<address>`` (or a custom key's value)."""
    if callable(key):
        return f"custom:{key(request)}"
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    if key == "ip" or (key == "user_or_ip" and not signed_in):
        return f"ip:{client_ip(request)}"
    if key in ("user", "user_or_ip"):
        return f"user:{user.pk}" if signed_in else f"ip:{client_ip(request)}"
    raise ValueError(f"unknown rate-limit key {key!r}")


def rate_limit_hit(*, scope: str, identity: str, rate: Rate | str) -> RateLimitResult:
    """Count one action of ``identity`` in ``scope`` and say whether it is within ``rate``."""
    rate = Rate.parse(rate) if isinstance(rate, str) else rate
    now = time.time()
    window = int(now // rate.seconds)
    cache_key = f"ratelimit:{scope}:{identity}:{rate.seconds}:{window}"
    # add() is a no-op when the key exists, so concurrent first hits do not reset the count.
    cache.add(cache_key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add() and incr()
        cache.set(cache_key, 1, timeout=rate.seconds + 1)
        count = 1
    retry_after = max(1, int((window + 1) * rate.seconds - now))
    return RateLimitResult(
        allowed=count <= rate.count, count=count, limit=rate.count, retry_after=retry_after
    )


def rate_limited_message(result: RateLimitResult) -> str:
    minutes = max(1, round(result.retry_after / 60))
    return ngettext(
        "Too many requests: please wait about %(minutes)d minute and try again.",
        "Too many requests: please wait about %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


def rate_limited_response(request: HttpRequest, result: RateLimitResult) -> HttpResponse:
    """The 429 answer: JSON for API clients, a small HTML page for browsers."""
    message = rate_limited_message(result)
    wants_json = _is_drf_request(request) or "application/json" in request.headers.get("Accept", "")
    if wants_json:
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        title = escape(_("Too many requests"))
        response = HttpResponse(
            f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{escape(message)}</p>",
            status=429,
        )
    response["Retry-After"] = str(result.retry_after)
    return response


def ratelimit(
    *,
    scope: str,
    rate: str,
    methods: Iterable[str] | None = ("POST",),
    key: str | Callable[[HttpRequest], str] = "user_or_ip",
) -> Callable[[F], F]:
    """Decorate a view (function, or method taking ``self, request``) with a rate limit."""
    parsed = Rate.parse(rate)  # fail at import time on a typo, not on the first request
    counted = {m.upper() for m in methods} if methods is not None else None

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            request = _find_request(args)
            if counted is None or request.method in counted:
                identity = request_identity(request, key)
                result = rate_limit_hit(scope=scope, identity=identity, rate=parsed)
                if not result.allowed:
                    return rate_limited_response(request, result)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def _find_request(args: tuple[Any, ...]) -> HttpRequest:
    for arg in args[:2]:  # (request, ...) for functions, (self, request, ...) for methods
        if hasattr(arg, "META") and hasattr(arg, "method"):
            return arg
    raise TypeError("ratelimit: the decorated view takes no request as its first argument")


def _is_drf_request(request: Any) -> bool:
    return hasattr(request, "_request") and hasattr(request, "data")
