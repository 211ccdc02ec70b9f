"""A small, bounded HTTP/1.1 load generator on asyncio, standard library only, loopback only.

Closed loop: ``users`` virtual users each send a request, wait for the whole answer, and send the
next, until ``duration`` seconds or ``max_requests`` requests have passed, whichever comes first.
Latency is measured from the moment a request is due (before connecting, when the connection has
to be opened) to the last byte of the body. Keep-alive is used when the server allows it (the
gthread worker) and a new connection is opened when it does not (the sync worker says
``Connection: close``), as a browser would.

Why not wrk or locust: both would have to be installed from outside the project's own files; this
needs nothing but Python, knows each scenario's outcome (which answers were accepted) for the
lost-or-duplicated check, and keeps every latency for exact percentiles. The price is CPU: on a
2-core machine the generator takes a share of one core from the server (reported with the
figures, docs/performance.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import itertools
import json
import math
import random
import socket
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field

MAX_DURATION_SECONDS = 600.0
MAX_REQUESTS = 500_000
REQUEST_TIMEOUT_SECONDS = 10.0


class NotLoopbackError(ValueError):
    """The target is not on this machine: load is only ever sent to the loopback range."""


def require_loopback(host: str) -> None:
    """Raise unless every address ``host`` resolves to is a loopback address."""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise NotLoopbackError(f"cannot resolve {host!r}: {exc}") from exc
    addresses = {info[4][0] for info in infos}
    if not addresses or not all(ipaddress.ip_address(a).is_loopback for a in addresses):
        raise NotLoopbackError(f"{host!r} resolves to {sorted(addresses)}: loopback only")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class Response:
    status: int  # 0: no response (connection refused, reset or timed out)
    headers: dict[str, str]
    body: bytes
    error: str = ""


@dataclass
class Sample:
    scenario: str
    status: int
    latency: float  # seconds
    started: float  # seconds since the run began


# A scenario builds the next request for a virtual user and is told the response.
RequestBuilder = Callable[[int], Request | None]
ResponseHandler = Callable[[int, Request, Response], None]


@dataclass
class Scenario:
    name: str
    weight: float
    kind: str  # "read" or "write": which latency target applies
    build: RequestBuilder
    handle: ResponseHandler | None = None


def client_addresses(count: int) -> list[str]:
    """``count`` distinct loopback source addresses (127.1.0.1, 127.1.0.2, …).

    Linux routes all of 127.0.0.0/8 to the loopback interface, so a connection bound to one of
    these comes from a distinct client address as far as the server (and its per-IP rate limits)
    can tell: the load test then looks like many visitors, not one client hammering the site.
    """
    return [f"127.1.{i // 250}.{i % 250 + 1}" for i in range(count)]


class Connection:
    """One keep-alive HTTP/1.1 connection to ``host:port``, reopened when the server closes it.

    Each (re)opened connection takes the next address of ``sources`` as its client address, and
    after ``per_client`` requests the connection is closed so the next request comes from
    another client.
    """

    def __init__(
        self,
        host: str,
        port: int,
        sources: Iterator[str] | None = None,
        per_client: int = 20,
    ) -> None:
        self.host, self.port = host, port
        self.sources, self.per_client = sources, per_client
        self.sent = 0
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def send(self, request: Request) -> Response:
        if self.writer is not None and self.sources is not None and self.sent >= self.per_client:
            await self.close()
        if self.writer is None:
            local = (next(self.sources), 0) if self.sources is not None else None
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port, local_addr=local
            )
            self.sent = 0
        self.sent += 1
        head = [
            f"{request.method} {request.path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "User-Agent: parvaipret-loadgen",
            "Connection: keep-alive",
        ]
        head += [f"{k}: {v}" for k, v in request.headers.items()]
        if request.body or request.method in ("POST", "PUT", "PATCH"):
            head.append(f"Content-Length: {len(request.body)}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + request.body)
        await self.writer.drain()
        assert self.reader is not None
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("connection closed before the status line")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        body = await self._read_body(request, status, headers)
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return Response(status=status, headers=headers, body=body)

    async def _read_body(self, request: Request, status: int, headers: dict[str, str]) -> bytes:
        assert self.reader is not None
        if request.method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            return b""
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    return b"".join(chunks)
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readline()
        if "content-length" in headers:
            return await self.reader.readexactly(int(headers["content-length"]))
        return await self.reader.read()  # until the server closes


@dataclass
class RunResult:
    samples: list[Sample]
    elapsed: float
    users: int
    skipped: dict[str, str]

    def by_scenario(self) -> dict[str, list[Sample]]:
        grouped: dict[str, list[Sample]] = defaultdict(list)
        for sample in self.samples:
            grouped[sample.scenario].append(sample)
        return dict(grouped)


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values (p in 0..100); NaN when empty."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True)
class Summary:
    name: str
    kind: str
    count: int
    ok: int
    statuses: dict[int, int]
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    throughput: float  # requests per second

    def as_dict(self) -> dict:
        return {**self.__dict__, "statuses": {str(k): v for k, v in self.statuses.items()}}


def summarize(name: str, kind: str, samples: Sequence[Sample], elapsed: float) -> Summary:
    latencies = sorted(s.latency * 1000 for s in samples)
    statuses = Counter(s.status for s in samples)
    return Summary(
        name=name,
        kind=kind,
        count=len(samples),
        ok=sum(n for status, n in statuses.items() if 200 <= status < 400),
        statuses=dict(sorted(statuses.items())),
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        p99_ms=percentile(latencies, 99),
        max_ms=latencies[-1] if latencies else math.nan,
        throughput=len(samples) / elapsed if elapsed > 0 else 0.0,
    )


async def run(
    *,
    host: str,
    port: int,
    scenarios: Sequence[Scenario],
    users: int,
    duration: float,
    max_requests: int,
    seed: int = 1,
    clients: int = 0,
    on_tick: Callable[[float, int], Awaitable[None]] | None = None,
) -> RunResult:
    """Run the mix with ``users`` concurrent virtual users; bounded in time and in count.

    ``clients`` > 0 spreads the requests over that many client addresses (``client_addresses``)
    when the target is an IPv4 loopback address; 0 sends everything from one address.
    """
    require_loopback(host)
    sources = (
        itertools.cycle(client_addresses(clients))
        if clients and ipaddress.ip_address(socket.gethostbyname(host)).version == 4
        else None
    )
    duration = min(duration, MAX_DURATION_SECONDS)
    max_requests = min(max_requests, MAX_REQUESTS)
    rng = random.Random(seed)
    weights = [s.weight for s in scenarios]
    samples: list[Sample] = []
    budget = {"left": max_requests}
    begin = time.perf_counter()
    deadline = begin + duration

    async def user(number: int) -> None:
        conn = Connection(host, port, sources)
        try:
            while time.perf_counter() < deadline and budget["left"] > 0:
                scenario = rng.choices(scenarios, weights)[0]
                request = scenario.build(number)
                if request is None:
                    continue
                budget["left"] -= 1
                started = time.perf_counter()
                try:
                    response = await asyncio.wait_for(
                        conn.send(request), timeout=REQUEST_TIMEOUT_SECONDS
                    )
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    await conn.close()
                    response = Response(0, {}, b"", error=f"{type(exc).__name__}: {exc}")
                latency = time.perf_counter() - started
                samples.append(Sample(scenario.name, response.status, latency, started - begin))
                if scenario.handle is not None:
                    scenario.handle(number, request, response)
                if response.status == 0:
                    await asyncio.sleep(0.05)  # refused: do not spin while the server is away
        finally:
            await conn.close()

    tasks = [asyncio.create_task(user(n)) for n in range(users)]
    if on_tick is not None:

        async def ticker() -> None:
            while any(not t.done() for t in tasks):
                await on_tick(time.perf_counter() - begin, len(samples))
                await asyncio.sleep(1.0)

        tasks.append(asyncio.create_task(ticker()))
    await asyncio.gather(*tasks)
    return RunResult(samples=samples, elapsed=time.perf_counter() - begin, users=users, skipped={})


def json_body(payload: object) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()
