"""Backup and restore of PostgreSQL, the documented way (docs/reliability.md), checked end to end.

``python -m benchmarks.load.faults.backup_restore`` builds a database on a private PostgreSQL
(migrate, the bundled sample, a few respondents with answers written through the participation
services), backs it up with ``pg_dump --format=custom``, restores it into a new database with
``pg_restore``, and compares them.

Pass when every table has the same rows in both (count and an md5 of the rows in key order), every
sequence stands at the same value (new rows after a restore get fresh ids), and the restored
database accepts a new answer.
"""

# ruff: noqa: S603, S608  (fixed local commands; table names come from the catalogue)
from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from benchmarks.load.faults.common import ROOT, PrivatePostgres, _pg_bin, free_port, verdict

SEED_ANSWERS = """
from parvaipret.participation import services
from parvaipret.participation.models import Question
questions = list(Question.objects.filter(published_at__isnull=False).order_by("id"))
for n in range(5):
    respondent = services.respondent_create()
    services.answers_submit(respondent=respondent, answers=[
        services.AnswerInput(question_id=q.id, choice=("for", "against", "abstain")[(n + i) % 3])
        for i, q in enumerate(questions)
    ])
print(len(questions) * 5)
"""
NEW_ANSWER = """
from parvaipret.participation import services
from parvaipret.participation.models import Question
respondent = services.respondent_create()
question = Question.objects.filter(published_at__isnull=False).first()
print(services.answer_submit(respondent=respondent, question=question, choice="for").pk)
"""


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def fingerprint(url: str) -> tuple[dict[str, tuple[int, str]], dict[str, int]]:
    """Per table (row count, md5 of its rows in key order), and each sequence's last value."""
    tables: dict[str, tuple[int, str]] = {}
    sequences: dict[str, int] = {}
    with psycopg.connect(url) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        for name in names:
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f'FROM "{name}" t'
            ).fetchone()
            tables[name] = (count, digest)
        for (name,) in conn.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall():
            sequences[name] = conn.execute(
                "SELECT coalesce(last_value, 0) FROM pg_sequences WHERE sequencename = %s",
                [name],
            ).fetchone()[0]
    return tables, sequences


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="pvp_fault_backup_"))
    folder.chmod(0o755)
    postgres = PrivatePostgres(folder / "pg", free_port())
    backup = folder / "parvaipret.dump"
    try:
        postgres.init()
        postgres.start()
        admin = postgres.url("postgres").replace("postgres://", "postgresql://", 1)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("CREATE DATABASE parvaipret")
        env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "CACHE_URL")}
        env.update(
            {
                "DEBUG": "0",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "DATA_DIR": str(folder),
                "DATABASE_URL": postgres.url("parvaipret"),
            }
        )
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "load_sample")
        answers = _manage(env, "shell", "-v", "0", "-c", SEED_ANSWERS).strip().splitlines()[-1]

        began = time.perf_counter()
        subprocess.run(
            [_pg_bin("pg_dump"), "--format=custom", "--no-owner", "-h", "127.0.0.1", "-p",
             str(postgres.port), "-U", "postgres", "-f", str(backup), "parvaipret"],
            check=True,
        )  # fmt: skip
        dumped = time.perf_counter() - began
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("CREATE DATABASE restored")
        began = time.perf_counter()
        subprocess.run(
            [_pg_bin("pg_restore"), "--no-owner", "--exit-on-error", "-h", "127.0.0.1", "-p",
             str(postgres.port), "-U", "postgres", "-d", "restored", str(backup)],
            check=True,
        )  # fmt: skip
        restored = time.perf_counter() - began

        source_url = postgres.url("parvaipret").replace("postgres://", "postgresql://", 1)
        restored_url = postgres.url("restored").replace("postgres://", "postgresql://", 1)
        source_tables, source_sequences = fingerprint(source_url)
        restored_tables, restored_sequences = fingerprint(restored_url)
        differing = sorted(t for t in source_tables if source_tables[t] != restored_tables.get(t))
        sequences_equal = source_sequences == restored_sequences
        new_answer = (
            _manage(
                {**env, "DATABASE_URL": postgres.url("restored")},
                "shell",
                "-v",
                "0",
                "-c",
                NEW_ANSWER,
            )
            .strip()
            .splitlines()[-1]
        )
        rows = sum(count for count, _ in source_tables.values())
        print(
            f"backup: {backup.stat().st_size / 1024:.0f} KiB in {dumped:.1f} s; restore "
            f"{restored:.1f} s; {len(source_tables)} tables, {rows} rows ({answers} answers "
            f"seeded); new answer in the restored database: id {new_answer}"
        )
    finally:
        postgres.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)

    passed = not differing and sequences_equal and new_answer.isdigit()
    detail = (
        f"{len(source_tables)} tables, {rows} rows identical after pg_dump/pg_restore"
        if not differing
        else f"tables differ: {differing}"
    ) + (", sequences equal" if sequences_equal else ", SEQUENCES DIFFER")
    return verdict("backup-restore", passed, detail)


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
