"""Fault: an import killed half-way, then rerun.

``python -m benchmarks.load.faults.scrape_interrupt`` imports the bundled real sitting
(``manage.py import_dump``, the same pipeline and services as the scrapers) into a private
PostgreSQL: once cleanly into a reference database, then into the target database with the
process killed (SIGKILL, no chance to clean up) at several moments spread over the import, each
kill followed by a check, then one last run to the end.

Pass when:
- after every kill, each stored roll call has all of its ballots (the same number as in the
  reference): nothing is half stored;
- after the final rerun, every table of the parliament data holds exactly the reference's rows
  (no duplicates, nothing missing), and a further run changes nothing.
"""

# ruff: noqa: S603, S608  (fixed local commands; table names are constants)
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from benchmarks.load.faults.common import ROOT, PrivatePostgres, free_port, verdict

BUNDLED = ROOT / "parvaipret" / "ingest" / "fixtures" / "saeima14-2026-04-16"
TABLES = (
    "parliament_term",
    "parliament_faction",
    "parliament_deputy",
    "parliament_membership",
    "parliament_sitting",
    "parliament_vote",
    "parliament_ballot",
)
BALLOTS_PER_VOTE = """
    SELECT v.timestamp, coalesce(v.external_id, v.opendata_id, ''), count(b.id)
    FROM parliament_vote v LEFT JOIN parliament_ballot b ON b.vote_id = v.id
    GROUP BY v.id
"""


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def _ballots(url: str) -> dict[tuple, int]:
    with psycopg.connect(url) as conn:
        return {(ts, key): n for ts, key, n in conn.execute(BALLOTS_PER_VOTE).fetchall()}


def _kill_while_inserting_ballots(env: dict[str, str], url: str, timeout: float = 60) -> bool:
    """Start an import and SIGKILL it the moment PostgreSQL shows it inserting ballots."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_dump", str(BUNDLED)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen = False
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as conn:
        while process.poll() is None and time.monotonic() < deadline:
            seen = bool(
                conn.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND query ILIKE %s",
                    ["%parliament_ballot%"],
                ).fetchone()
            )
            if seen:
                break
            time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return seen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=6, help="interrupted runs before the last")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="pvp_fault_scrape_"))
    folder.chmod(0o755)
    postgres = PrivatePostgres(folder / "pg", free_port())
    try:
        postgres.init()
        postgres.start()
        admin = postgres.url("postgres").replace("postgres://", "postgresql://", 1)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("CREATE DATABASE target")
        base = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "CACHE_URL")}
        base.update(
            {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "DATA_DIR": str(folder)}
        )
        target_env = {**base, "DATABASE_URL": postgres.url("target")}
        ref_env = {**base, "DATABASE_URL": postgres.url("reference")}
        migrated = _manage(target_env, "migrate", "--noinput", "-v0")
        if migrated.returncode != 0:
            raise SystemExit(migrated.stderr)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("CREATE DATABASE reference TEMPLATE target")

        began = time.perf_counter()
        clean = _manage(ref_env, "import_dump", str(BUNDLED))
        clean_seconds = time.perf_counter() - began
        if clean.returncode != 0:
            raise SystemExit(clean.stdout + clean.stderr)
        ref_url = postgres.url("reference").replace("postgres://", "postgresql://", 1)
        target_url = postgres.url("target").replace("postgres://", "postgresql://", 1)
        reference, ref_ballots = _counts(ref_url), _ballots(ref_url)
        print(f"clean import: {clean_seconds:.1f} s, {reference}")

        half_stored = 0
        seen_inserting = _kill_while_inserting_ballots(target_env, target_url)
        stored = _ballots(target_url)
        partial = {k: n for k, n in stored.items() if n != ref_ballots.get(k)}
        half_stored += len(partial)
        print(
            f"kill 0 while the roll calls' transaction was inserting ballots "
            f"({'seen' if seen_inserting else 'NOT seen'}): {len(stored)} of {len(ref_ballots)} "
            f"roll calls stored, {len(partial)} of them incomplete"
        )
        for n in range(args.kills):
            delay = clean_seconds * (n + 1) / (args.kills + 1)
            process = subprocess.Popen(
                [sys.executable, "manage.py", "import_dump", str(BUNDLED)],
                cwd=ROOT,
                env=target_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(delay)
            finished_first = process.poll() is not None
            process.send_signal(signal.SIGKILL)
            process.wait()
            stored = _ballots(target_url)
            partial = {k: n for k, n in stored.items() if n != ref_ballots.get(k)}
            half_stored += len(partial)
            print(
                f"kill {n + 1} at {delay:.1f} s"
                f"{' (it had already finished)' if finished_first else ''}: "
                f"{len(stored)} of {len(ref_ballots)} roll calls stored, "
                f"{len(partial)} of them incomplete"
            )

        final = _manage(target_env, "import_dump", str(BUNDLED))
        again = _manage(target_env, "import_dump", str(BUNDLED))
        print(final.stdout.strip())
        print(again.stdout.strip())
        counts = _counts(target_url)
        differing = {t: (counts[t], reference[t]) for t in TABLES if counts[t] != reference[t]}
        same_ballots = _ballots(target_url) == ref_ballots
        idempotent = " 0 inserted, 0 updated," in again.stdout
        with psycopg.connect(target_url) as conn:
            unfinished = conn.execute(
                "SELECT count(*) FROM ingest_scraperun WHERE finished_at IS NULL"
            ).fetchone()[0]
        print(f"final: {counts}; runs left unfinished by the kills: {unfinished}")
    finally:
        postgres.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)

    passed = (
        seen_inserting
        and half_stored == 0
        and not differing
        and same_ballots
        and final.returncode == 0
        and idempotent
    )
    detail = (
        f"{args.kills} kills, {half_stored} half-stored roll calls seen; after the rerun "
        f"{'every table equals the clean import' if not differing else f'differences {differing}'}"
        f", a further run {'changes nothing' if idempotent else 'CHANGED DATA'}"
    )
    return verdict("scrape-interrupt", passed, detail)


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
