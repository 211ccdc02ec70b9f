"""Load test of the production shape: ``make load-test`` (``python -m benchmarks.load.run``).

Starts ``make serve-prod-bg`` unless the shape already answers on ``HOST:PORT``, sends the mix
of ``benchmarks/load/scenarios.py`` over loopback (bounded in time and count), prints
p50/p95/p99 and throughput per scenario, then checks in the database that every accepted answer
is stored once and nothing else is (``answers: PASS``). Stops what it started.

Examples::

    make load-test                                   # 8 users, 20 s
    python -m benchmarks.load.run --sweep 2,4,8,16   # find the highest sustained throughput
    python -m benchmarks.load.run --users 4 --duration 60 --json var/load/run.json

Exit status: 1 if the answer check fails (or, with ``--enforce-targets``, a latency target is
missed in every step), else 0. Targets: p95 < 50 ms for reads, < 100 ms for answer submission.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load import loadgen
from benchmarks.load.scenarios import Ids, IntegrityReport, Mix
from config import serve_prod

READ_P95_TARGET_MS = 50.0
WRITE_P95_TARGET_MS = 100.0
DASHBOARD_PATHS = (
    "/dashboards/",
    "/dashboards/alignment/",
    "/dashboards/cohesion/",
    "/dashboards/rebels/",
    "/dashboards/attendance/",
    "/dashboards/map/",
    "/dashboards/public/",
)


@dataclass
class Step:
    users: int
    result: loadgen.RunResult
    cpu_busy: float  # share of all cores busy during the step, 0..1
    generator_cpu: float  # cores used by this load generator
    web_cpu: float = math.nan  # CPU seconds of the gunicorn processes during the step
    db_cpu: float = math.nan  # CPU seconds of this database's PostgreSQL backends

    @property
    def cpu_ms_per_request(self) -> float:
        """Server CPU per request (gunicorn + its PostgreSQL backends): unlike latency, this
        hardly depends on what else the machine is doing."""
        count = len(self.result.samples)
        return (self.web_cpu + self.db_cpu) * 1000 / count if count else math.nan


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _process_cpu(pids: set[int] | None = None, pgid: int | None = None) -> dict[int, float]:
    """CPU seconds (user + system) of the given processes, or of a process group."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        if pids is not None and pid not in pids:
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if pgid is not None and int(fields[2]) != pgid:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    return found


def _db_backends() -> set[int]:
    from django.db import connection

    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return {pid for (pid,) in cursor.fetchall()}


def _cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(after[pid] - before.get(pid, 0.0) for pid in after)


def wait_for_follow_ups(shape: serve_prod.Shape, timeout: float = 300.0) -> float | None:
    """Wait until the Celery worker has done what the ingest queued (dashboards, exports,
    re-matching, pages rendered ahead): the broker's queue is empty and the worker's processes
    used under 5 % of a core for 2 s. Returns the seconds waited, None on timeout."""
    import redis

    worker = serve_prod.running(shape).get("worker")
    if worker is None:
        return 0.0
    broker = redis.Redis.from_url(shape.env["CELERY_BROKER_URL"])
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        before = _process_cpu(pgid=worker)
        time.sleep(2.0)
        busy = _cpu_delta(before, _process_cpu(pgid=worker))
        if broker.llen("celery") == 0 and busy < 0.1:
            return time.monotonic() - start
    return None


def discover_ids() -> Ids:
    """Published questions, votes, deputies and factions of the served database."""
    from parvaipret.parliament.models import Deputy, Faction, Vote
    from parvaipret.participation.models import Question

    return Ids(
        questions=list(
            Question.objects.filter(published_at__isnull=False).values_list("id", flat=True)
        ),
        votes=list(Vote.objects.order_by("-id").values_list("id", flat=True)[:300]),
        deputies=list(Deputy.objects.values_list("id", flat=True)[:300]),
        factions=list(Faction.objects.values_list("id", flat=True)),
    )


def available(url: str, paths: tuple[str, ...]) -> list[str]:
    found = []
    for path in paths:
        try:
            with urllib.request.urlopen(url + path, timeout=30) as response:  # noqa: S310
                if response.status == 200:
                    found.append(path)
        except (urllib.error.URLError, OSError):
            pass
    return found


