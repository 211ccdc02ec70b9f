"""Benchmark the matching engine on a SYNTHETIC term (100 deputies, 8 factions, 20,000 votes).

Run from the repository root::

    .venv/bin/python benchmarks/matching_engine.py

Prints, in one run (well under a minute):

1. single-citizen latency of ``agreement`` (median and 95th percentile over many repetitions,
   different citizens each time) for 50 and 500 answered questions out of a cached set of 1,000
   published questions linked to 1-3 roll calls each, against the 5 ms target; and the cost of
   building a citizen-specific ``QuestionLinks`` per request instead of using the cached one;
2. bulk throughput of ``agreement_many`` for 1, 1,000, 100,000 and 1,000,000 citizens answering
   a 50-question questionnaire (35 answered each), in chunks of 100,000, next to the time of a
   bare float64 matrix product of the same shapes, (C, 50) x (50, 100), printed as a ratio.

All data come from ``matching.synthetic`` and are made up.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching import agreement, agreement_many, link_questions, matching_index
from matching.synthetic import (
    synthetic_answers,
    synthetic_questions,
    synthetic_term,
)

TARGET_MS = 5.0
PUBLISHED_QUESTIONS = 1000
QUESTIONNAIRE = 50
QUESTIONNAIRE_ANSWERED = 35
CHUNK = 100_000
REPETITIONS = 300


def timed(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def single_citizen(index, questions, ballots) -> None:  # type: ignore[no-untyped-def]
    print(
        f"\n1. One citizen against {ballots.shape[0]} deputies and "
        f"{ballots.faction_ids.size} factions (x3 views), {ballots.shape[1]:,} votes"
    )
    print(f"   cached QuestionLinks: {questions.size} questions, {questions.columns.size} links")
    for answered in (50, 500):
        choices, weights = synthetic_answers(REPETITIONS, questions.size, answered=answered, seed=2)
        agreement(index, questions, choices[0], weights[0])  # warm-up
        samples = []
        for row in range(REPETITIONS):
            _, seconds = timed(agreement, index, questions, choices[row], weights[row])
            samples.append(seconds * 1e3)
        median, p95 = np.median(samples), np.percentile(samples, 95)
        verdict = "OK" if median < TARGET_MS else "OVER TARGET"
        print(
            f"   {answered:4d} answered: median {median:6.3f} ms, p95 {p95:6.3f} ms "
            f"(target {TARGET_MS} ms: {verdict})"
        )

    # Per request without the cache: build this citizen's links from a dict of vote ids.
    choices, weights = synthetic_answers(1, questions.size, answered=500, seed=3)
    answered_rows = np.flatnonzero(~np.isnan(choices[0]))
    links = {}
    for row in answered_rows:
        start, stop = questions.offsets[row], questions.offsets[row + 1]
        links[int(questions.question_ids[row])] = [
            (int(ballots.vote_ids[c]), int(p))
            for c, p in zip(
                questions.columns[start:stop], questions.polarity[start:stop], strict=True
            )
        ]
    samples = []
    for _ in range(50):
        own, seconds_link = timed(link_questions, ballots, links)
        _, seconds_score = timed(
            agreement, index, own, choices[0, answered_rows], weights[0, answered_rows]
        )
        samples.append((seconds_link + seconds_score) * 1e3)
    print(f"    500 answered, links built per request: median {np.median(samples):6.3f} ms")


def bulk(index, ballots) -> None:  # type: ignore[no-untyped-def]
    questions = synthetic_questions(ballots, questions=QUESTIONNAIRE, seed=4)
    deputies = ballots.shape[0]
    targets = deputies + 2 * ballots.faction_ids.size
    print(
        f"\n2. agreement_many: {QUESTIONNAIRE}-question questionnaire, "
        f"{QUESTIONNAIRE_ANSWERED} answered each, {targets} targets x 2 views"
    )
    print(
        f"   {'citizens':>10} {'seconds':>9} {'citizens/s':>12} {'bare matmul s':>14} {'ratio':>6}"
    )
    rng = np.random.default_rng(5)
    bare_right = rng.random((QUESTIONNAIRE, deputies))
    for citizens in (1, 1_000, 100_000, 1_000_000):
        size = min(citizens, CHUNK)
        choices, weights = synthetic_answers(
            size, QUESTIONNAIRE, answered=QUESTIONNAIRE_ANSWERED, seed=6
        )
        bare_left = np.nan_to_num(choices)
        agreement_many(index, questions, choices[:1], weights[:1])  # warm-up
        engine = bare = 0.0
        for _ in range(citizens // size):
            _, seconds = timed(agreement_many, index, questions, choices, weights)
            engine += seconds
            _, seconds = timed(np.matmul, bare_left, bare_right)
            bare += seconds
        print(
            f"   {citizens:>10,} {engine:9.3f} {citizens / engine:12,.0f} {bare:14.4f} "
            f"{engine / bare:6.1f}"
        )
    print(
        "   ratio = agreement_many time / bare (C, 50) x (50, 100) float64 product time; the "
        "engine does ~9x its flops\n   (both views, 116 targets, overlap counts) plus "
        "validation and the nan rule."
    )


def main() -> None:
    started = time.perf_counter()
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs; SYNTHETIC data (matching.synthetic)")
    term, seconds = timed(synthetic_term)
    ballots = term.ballots
    print(f"synthetic_term: {ballots.shape[0]} x {ballots.shape[1]:,} in {seconds:.2f} s")
    index, seconds = timed(matching_index, ballots)
    print(f"matching_index (once per term): {seconds * 1e3:.0f} ms")
    questions = synthetic_questions(ballots, questions=PUBLISHED_QUESTIONS, seed=1)
    single_citizen(index, questions, ballots)
    bulk(index, ballots)
    print(f"\ntotal {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
