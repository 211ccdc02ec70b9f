"""Fault: Redis (the Celery broker and the cache) goes down and comes back under load.

``python -m benchmarks.load.faults.redis_down`` starts the production shape on a private
PostgreSQL and Redis (benchmarks/load/faults/common.py), sends the load-test mix for
``--duration`` seconds, and after ``--down-at`` seconds shuts Redis down for ``--down-for``
seconds, then starts it again (with its append-only file, as production Redis must run).

Pass when:
- answers are still accepted and stored while Redis is down, and no response is a 5xx or a
  refused connection (the cache fails open: parvaipret.core.cache);
- a task sent while Redis is down (``apply_async`` with a publish retry policy) is delivered when
  Redis is back and the Celery worker, reconnected by itself, runs it;
- a task queued before the outage and not yet consumed is still queued afterwards (durable
  broker: ``appendonly yes``);
- no accepted answer is lost or duplicated (the load test's database check).
"""

# ruff: noqa: S603, S607  (runs fixed local server commands)
from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import threading
import time

from benchmarks.load import loadgen
from benchmarks.load.faults.common import ROOT, private_stack, verdict
from benchmarks.load.run import check_answers, discover_ids
from benchmarks.load.scenarios import Mix

HELD_QUEUE = "pvp-fault-held"  # no worker consumes it: shows the broker keeps queued tasks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--down-at", type=float, default=8.0)
    parser.add_argument("--down-for", type=float, default=6.0)
    args = parser.parse_args(argv)

    with private_stack("redis-down") as stack:
        os.environ.update(stack.shape.env)
        import django

        django.setup()
        from django.db import connection
        from django.utils import timezone

        from config.celery import app
        from parvaipret.core.tasks import ping

        since = timezone.now()
        mix = Mix(discover_ids())
        app.send_task("core.ping", args=[1], queue=HELD_QUEUE)
        sent: dict[str, object] = {}

        def send_during_outage() -> None:
            sent["at"] = time.perf_counter()
            try:
                result = ping.apply_async(
                    args=[21],
                    retry=True,
                    retry_policy={
                        "max_retries": 120,
                        "interval_start": 0,
                        "interval_step": 0.5,
                        "interval_max": 1.0,
                    },
                )
                sent["published"] = time.perf_counter()
                sent["value"] = result.get(timeout=60)["value"]
            except Exception as exc:  # reported in the verdict
                sent["error"] = f"{type(exc).__name__}: {exc}"

        marks: dict[str, float] = {}

        async def scenario() -> loadgen.RunResult:
            begin = time.perf_counter()
            marks["begin"] = begin
            load = asyncio.create_task(
                loadgen.run(
                    host=stack.shape.env["HOST"],
                    port=int(stack.shape.env["PORT"]),
                    scenarios=mix.scenarios(),
                    users=args.users,
                    duration=args.duration,
                    max_requests=200_000,
                    clients=1000,
                )
            )
            await asyncio.sleep(args.down_at)
            await asyncio.to_thread(stack.redis.stop)
            marks["down"] = time.perf_counter() - begin
            sender = threading.Thread(target=send_during_outage, daemon=True)
            sender.start()
            await asyncio.sleep(args.down_for)
            await asyncio.to_thread(stack.redis.start)
            marks["up"] = time.perf_counter() - begin
            result = await load
            await asyncio.to_thread(sender.join, 70)
            return result

        result = asyncio.run(scenario())
        held = subprocess.run(
            ["redis-cli", "-p", str(stack.redis.port), "-n", "0", "llen", HELD_QUEUE],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        connection.close()
        report = check_answers(mix, since)
        worker_log = (stack.shape.log_dir / "worker.log").read_text(errors="replace")

    down, up = marks["down"], marks["up"]
    statuses: dict[int, int] = {}
    for sample in result.samples:
        statuses[sample.status] = statuses.get(sample.status, 0) + 1
    errors = {s: n for s, n in statuses.items() if s == 0 or s >= 500}
    answers_during = [
        s
        for s in result.samples
        if s.scenario == "api: answer" and down <= s.started <= up and s.status in (200, 201)
    ]
    delivered = sent.get("value") == 42
    reconnected = "Connection to broker lost" in worker_log or "Trying again in" in worker_log
    print(
        f"Redis down from {down:.1f} s to {up:.1f} s; {len(result.samples)} requests, statuses "
        f"{dict(sorted(statuses.items()))}; {len(answers_during)} answers accepted while it was "
        f"down"
    )
    if "published" in sent:
        print(
            f"task sent during the outage: published {sent['published'] - sent['at']:.1f} s "
            f"after the call, result {sent.get('value')}"
        )
    print(report.line())
    passed = (
        not errors
        and answers_during
        and delivered
        and held == "1"
        and report.passed
        and reconnected
    )
    detail = (
        f"{len(answers_during)} answers stored with Redis down, {sum(errors.values())} errors; "
        f"task sent during the outage {'delivered and run' if delivered else sent.get('error', 'NOT run')}; "
        f"queued task kept across the restart: {held == '1'}; worker reconnected: {reconnected}; "
        f"answers {'intact' if report.passed else 'BROKEN'}"
    )
    return verdict("redis-down", bool(passed), detail)


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