def check_answers(mix: Mix, since: dt.datetime) -> IntegrityReport:
    """Compare the answer book with the database, respondent by respondent."""
    from parvaipret.participation.models import Answer, Respondent

    book = mix.book
    tokens = book.tokens()
    stored: dict[str, set[int]] = {}
    for token, question in Answer.objects.filter(respondent__token__in=tokens).values_list(
        "respondent__token", "question_id"
    ):
        stored.setdefault(str(token), set()).add(question)
    lost = unexpected = stored_for_accepted = uncertain_stored = 0
    for token in tokens:
        accepted = book.accepted.get(token, set())
        uncertain = book.uncertain.get(token, set()) - accepted
        in_db = stored.get(token, set())
        stored_for_accepted += len(accepted & in_db)
        lost += len(accepted - in_db)
        uncertain_stored += len(uncertain & in_db)
        unexpected += len(in_db - accepted - uncertain)
    orphans = Respondent.objects.filter(created_at__gte=since).exclude(token__in=tokens).count()
    return IntegrityReport(
        accepted=book.accepted_requests,
        stored_for_accepted=stored_for_accepted,
        lost=lost,
        unexpected=unexpected,
        uncertain=sum(len(v) for v in book.uncertain.values()) + book.uncertain_creates,
        uncertain_stored=uncertain_stored,
        orphan_respondents=orphans,
        orphan_allowed=book.uncertain_creates,
    )


