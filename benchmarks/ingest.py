"""Ingest a whole term of roll calls through the ingest services: target under 60 s.

ALL DATA HERE ARE SYNTHETIC: a made-up "99th Saeima" (so it can never be mistaken for a real
one) with 100 made-up deputies ("Vārds001 Uzvārds001" …) in 8 made-up factions, and 20,000 roll
calls of 100 ballots each (2,000,000 ballots), spread over 300 weekly sittings from 2030 on.
Choices are drawn with a fixed seed; the printed tallies are computed from the ballots.

The data go the way scraped pages go: `VoteRecord`s (the scrapers' records) → `vote_prepare`
(name resolution against the memberships, motive parsing, sanity checks) →
`sitting_votes_store` (one transaction per sitting, `votes_upsert` with bulk inserts). A second,
identical run is timed as well (everything must come back "unchanged").

Run from the repository root against a migrated scratch database, e.g.::

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE pvp_bench_ingest"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pvp_bench_ingest DEBUG=1 \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pvp_bench_ingest DEBUG=1 \\
        .venv/bin/python benchmarks/ingest.py

It deletes the synthetic term again at the end (`--keep` keeps it). `--votes N` runs a smaller
term (the ratio is then not the target's).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from parvaipret.ingest.deputies import deputies_observe  # noqa: E402
from parvaipret.ingest.models import ScrapeRun  # noqa: E402
from parvaipret.ingest.names import DeputyResolver  # noqa: E402
from parvaipret.ingest.runs import RunLog  # noqa: E402
from parvaipret.ingest.votes import (  # noqa: E402
    sitting_data,
    sitting_votes_store,
    vote_prepare,
)
from parvaipret.parliament.models import (  # noqa: E402
    Ballot,
    Deputy,
    Faction,
    Membership,
    Sitting,
    Term,
    Vote,
)
from parvaipret.parliament.services import term_upsert  # noqa: E402
from scrapers.records.parliament import (  # noqa: E402
    BallotChoice,
    BallotRecord,
    DeputyRecord,
    NameOrder,
    SittingKind,
    VoteRecord,
)

TARGET_SECONDS = 60.0
SYNTHETIC_TERM = 99
DEPUTIES, FACTIONS, VOTES, SITTINGS = 100, 8, 20_000, 300
RIGA = ZoneInfo("Europe/Riga")
FIRST_SITTING = dt.date(2030, 1, 3)
CHOICES = (BallotChoice.FOR, BallotChoice.AGAINST, BallotChoice.ABSTAIN, BallotChoice.DID_NOT_VOTE)


def synthetic_roster() -> list[DeputyRecord]:
    return [
        DeputyRecord(
            external_id=f"{0x99000000 + n:032X}",
            first_name=f"Vārds{n:03d}",
            last_name=f"Uzvārds{n:03d}",
            full_name=f"Vārds{n:03d} Uzvārds{n:03d}",
            faction_short=f"F{n % FACTIONS + 1}",
            faction_name=f"Sintētiskā frakcija {n % FACTIONS + 1}",
            source_url="",
            term=SYNTHETIC_TERM,
        )
        for n in range(DEPUTIES)
    ]


def synthetic_sittings(votes: int, seed: int = 99) -> list[tuple[dt.date, list[VoteRecord]]]:
    rng = np.random.default_rng(seed)
    roster = synthetic_roster()
    per_sitting = -(-votes // SITTINGS)
    choices = rng.choice(4, size=(votes, DEPUTIES), p=[0.55, 0.25, 0.1, 0.1])
    sittings = []
    for s in range(-(-votes // per_sitting)):
        day = FIRST_SITTING + dt.timedelta(weeks=s)
        records = []
        for v in range(s * per_sitting, min((s + 1) * per_sitting, votes)):
            ballots = tuple(
                BallotRecord(
                    full_name=deputy.full_name,
                    name_order=NameOrder.GIVEN_FIRST,
                    faction_short=deputy.faction_short or "",
                    choice=CHOICES[choices[v, d]],
                )
                for d, deputy in enumerate(roster)
            )
            counts = np.bincount(choices[v], minlength=4)
            records.append(
                VoteRecord(
                    external_id=f"synthetic-{v:05d}",
                    term=SYNTHETIC_TERM,
                    timestamp=dt.datetime.combine(day, dt.time(9), tzinfo=RIGA)
                    + dt.timedelta(minutes=v - s * per_sitting),
                    motive=f"Sintētisks likumprojekts ({v + 1}/Lp{SYNTHETIC_TERM}), 2.lasījums",
                    result=None,
                    votes_for=int(counts[0]),
                    votes_against=int(counts[1]),
                    votes_abstain=int(counts[2]),
                    is_secret=False,
                    is_candidate_vote=False,
                    ballots=ballots,
                    source_url="",
                )
            )
        sittings.append((day, records))
    return sittings


def ingest(term: Term, sittings: list[tuple[dt.date, list[VoteRecord]]]) -> tuple[ScrapeRun, dict]:
    """One pass over the synthetic term; returns the run and the seconds spent per phase."""
    log = RunLog(pipeline="benchmark_ingest_synthetic", params={"term": SYNTHETIC_TERM})
    resolver = DeputyResolver(term=term)
    phases = {"prepare (resolve, read, check)": 0.0, "store (one transaction per sitting)": 0.0}
    for day, records in sittings:
        started = time.perf_counter()
        prepared = [
            vote_prepare(record=record, term=term, resolver=resolver, bill_ids={})
            for record in records
        ]
        sitting = sitting_data(
            term=term, date=day, external_id=f"synthetic-sitting-{day}", kind=SittingKind.REGULAR
        )
        middle = time.perf_counter()
        sitting_votes_store(log=log, sitting=sitting, votes=prepared)
        phases["prepare (resolve, read, check)"] += middle - started
        phases["store (one transaction per sitting)"] += time.perf_counter() - middle
    return log.finish(), phases


def _print_phases(phases: dict) -> None:
    for name, seconds in phases.items():
        print(f"    {name}: {seconds:.1f} s")


def delete_term(term: Term) -> None:
    Ballot.objects.filter(vote__term=term).delete()
    Vote.objects.filter(term=term).delete()
    Sitting.objects.filter(term=term).delete()
    Membership.objects.filter(term=term).delete()
    deputies = [f"{0x99000000 + n:032X}" for n in range(DEPUTIES)]
    Deputy.objects.filter(external_id__in=deputies).delete()
    Faction.objects.filter(term=term).delete()
    ScrapeRun.objects.filter(
        pipeline__in=["benchmark_ingest_synthetic", "benchmark_roster"]
    ).delete()
    term.delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", type=int, default=VOTES)
    parser.add_argument("--keep", action="store_true", help="keep the synthetic term afterwards")
    options = parser.parse_args()

    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    print("SYNTHETIC DATA: a made-up 99th Saeima, 100 made-up deputies, 8 made-up factions")
    existing = Term.objects.filter(number=SYNTHETIC_TERM).first()
    if existing is not None:
        print("removing a synthetic term left by an earlier run")
        delete_term(existing)

    started = time.perf_counter()
    sittings = synthetic_sittings(options.votes)
    print(
        f"generated {options.votes:,} roll calls x {DEPUTIES} ballots in {len(sittings)} sittings"
        f" ({time.perf_counter() - started:.1f} s, not counted)"
    )

    term, _ = term_upsert(number=SYNTHETIC_TERM, start=FIRST_SITTING)
    roster_log = RunLog(pipeline="benchmark_roster")
    deputies_observe(log=roster_log, term=term, records=synthetic_roster(), on=FIRST_SITTING)
    roster_log.finish()

    try:
        started = time.perf_counter()
        first, phases = ingest(term, sittings)
        first_seconds = time.perf_counter() - started
        print(
            f"first run:  {first_seconds:6.1f} s  inserted {first.inserted:,}, "
            f"updated {first.updated}, unchanged {first.unchanged}, failed {first.failed}"
        )
        _print_phases(phases)
        started = time.perf_counter()
        second, phases = ingest(term, sittings)
        second_seconds = time.perf_counter() - started
        print(
            f"second run: {second_seconds:6.1f} s  inserted {second.inserted}, "
            f"updated {second.updated}, unchanged {second.unchanged:,}, failed {second.failed}"
        )
        _print_phases(phases)
        stored = Ballot.objects.filter(vote__term=term).count()
        print(f"ballots stored: {stored:,}")
        print(
            f"ratio to the {TARGET_SECONDS:.0f} s target (first run): "
            f"{first_seconds / TARGET_SECONDS:.2f} "
            f"({'met' if first_seconds < TARGET_SECONDS else 'NOT met'})"
        )
    finally:
        if not options.keep:
            delete_term(term)


if __name__ == "__main__":
    main()
