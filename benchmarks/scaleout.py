"""Scale-out of re-matching: the same chunked job with 1 and then 2 Celery worker processes.

Builds a scratch SQLite database (``/tmp/pvp_h12_scaleout_*.sqlite3``: the factory-built term of
``tests/insights/conftest.py`` and ``--respondents`` respondents answering its questions), starts
``n`` worker processes (``--pool=solo``, prefetch 1) on a unique queue of the Redis broker, sends
``participation.rematch_respondents`` and waits for every chunk. Prints the wall time per worker
count and the ratio. Results go to a scratch Redis cache database (``CACHE_URL``, db 15 by
default), which is flushed before each run. Everything started is stopped; the file is removed.

    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 .venv/bin/python -m benchmarks.scaleout

``tests/participation/test_rematch_workers.py`` uses the same functions on a small population.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SEED = """
import random, django
django.setup()
from parvaipret.participation.models import Answer, Respondent
from tests.insights.conftest import build_fixture_term
fixture = build_fixture_term()
questions = list(fixture.questions.values())
rng = random.Random(8)
respondents = Respondent.objects.bulk_create(Respondent() for _ in range({count}))
Answer.objects.bulk_create(
    Answer(respondent=r, question=q, choice=rng.choice(["for", "against", "abstain"]),
           importance=rng.randint(1, 3))
    for r in respondents for q in questions
)
print(len(respondents))
"""

CHECK = """
import json, django
django.setup()
from django.core.cache import cache
from parvaipret.parliament.matrices import ballot_matrix_key
from parvaipret.participation import selectors
from parvaipret.participation.models import Respondent
from parvaipret.participation.tasks import compact_results, respondent_result_key
stored = equal = 0
for r in Respondent.objects.filter(answers__isnull=False).distinct():
    results = selectors.respondent_results(respondent=r, with_map=False)
    key = respondent_result_key(respondent_id=r.pk, matrix_key=ballot_matrix_key(term=results.term))
    found = cache.get(key)
    stored += found is not None
    equal += found == compact_results(results)
print(json.dumps({{"stored": stored, "equal": equal}}))
"""


def scratch_env(*, database: Path, cache_db: int = 15) -> dict[str, str]:
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        raise SystemExit("set CELERY_BROKER_URL=redis://127.0.0.1:6379/0")
    redis_base = broker.rsplit("/", 1)[0]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "CACHE_URL": f"{redis_base}/{cache_db}",
        "CELERY_BROKER_URL": broker,
    }


def _python(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def prepare_database(*, respondents: int, env: dict[str, str]) -> int:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return int(_python(SEED.format(count=respondents), env))


def stored_results(env: dict[str, str]) -> dict[str, int]:
    """How many respondents have a cached ranking, and how many equal a fresh computation."""
    return json.loads(_python(CHECK.format(), env))


def flush_cache(env: dict[str, str]) -> None:
    _python(
        "import django; django.setup(); from django.core.cache import cache; cache.clear()", env
    )


@contextmanager
def workers(count: int, *, queue: str, env: dict[str, str]):
    processes = [
        subprocess.Popen(  # noqa: S603 (our own interpreter)
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--prefetch-multiplier=1",
                "-Q",
                queue,
                "--loglevel=WARNING",
                "-n",
                f"{queue}-{n}@%h",
            ],
            cwd=ROOT,
            env=env,
        )
        for n in range(count)
    ]
    try:
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def run_rematch(*, queue: str, chunk_size: int, timeout: float = 300) -> tuple[dict, float]:
    """Send the job, wait for every chunk; returns (summary with per-chunk counts, seconds)."""
    from celery.result import GroupResult

    from config.celery import app

    app.conf.task_always_eager = False
    started = time.perf_counter()
    summary = app.send_task(
        "participation.rematch_respondents",
        kwargs={"chunk_size": chunk_size, "queue": queue},
        queue=queue,
    ).get(timeout=timeout)
    counts = GroupResult.restore(summary["group_id"], app=app).get(timeout=timeout)
    elapsed = time.perf_counter() - started
    return {**summary, "stored_per_chunk": counts}, elapsed


def wait_ready(queue: str, count: int, timeout: float = 60) -> None:
    """Until ``count`` workers answer a ping (a worker still starting would skew the timing)."""
    from config.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        mine = [r for r in replies if any(name.startswith(f"{queue}-") for name in r)]
        if len(mine) >= count:
            return
    raise TimeoutError(f"{count} workers on {queue} did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=3000)
    parser.add_argument("--chunk-size", type=int, default=100)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    database = Path(tempfile.gettempdir()) / f"pvp_h12_scaleout_{uuid.uuid4().hex[:8]}.sqlite3"
    env = scratch_env(database=database)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "CACHE_URL", "DEBUG")})
    try:
        prepare_database(respondents=args.respondents, env=env)
        timings = {}
        for count in args.workers:
            queue = f"scaleout-{uuid.uuid4().hex[:8]}"
            flush_cache(env)
            with workers(count, queue=queue, env=env):
                wait_ready(queue, count)
                summary, elapsed = run_rematch(queue=queue, chunk_size=args.chunk_size)
            check = stored_results(env)
            timings[count] = elapsed
            print(
                f"{count} worker(s): {summary['respondents']} respondents in {summary['chunks']} chunks of "
                f"{args.chunk_size}: {elapsed:.2f} s; stored {sum(summary['stored_per_chunk'])}, "
                f"equal to a fresh computation {check['equal']}"
            )
        first = args.workers[0]
        for count in args.workers[1:]:
            print(f"speed-up {first} -> {count} workers: {timings[first] / timings[count]:.2f}x")
    finally:
        database.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
