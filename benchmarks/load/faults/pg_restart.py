# ruff: noqa: S603, S607  (runs fixed local server commands)
"""Fault: PostgreSQL goes down and comes back while the load test runs.

``python -m benchmarks.load.faults.pg_restart`` starts the production shape on a private
PostgreSQL and Redis (benchmarks/load/faults/common.py), sends the load-test mix for
``--duration`` seconds, and after ``--down-at`` seconds stops PostgreSQL (fast shutdown: open
connections are terminated) for ``--down-for`` seconds, then starts it again.

Pass when:
- no response is a 500 or any 5xx other than 503, and gunicorn never stops answering
  (no refused connection);
- every 503 carries ``Retry-After`` and the clear message, not a traceback, and the web log
  holds no "Internal Server Error";
- every request that started ``--recover-within`` seconds after PostgreSQL was back succeeded;
- no accepted answer is lost or duplicated (the load test's database check).

``--cluster`` restarts the machine's own cluster (``pg_ctlcluster … restart``) against the shape
on 127.0.0.1:5432 instead: only on a machine that serves nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time

from benchmarks.load import loadgen
from benchmarks.load.faults.common import ROOT, private_stack, verdict
from benchmarks.load.run import check_answers, discover_ids
from benchmarks.load.scenarios import Mix


async def _load_with_outage(args, shape, mix: Mix, stop_db, start_db) -> tuple:
    captured: dict[str, float] = {}
    bodies_503: list[loadgen.Response] = []

    def keep_503(user: int, request: loadgen.Request, response: loadgen.Response) -> None:
        if response.status == 503 and len(bodies_503) < 50:
            bodies_503.append(response)

    scenarios = mix.scenarios()
    for scenario in scenarios:
        inner = scenario.handle

        def handle(user, request, response, inner=inner):
            keep_503(user, request, response)
            if inner is not None:
                inner(user, request, response)

        scenario.handle = handle

    async def outage() -> None:
        await asyncio.sleep(args.down_at)
        captured["down"] = time.perf_counter()
        await asyncio.to_thread(stop_db)
        await asyncio.sleep(args.down_for)
        await asyncio.to_thread(start_db)
        captured["up"] = time.perf_counter()

    begin = time.perf_counter()
    load = asyncio.create_task(
        loadgen.run(
            host=shape.env["HOST"],
            port=int(shape.env["PORT"]),
            scenarios=scenarios,
            users=args.users,
            duration=args.duration,
            max_requests=200_000,
            clients=1000,
        )
    )
    await outage()
    result = await load
    down, up = captured["down"] - begin, captured["up"] - begin
    return result, down, up, bodies_503


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--down-at", type=float, default=8.0)
    parser.add_argument("--down-for", type=float, default=4.0)
    parser.add_argument("--recover-within", type=float, default=5.0)
    parser.add_argument("--cluster", action="store_true", help="restart the machine's cluster")
    args = parser.parse_args(argv)
    if args.down_at + args.down_for + args.recover_within + 5 > args.duration:
        parser.error("--duration must leave time to see the recovery")
    if args.cluster:
        return _against_cluster(args)
    with private_stack("pg-restart") as stack:
        os.environ.update(stack.shape.env)
        import django

        django.setup()
        from django.utils import timezone

        since = timezone.now()
        mix = Mix(discover_ids())
        result, down, up, bodies = asyncio.run(
            _load_with_outage(
                args, stack.shape, mix, lambda: stack.postgres.stop("fast"), stack.postgres.start
            )
        )
        from django.db import connection

        connection.close()  # the check reconnects to the restarted server
        report = check_answers(mix, since)
        web_log = (stack.shape.log_dir / "web.log").read_text(errors="replace")
    return _judge(args, result, down, up, bodies, report, web_log)


def _against_cluster(args) -> int:
    from config import serve_prod

    shape = serve_prod.shape_from_environment()
    if not serve_prod.healthy(shape.url):
        print(f"start the shape first (make serve-prod-bg): nothing on {shape.url}")
        return 2
    version = sorted(os.listdir("/etc/postgresql"))[0]

    def ctl(action: str) -> None:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action], check=True
        )

    os.environ.update(shape.env)
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    since = timezone.now()
    mix = Mix(discover_ids())
    result, down, up, bodies = asyncio.run(
        _load_with_outage(args, shape, mix, lambda: ctl("stop"), lambda: ctl("start"))
    )
    connection.close()
    report = check_answers(mix, since)
    web_log = (shape.log_dir / "web.log").read_text(errors="replace")
    return _judge(args, result, down, up, bodies, report, web_log)


def _judge(args, result, down, up, bodies, report, web_log) -> int:
    statuses: dict[int, int] = {}
    for sample in result.samples:
        statuses[sample.status] = statuses.get(sample.status, 0) + 1
    bad = {s: n for s, n in statuses.items() if s == 0 or (s >= 500 and s != 503)}
    late_failures = [
        s for s in result.samples if s.started >= up + args.recover_within and s.status >= 500
    ]
    failing = [s for s in result.samples if s.status >= 500]
    recovered_after = max((s.started + s.latency for s in failing), default=up) - up
    clean_503 = all(
        b.headers.get("retry-after")
        and b"Traceback" not in b.body
        # the page and the JSON both name the error in a form no translation changes
        and b"database_unavailable" in b.body
        for b in bodies
    )
    tracebacks = web_log.count("Internal Server Error")
    passed = not bad and not late_failures and clean_503 and tracebacks == 0 and report.passed
    print(
        f"PostgreSQL down from {down:.1f} s to {up:.1f} s; {len(result.samples)} requests, "
        f"statuses {dict(sorted(statuses.items()))}; last failure {recovered_after:+.1f} s after "
        f"PostgreSQL was back"
    )
    print(report.line())
    detail = (
        f"{statuses.get(503, 0)} clean 503s during the outage, {sum(bad.values())} other errors, "
        f"{len(late_failures)} failures later than {args.recover_within:.0f} s after the restart, "
        f"{tracebacks} tracebacks in the web log, answers {'intact' if report.passed else 'BROKEN'}"
    )
    return verdict("pg-restart", passed, detail)


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
