"""In-process cost of ``POST /api/v1/answers/``, sent the way the load test's ``answer_request``
does: one question per call, a new anonymous respondent once it has answered every published
question (8 with ``load_sample``), the token in the ``X-Respondent-Token`` header.

Run against a migrated database with the sample loaded and the production settings::

    DATABASE_URL=postgres://…/pvp_x DEBUG=0 SECRET_KEY=x ALLOWED_HOSTS=testserver \\
    SECURE_SSL_REDIRECT=0 CACHE_URL=redis://127.0.0.1:6379/12 CONN_MAX_AGE=60 \\
    .venv/bin/python -m benchmarks.answer_submit [--requests 400] [--profile]

Prints wall-clock p50/p95 per request, the process's CPU per request and the SQL statements per
request (BEGIN and COMMIT included). Each request comes from another client address, so the rate
limit is counted (in the cache) but never reached. Every run adds respondents and answers.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--profile", action="store_true", help="then print a cProfile")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from parvaipret.participation.models import Question

    questions = list(
        Question.objects.filter(published_at__isnull=False).values_list("pk", flat=True)
    )
    client = Client(HTTP_ACCEPT="application/json")
    rng = random.Random(1)
    state: dict = {"token": None, "left": [], "n": 0}

    def submit() -> None:
        if state["token"] is None or not state["left"]:
            state["token"] = None
            state["left"] = rng.sample(questions, len(questions))
        body = {"answers": [{"question": state["left"].pop(), "choice": "for", "importance": 2}]}
        state["n"] += 1
        n = state["n"]
        headers = {"REMOTE_ADDR": f"10.{os.getpid() % 250}.{n // 250 % 250}.{n % 250}"}
        if state["token"]:
            headers["HTTP_X_RESPONDENT_TOKEN"] = state["token"]
        response = client.post(
            "/api/v1/answers/", json.dumps(body), content_type="application/json", **headers
        )
        assert response.status_code in (200, 201), response.content[:300]
        state["token"] = response.json()["token"]

    for _ in range(args.warmup):
        submit()
    times = []
    cpu = time.process_time()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(args.requests):
            start = time.perf_counter()
            submit()
            times.append((time.perf_counter() - start) * 1000)
    cpu_ms = (time.process_time() - cpu) * 1000 / args.requests
    times.sort()
    n = args.requests
    print(
        f"p50 {times[n // 2]:.1f} ms, p95 {times[int(n * 0.95)]:.1f} ms, "
        f"CPU {cpu_ms:.1f} ms, {len(queries) / n:.2f} statements per request"
    )
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(n):
            submit()
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(50)
        print(out.getvalue())


if __name__ == "__main__":
    main()
