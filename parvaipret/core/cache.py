"""A Redis cache that fails open: while Redis is unreachable, the site works without a cache.

Django's ``RedisCache`` raises ``redis.ConnectionError`` from every call while Redis is down, so
one missing cache server would turn every page that reads the cache, and every rate-limited
action, into a 500. Here an unreachable Redis reads as a miss (``get`` → default, ``add`` and
``set`` → nothing stored, ``incr`` → "no such key"), so pages are computed afresh and rate limits
let the action through until Redis is back. ``config/settings.py`` selects this backend whenever
``CACHE_URL`` is a ``redis://`` URL, with short socket timeouts so a hung Redis costs at most
half a second per call.

It also keeps one ``redis.Redis`` client per connection pool: Django's client builds a new one
for every cache call, which costs more CPU than the call's round trip.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
_WARN_EVERY_SECONDS = 30.0
T = TypeVar("T")


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's ``RedisCacheClient``, reusing one ``redis.Redis`` per connection pool.

    A ``redis.Redis`` only holds its pool and settings (connections are taken from the pool for
    each command), and is safe to share between threads; building one copies a few dozen
    response callbacks, which Django does on every call.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}  # id of a pool in self._pools -> its client

    def get_client(self, key: str | None = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class ResilientRedisCache(RedisCache):
    """``RedisCache`` whose calls answer like an empty cache while Redis cannot be reached."""

    _last_warning = 0.0

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _fail_open(self, call: Callable[[], T], fallback: T) -> T:
        try:
            return call()
        except UNREACHABLE as exc:
            now = time.monotonic()
            if now - ResilientRedisCache._last_warning > _WARN_EVERY_SECONDS:
                ResilientRedisCache._last_warning = now
                logger.warning("cache unreachable, working without it: %s", exc)
            return fallback

    def add(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version=None) -> bool:
        return self._fail_open(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False
        )

    def get(self, key: str, default: Any = None, version=None) -> Any:
        return self._fail_open(
            lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version=None) -> None:
        self._fail_open(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None
        )

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version=None) -> bool:
        return self._fail_open(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key: str, version=None) -> bool:
        return self._fail_open(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys: Any, version=None) -> dict[str, Any]:
        return self._fail_open(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: str, version=None) -> bool:
        return self._fail_open(
            lambda: super(ResilientRedisCache, self).has_key(key, version), False
        )

    def incr(self, key: str, delta: int = 1, version=None) -> int:
        missing = object()
        value = self._fail_open(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), missing
        )
        if value is missing:
            raise ValueError(f"Key '{key}' not found (cache unreachable)")
        return value  # type: ignore[return-value]

    def set_many(self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version=None) -> list:
        return self._fail_open(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys: Any, version=None) -> None:
        self._fail_open(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def clear(self) -> bool:
        return self._fail_open(lambda: super(ResilientRedisCache, self).clear(), False)


def cached(key: str, compute: Callable[[], T], timeout: int) -> T:
    """The value under ``key`` in the default cache, computed and stored on a miss.

    For values whose key holds their data's version (``core.versions``): a new version is a new
    key, so nothing is invalidated by hand. ``compute`` must not return None (None reads as a
    miss). Two cache calls on a miss, where Django's ``get_or_set`` makes three.
    """
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout)
    return found


class ProcessMemo(Generic[T]):
    """A small per-process LRU of values keyed on a data version, in front of the shared cache.

    For values that are costly to unpickle (matrices, dashboards' data) and never change under
    their key: a key holds its data's version, so a new version is a new key and nothing here
    is ever stale, only forgotten (least recently used first, beyond ``size`` entries).
    Thread-safe. Callers must not mutate what they get.
    """

    _every: weakref.WeakSet[ProcessMemo] = weakref.WeakSet()

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()
        ProcessMemo._every.add(self)

    @classmethod
    def clear_every(cls) -> None:
        """Forget every memo of this process (tests: as if in a new process)."""
        for memo in list(cls._every):
            memo.clear()

    def get(self, key: str) -> T | None:
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
            return found

    def put(self, key: str, value: T) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
