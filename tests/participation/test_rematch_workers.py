"""Re-matching on real Celery workers over Redis: 1 and then 2 worker processes finish every
chunk, and every respondent's stored ranking equals a fresh computation.

The workers need the same database and cache as the checks, so this runs on a scratch SQLite
file and a scratch Redis cache database (``benchmarks/scaleout.py`` holds the machinery).
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import pytest

from benchmarks.scaleout import (
    flush_cache,
    prepare_database,
    run_rematch,
    scratch_env,
    stored_results,
    wait_ready,
    workers,
)

RESPONDENTS = 120
CHUNK_SIZE = 25


@pytest.fixture
def scratch():
    database = Path(tempfile.gettempdir()) / f"pvp_h12_rematch_{uuid.uuid4().hex[:8]}.sqlite3"
    env = scratch_env(database=database, cache_db=14)
    prepare_database(respondents=RESPONDENTS, env=env)
    yield env
    database.unlink(missing_ok=True)


@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.parametrize("count", [1, 2])
def test_rematch_on_real_workers_stores_every_respondents_ranking(scratch, count):
    queue = f"rematch-{uuid.uuid4().hex[:8]}"
    flush_cache(scratch)
    with workers(count, queue=queue, env=scratch):
        wait_ready(queue, count)
        summary, _ = run_rematch(queue=queue, chunk_size=CHUNK_SIZE, timeout=120)
    check = stored_results(scratch)

    total = summary["respondents"]  # the seeded ones and those of the fixture term
    assert total >= RESPONDENTS
    assert summary["chunks"] == -(-total // CHUNK_SIZE)
    assert len(summary["stored_per_chunk"]) == summary["chunks"]
    assert sum(summary["stored_per_chunk"]) == total
    assert check == {"stored": total, "equal": total}
