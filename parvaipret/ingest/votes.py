"""From a parsed roll call (`VoteRecord`) to stored rows, the same way for every source.

`vote_prepare` resolves the printed names and factions, reads the motive, runs the sanity checks
and returns plain `VoteData` + `BallotData`; it raises `IngestError` (or `ApplicationError` /
`ValidationError`) for a roll call that must be quarantined. `sitting_votes_store` then writes a
sitting and the roll calls that passed in one transaction, counting each outcome on the run.
The titania pages, the data.gov.lv XML, the dump and the benchmark all go through these two.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from parvaipret.core.exceptions import ApplicationError
from parvaipret.ingest.errors import KIND_SANITY, KIND_STORE, IngestError
from parvaipret.ingest.names import DeputyResolver
from parvaipret.ingest.runs import RunLog
from parvaipret.legislation.models import Bill
from parvaipret.parliament.models import Sitting, Term, Vote
from parvaipret.parliament.services import (
    BallotData,
    Provenance,
    SittingData,
    VoteData,
    sitting_upsert,
    vote_check,
    vote_validate,
    votes_upsert,
)
from scrapers.records.parliament import Reading, SittingKind, VoteRecord
from scrapers.saeima.motives import parse_motive

logger = logging.getLogger(__name__)

RIGA = ZoneInfo("Europe/Riga")

READINGS: Mapping[Reading, str] = {
    Reading.REFERRAL: Vote.Reading.REFERRAL,
    Reading.FIRST: Vote.Reading.FIRST,
    Reading.SECOND: Vote.Reading.SECOND,
    Reading.THIRD: Vote.Reading.THIRD,
}
SITTING_KINDS: Mapping[SittingKind, str] = {
    SittingKind.REGULAR: Sitting.Kind.REGULAR,
    SittingKind.EXTRAORDINARY: Sitting.Kind.EXTRAORDINARY,
    SittingKind.CEREMONIAL: Sitting.Kind.SOLEMN,
    SittingKind.CLOSED: Sitting.Kind.CLOSED,
    SittingKind.QUESTIONS: Sitting.Kind.QUESTIONS,
    SittingKind.EXTRAORDINARY_SESSION: Sitting.Kind.EXTRAORDINARY_SESSION,
    # "kārtējā sēde pusstundu pēc ārkārtas": a regular sitting held after an extraordinary one.
    SittingKind.REGULAR_AFTER_EXTRAORDINARY: Sitting.Kind.REGULAR,
}
# Official outcome labels (agenda page / open data RESULT) whose meaning is unambiguous. Other
# labels ("Paziņojums", "Izslēgts no DK", ...) are kept verbatim with the outcome left empty.
OUTCOMES: Mapping[str, str] = {
    "pieņemts": Vote.Outcome.ADOPTED,
    "likums": Vote.Outcome.ADOPTED,
    "nod. kom.": Vote.Outcome.ADOPTED,
    "noraidīts": Vote.Outcome.REJECTED,
}


class UnresolvedBallotsError(IngestError):
    """Ballots of one roll call that name no deputy (or a faction nobody knows): all listed."""

    def __init__(self, errors: Sequence[IngestError]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.kind = errors[0].kind
        self.errors = tuple(errors)


@dataclass(frozen=True, slots=True)
class PreparedVote:
    """A roll call that passed every check, ready for `sitting_votes_store`."""

    data: VoteData
    ballots: tuple[BallotData, ...]
    source: str


def vote_day(timestamp: dt.datetime) -> dt.date:
    """The Riga calendar day of a vote time (the Saeima prints local time)."""
    return timestamp.astimezone(RIGA).date()


def outcome_for(label: str | None) -> str:
    return OUTCOMES.get(" ".join((label or "").split()).casefold(), Vote.Outcome.UNKNOWN)


def bill_ids_for(records: Sequence[VoteRecord]) -> dict[str, int]:
    """{document number: Bill id} for the documents these roll calls vote on (one query)."""
    numbers = {parse_motive(r.motive).document_number for r in records} - {None}
    return dict(Bill.objects.filter(number__in=numbers).values_list("number", "pk"))


def vote_prepare(
    *,
    record: VoteRecord,
    term: Term,
    resolver: DeputyResolver,
    id_kind: str = "titania",
    outcome_label: str | None = None,
    number: int | None = None,
    fetched_at: dt.datetime | None = None,
    checksum: str = "",
    bill_ids: Mapping[str, int] | None = None,
) -> PreparedVote:
    """Resolve, read and check one roll call; raise for one that must be quarantined.

    `id_kind` says which id `record.external_id` is: "titania" (vote page guid/UNID) or
    "opendata" (VOTING_ID). `outcome_label` is the agenda's label when the vote page has none.
    """
    if record.term != term.number:
        raise IngestError(f"the roll call belongs to the {record.term}. Saeima, not the {term}")
    motive = parse_motive(record.motive)
    label = record.result or outcome_label or ""
    day = vote_day(record.timestamp)
    ballots_in_page_order = sorted(
        record.ballots, key=lambda b: b.position if b.position is not None else 0
    )
    ballots, unresolved = resolver.ballots(ballots_in_page_order, on=day)
    if unresolved:
        raise UnresolvedBallotsError(unresolved)
    document = motive.document_number
    if bill_ids is None:
        bill_ids = bill_ids_for([record]) if document else {}
    data = VoteData(
        term_id=term.pk,
        timestamp=record.timestamp,
        motive=record.motive,
        for_count=record.votes_for,
        against_count=record.votes_against,
        abstain_count=record.votes_abstain,
        external_id=record.external_id if id_kind == "titania" else None,
        opendata_id=record.external_id if id_kind == "opendata" else None,
        number=number if number is not None else record.sequence,
        document_numbers=", ".join(motive.document_numbers),
        bill_id=bill_ids.get(document) if document else None,
        reading=READINGS.get(motive.reading, "") if motive.reading else "",
        is_urgent=motive.urgent,
        is_proposal=motive.is_proposal,
        is_secret=record.is_secret,
        is_candidate_vote=record.is_candidate_vote,
        outcome=outcome_for(label),
        outcome_label=label,
        not_voting_count=record.not_voting if record.ballots else None,
        provenance=Provenance(
            source_url=record.source_url, fetched_at=fetched_at, checksum=checksum
        ),
    )
    vote_validate(data=data)
    vote_check(data=data, ballots=ballots)
    return PreparedVote(data=data, ballots=tuple(ballots), source=record.source_url)


def failure_kind(error: Exception) -> str:
    if isinstance(error, IngestError):
        return error.kind
    return KIND_SANITY


def failure_message(error: Exception) -> str:
    if isinstance(error, ApplicationError | IngestError):
        return error.message
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error)


PREPARE_ERRORS = (IngestError, ApplicationError, ValidationError)


def sitting_data(
    *,
    term: Term,
    date: dt.date,
    external_id: str | None = None,
    opendata_id: str | None = None,
    kind: SittingKind | str | None = None,
    source_url: str = "",
    fetched_at: dt.datetime | None = None,
    checksum: str = "",
) -> SittingData:
    if isinstance(kind, SittingKind):
        kind = SITTING_KINDS[kind]
    return SittingData(
        term_id=term.pk,
        date=date,
        external_id=external_id,
        opendata_id=opendata_id,
        kind=kind or "",
        provenance=Provenance(source_url=source_url, fetched_at=fetched_at, checksum=checksum),
    )


def sitting_votes_store(
    *, log: RunLog, sitting: SittingData | Sitting | None, votes: Sequence[PreparedVote]
) -> Sitting | None:
    """Store a sitting and its prepared roll calls in one transaction, counting outcomes.

    `sitting` is either the sitting's data (upserted here) or an already stored `Sitting` (a
    single vote page added to it). If the database refuses the batch, nothing of it is kept and
    every roll call is counted as failed with the reason; the run goes on.
    """
    upsert = isinstance(sitting, SittingData)
    try:
        with transaction.atomic():
            stored_sitting = sitting if isinstance(sitting, Sitting) else None
            if isinstance(sitting, SittingData):
                stored_sitting, outcome = sitting_upsert(data=sitting)
                log.count(outcome)
            items = [
                (
                    replace(p.data, sitting_id=stored_sitting.pk) if stored_sitting else p.data,
                    p.ballots,
                )
                for p in votes
            ]
            for _vote, outcome in votes_upsert(items=items) if items else []:
                log.count(outcome)
    except (DatabaseError, ApplicationError, ValidationError) as error:
        where = votes[0].source if votes else ""
        if isinstance(sitting, SittingData):
            where = sitting.provenance.source_url or where
        log.fail(
            source=where or "sitting",
            kind=KIND_STORE,
            message=f"{len(votes)} roll calls were not stored: {error}",
            n=len(votes) + (1 if upsert else 0),
        )
        return None
    return stored_sitting


def rows_checksum(*parts: str) -> str:
    """The checksum of a record read from rows of a file rather than from its own page."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()