def _cpu_times() -> tuple[float, float]:
    fields = [float(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields), idle


def run_step(
    mix: Mix,
    host: str,
    port: int,
    users: int,
    duration: float,
    limit: int,
    web_pid: int | None,
    clients: int = 0,
) -> Step:
    total0, idle0 = _cpu_times()
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    web0 = _process_cpu(pgid=web_pid) if web_pid else {}
    db0 = _process_cpu(_db_backends())
    result = asyncio.run(
        loadgen.run(
            host=host,
            port=port,
            scenarios=mix.scenarios(),
            users=users,
            duration=duration,
            max_requests=limit,
            clients=clients,
        )
    )
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    total1, idle1 = _cpu_times()
    web1 = _process_cpu(pgid=web_pid) if web_pid else {}
    db1 = _process_cpu(set(db0) | _db_backends())
    busy = 1 - (idle1 - idle0) / (total1 - total0) if total1 > total0 else math.nan
    own = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    return Step(
        users,
        result,
        busy,
        own / result.elapsed if result.elapsed else math.nan,
        web_cpu=_cpu_delta(web0, web1) if web_pid else math.nan,
        db_cpu=_cpu_delta(db0, db1),
    )


def summaries(step: Step, kinds: dict[str, str]) -> list[loadgen.Summary]:
    """One row per scenario, then all reads, all answer submissions, and everything."""
    result = step.result
    rows = [
        loadgen.summarize(name, kinds.get(name, "read"), samples, result.elapsed)
        for name, samples in sorted(result.by_scenario().items())
    ]
    reads = [s for s in result.samples if kinds.get(s.scenario) == "read"]
    writes = [s for s in result.samples if kinds.get(s.scenario) == "write"]
    rows.append(loadgen.summarize("ALL reads", "read", reads, result.elapsed))
    rows.append(loadgen.summarize("ALL answers", "write", writes, result.elapsed))
    rows.append(loadgen.summarize("ALL", "all", result.samples, result.elapsed))
    return rows


def meets_targets(rows: list[loadgen.Summary]) -> bool:
    by_name = {r.name: r for r in rows}
    reads, writes = by_name["ALL reads"], by_name["ALL answers"]
    errors = sum(n for status, n in by_name["ALL"].statuses.items() if status == 0 or status >= 500)
    return (
        errors == 0
        and reads.p95_ms < READ_P95_TARGET_MS
        and (writes.count == 0 or writes.p95_ms < WRITE_P95_TARGET_MS)
    )


def print_step(step: Step, rows: list[loadgen.Summary]) -> None:
    print(
        f"\n== {step.users} users, {step.result.elapsed:.1f} s, {len(step.result.samples)} "
        f"requests; all cores {step.cpu_busy:.0%} busy, load generator {step.generator_cpu:.2f} "
        f"core"
    )
    print(
        f"{'scenario':<20} {'count':>7} {'ok':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'req/s':>8}  statuses"
    )
    for r in rows:
        statuses = " ".join(f"{k}:{v}" for k, v in r.statuses.items())
        print(
            f"{r.name:<20} {r.count:>7} {r.ok:>7} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f} "
            f"{r.p99_ms:>8.1f} {r.max_ms:>8.1f} {r.throughput:>8.1f}  {statuses}"
        )
    if not math.isnan(step.cpu_ms_per_request):
        per_request = step.cpu_ms_per_request
        print(
            f"server CPU per request: {per_request:.1f} ms (gunicorn {step.web_cpu:.1f} s, "
            f"PostgreSQL {step.db_cpu:.1f} s in all) → about {2000 / per_request:.0f} req/s "
            f"on 2 otherwise idle cores"
        )
    print(
        f"targets (p95 reads < {READ_P95_TARGET_MS:.0f} ms, answers < {WRITE_P95_TARGET_MS:.0f} "
        f"ms, no 5xx): {'met' if meets_targets(rows) else 'MISSED'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="load-test", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=8, help="concurrent virtual users")
    parser.add_argument(
        "--clients",
        type=int,
        default=1000,
        help="distinct client addresses (127.1.x.y) the requests come from; 1: one client",
    )
    parser.add_argument("--sweep", default="", help="comma-separated user counts, one step each")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per step (≤ 600)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds before measuring")
    parser.add_argument("--max-requests", type=int, default=200_000, help="per step")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--no-start", action="store_true", help="fail if the shape is not up")
    parser.add_argument("--keep-running", action="store_true", help="do not stop what it started")
    parser.add_argument("--no-dashboards", action="store_true")
    parser.add_argument("--enforce-targets", action="store_true")
    parser.add_argument(
        "--only", default="", help="comma-separated scenario names (e.g. 'api: answer') to send"
    )
    args = parser.parse_args(argv)

    shape = serve_prod.shape_from_environment()
    host, port = shape.env["HOST"], int(shape.env["PORT"])
    loadgen.require_loopback(host)
    started = False
    if not serve_prod.healthy(shape.url):
        if args.no_start:
            print(f"load-test: nothing answers on {shape.url}/healthz", file=sys.stderr)
            return 2
        print(f"load-test: starting the production shape on {shape.url}", flush=True)
        subprocess.run(
            [sys.executable, "-m", "config.serve_prod", "--background"],
            env=shape.env,
            check=True,
        )
        started = True
    try:
        return _measure(args, shape, host, port)
    finally:
        if started and not args.keep_running:
            serve_prod.stop(shape)
            print("load-test: stopped the production shape it started")


def _measure(args: argparse.Namespace, shape: serve_prod.Shape, host: str, port: int) -> int:
    os.environ.update(shape.env)
    import django
    from django.utils import timezone

    django.setup()
    since = timezone.now()
    ids = discover_ids()
    dashboards = [] if args.no_dashboards else available(shape.url, DASHBOARD_PATHS)
    print(
        f"load-test: {shape.url}: {len(ids.questions)} published questions, {len(ids.votes)} "
        f"votes, {len(ids.deputies)} deputies; {args.clients} client addresses; dashboards: "
        f"{', '.join(dashboards) or 'none'}"
    )
    mix = Mix(
        ids, dashboards=dashboards, only=[o.strip() for o in args.only.split(",") if o.strip()]
    )
    kinds = {s.name: s.kind for s in mix.scenarios()}
    users_steps = [int(u) for u in args.sweep.split(",") if u.strip()] or [args.users]
    web_pid = serve_prod.running(shape).get("web")
    waited = wait_for_follow_ups(shape)
    print(
        "load-test: the worker's queued follow-ups did not finish in 300 s; measuring anyway"
        if waited is None
        else f"load-test: the worker's queued follow-ups are done ({waited:.0f} s waited)",
        flush=True,
    )
    if args.warmup > 0:
        run_step(
            mix, host, port, max(users_steps), args.warmup, args.max_requests, web_pid, args.clients
        )
    steps = []
    for users in users_steps:
        step = run_step(
            mix, host, port, users, args.duration, args.max_requests, web_pid, args.clients
        )
        rows = summaries(step, kinds)
        print_step(step, rows)
        steps.append((step, rows))
    report = check_answers(mix, since)
    print("\n" + report.line())
    sustained = [(rows[-1].throughput, step.users) for step, rows in steps if meets_targets(rows)]
    if sustained:
        best, users = max(sustained)
        print(f"highest throughput meeting the targets: {best:.0f} req/s with {users} users")
    else:
        print("no step met the latency targets")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "machine": {
                        "cores": os.cpu_count(),
                        "python": platform.python_version(),
                        "kernel": platform.release(),
                    },
                    "server": {
                        k: shape.env.get(k, "")
                        for k in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "CONN_MAX_AGE")
                    },
                    "steps": [
                        {
                            "users": step.users,
                            "elapsed": step.result.elapsed,
                            "cpu_busy": step.cpu_busy,
                            "generator_cpu": step.generator_cpu,
                            "server_cpu_ms_per_request": step.cpu_ms_per_request,
                            "rows": [r.as_dict() for r in rows],
                        }
                        for step, rows in steps
                    ],
                    "answers": {**report.__dict__, "passed": report.passed},
                },
                indent=2,
            )
        )
        print(f"figures written to {args.json}")
    failed_targets = args.enforce_targets and not sustained
    return 1 if (not report.passed or failed_targets) else 0


if __name__ == "__main__":
    sys.exit(main())
