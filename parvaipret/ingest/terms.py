"""The convocations the ingest knows how to start: their first sittings (saeima-data.md 4.2-4.3)."""

from __future__ import annotations

import datetime as dt

from parvaipret.core.exceptions import ApplicationError
from parvaipret.ingest.runs import RunLog
from parvaipret.parliament.models import Term
from parvaipret.parliament.services import term_upsert

TERM_STARTS = {13: dt.date(2018, 11, 6), 14: dt.date(2022, 11, 1)}
UNKNOWN_TERM = "the {term}. Saeima's first sitting is not known here (known: {known})"


def term_ensure(*, log: RunLog, number: int) -> Term:
    """The `Term` of convocation `number`, created with its real first sitting if missing."""
    existing = Term.objects.filter(number=number).first()
    if existing is not None:
        log.count("noop")
        return existing
    if number not in TERM_STARTS:
        raise ApplicationError(
            UNKNOWN_TERM.format(term=number, known=", ".join(map(str, sorted(TERM_STARTS))))
        )
    term, outcome = term_upsert(number=number, start=TERM_STARTS[number])
    log.count(outcome)
    return term
