"""The project's dump layout (deputies.csv, votes.csv, ballots.csv): import and export.

The layout is described in the README of /work/shared/data/saeima14-2026-04-16/ (bundled in
`parvaipret/ingest/fixtures/`). `dump_import` reads it through helper parsers of `scrapers/` and
stores it with the same services as the scrapers: the term, the factions seen, the deputies, a
membership per deputy observed on the sitting day (the faction printed on their ballots; the
roster's faction for those who did not vote), the sitting (with its titania GUID and kind from
the sittings calendar when it lists that day) and the roll calls with their ballots. It is
idempotent: a second import counts everything as unchanged.

Each roll call is parsed and checked on its own (its row of votes.csv with its rows of
ballots.csv), so one bad roll call is quarantined with its rows and the others are stored.

`dump_export` writes the same three files from the database. Two columns are not stored as such
and are derived: a ballot's `position` is its rank within its choice group in the order the
ballots were stored (which is the printed order), and a deputy's `source` is the note of the
membership the row comes from (or its source URL).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from django.db.models import Q
from django.utils import timezone

from parvaipret.core.exceptions import ApplicationError
from parvaipret.ingest.deputies import deputies_observe
from parvaipret.ingest.errors import KIND_PARSE
from parvaipret.ingest.models import ScrapeRun
from parvaipret.ingest.names import DeputyResolver, printed_name_key
from parvaipret.ingest.runs import RunLog
from parvaipret.ingest.terms import TERM_STARTS, term_ensure
from parvaipret.ingest.votes import (
    PREPARE_ERRORS,
    RIGA,
    PreparedVote,
    bill_ids_for,
    failure_kind,
    failure_message,
    rows_checksum,
    sitting_data,
    sitting_votes_store,
    vote_day,
    vote_prepare,
)
from parvaipret.parliament.models import Ballot, Deputy, Membership, Term, Vote
from parvaipret.parliament.services import SittingData
from scrapers.errors import ParseError
from scrapers.records.parliament import SittingKind, SittingRecord, VoteRecord
from scrapers.saeima.calendar import parse_sittings_json
from scrapers.saeima.deputies import UNAFFILIATED_NAME, parse_dump_deputies_csv
from scrapers.saeima.urls import vote_page_url
from scrapers.saeima.votes import parse_dump_votes

logger = logging.getLogger(__name__)

BUNDLED = Path(__file__).resolve().parent / "fixtures"
BUNDLED_SAMPLE = BUNDLED / "saeima14-2026-04-16"
BUNDLED_CALENDAR = BUNDLED / "saeima14_sittings_calendar_2022-2026.json"

DEPUTIES_CSV = "deputies.csv"
VOTES_CSV = "votes.csv"
BALLOTS_CSV = "ballots.csv"
DEPUTY_COLUMNS = ("deputy_id", "first_name", "last_name", "faction_short", "faction_name", "source")
VOTE_COLUMNS = (
    "vote_id",
    "term",
    "timestamp",
    "motive",
    "for",
    "against",
    "abstain",
    "not_voting",
    "ballots",
)
BALLOT_COLUMNS = ("vote_id", "position", "full_name", "faction_short", "choice")
PRINTED_CHOICES = {
    Ballot.Choice.FOR: "Par",
    Ballot.Choice.AGAINST: "Pret",
    Ballot.Choice.ABSTAIN: "Atturas",
    Ballot.Choice.DID_NOT_VOTE: "Nebalsoja",
}
# The dump README's `source` for deputies found in no roster: vote pages print only the code,
# so such rows carry no faction name.
VOTE_PAGES_ONLY = "vote pages only"

MISSING_FILE = "the dump has no {name}"
MIXED_TERMS = "the dump mixes roll calls of several terms: {terms}"

# Sitting kinds without roll calls: when a day has several sittings, the votes belong to another.
_NO_VOTES = {SittingKind.QUESTIONS, SittingKind.CEREMONIAL}


# --- import ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DumpVote:
    vote_id: str
    vote_csv: str  # header + the vote's row
    ballots_csv: str  # header + the vote's ballot rows
    source: str

    @property
    def content(self) -> bytes:
        return (self.vote_csv + self.ballots_csv).encode("utf-8")


def _csv_text(rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def _split_by_vote(
    votes_text: str, ballots_text: str, source: str
) -> tuple[list[_DumpVote], list[str]]:
    """One small votes.csv + ballots.csv per roll call; also the vote ids of orphan ballots."""
    vote_rows = list(csv.reader(io.StringIO(votes_text)))
    ballot_rows = list(csv.reader(io.StringIO(ballots_text)))
    if not vote_rows or not ballot_rows:
        raise ParseError(source, "an empty votes.csv or ballots.csv")
    vote_header, ballot_header = vote_rows[0], ballot_rows[0]
    if "vote_id" not in vote_header or "vote_id" not in ballot_header:
        raise ParseError(source, "votes.csv and ballots.csv need a vote_id column")
    vote_key, ballot_key = vote_header.index("vote_id"), ballot_header.index("vote_id")
    by_vote: dict[str, list[list[str]]] = defaultdict(list)
    for row in ballot_rows[1:]:
        if row:
            by_vote[row[ballot_key]].append(row)
    votes = []
    for line, row in enumerate(vote_rows[1:], start=2):
        if not row:
            continue
        vote_id = row[vote_key] if len(row) > vote_key else f"line {line}"
        votes.append(
            _DumpVote(
                vote_id=vote_id,
                vote_csv=_csv_text([vote_header, row]),
                ballots_csv=_csv_text([ballot_header, *by_vote.pop(vote_id, [])]),
                source=f"{source} vote {vote_id}",
            )
        )
    return votes, sorted(by_vote)


def read_csv_text(path: Path, name: str, log: RunLog) -> str | None:
    """The text of the dump file `name` (BOM stripped); None, with the run failed, if missing."""
    file = path / name
    if not file.is_file():
        log.fail(source=str(file), kind=KIND_PARSE, message=MISSING_FILE.format(name=name))
        return None
    return file.read_bytes().decode("utf-8-sig")


def _calendar_sittings(calendar: Path | None, log: RunLog) -> list[SittingRecord]:
    if calendar is None:
        return []
    try:
        return parse_sittings_json(calendar.read_bytes(), url=str(calendar))
    except (OSError, ParseError) as error:
        log.error(source=str(calendar), kind=KIND_PARSE, message=f"calendar not used: {error}")
        return []


def _sitting_for_day(term: Term, day: dt.date, calendar: Sequence[SittingRecord]) -> SittingData:
    same_day = [s for s in calendar if s.term == term.number and day in (s.dates or (s.date,))]
    if len(same_day) > 1:
        same_day = [s for s in same_day if s.kind not in _NO_VOTES]
    if len(same_day) == 1:
        found = same_day[0]
        return sitting_data(
            term=term,
            date=day,
            external_id=found.external_id,
            kind=found.kind,
            source_url=found.url,
        )
    return sitting_data(term=term, date=day)


def dump_import(
    *, path: Path, calendar: Path | None = BUNDLED_CALENDAR, dry_run: bool = False
) -> ScrapeRun:
    """Load a dump folder into the database (see the module docstring); returns the run."""
    path = Path(path)
    log = RunLog(
        pipeline="import_dump",
        params={"path": str(path), "calendar": str(calendar) if calendar else None},
        dry_run=dry_run,
    )
    try:
        with log.data_changes():
            completed = _import(log, path, calendar)
    except BaseException:
        log.finish(status=ScrapeRun.Status.FAILED)
        raise
    return log.finish(status=None if completed else ScrapeRun.Status.FAILED)


def _import(log: RunLog, path: Path, calendar: Path | None) -> bool:
    """False when the dump as a whole could not be read (nothing was stored)."""
    texts = {
        name: read_csv_text(path, name, log) for name in (DEPUTIES_CSV, VOTES_CSV, BALLOTS_CSV)
    }
    if any(text is None for text in texts.values()):
        return False
    votes_source = str(path / VOTES_CSV)
    try:
        dump_votes, orphans = _split_by_vote(texts[VOTES_CSV], texts[BALLOTS_CSV], votes_source)
        roster = parse_dump_deputies_csv(texts[DEPUTIES_CSV], url=str(path / DEPUTIES_CSV))
    except ParseError as error:
        log.fail(source=error.url, kind=KIND_PARSE, message=error.reason)
        return False
    for vote_id in orphans:
        log.error(
            source=str(path / BALLOTS_CSV),
            kind=KIND_PARSE,
            message=f"ballots for vote {vote_id}, which votes.csv does not list, were skipped",
        )

    parsed: list[tuple[_DumpVote, VoteRecord]] = []
    for item in dump_votes:
        try:
            (record,) = parse_dump_votes(item.vote_csv, item.ballots_csv, url=item.source)
        except ParseError as error:
            log.fail(
                source=item.source, kind=KIND_PARSE, message=error.reason, content=item.content
            )
            continue
        parsed.append((item, record))
    terms = sorted({record.term for _, record in parsed})
    if len(terms) > 1:
        log.fail(source=votes_source, kind=KIND_PARSE, message=MIXED_TERMS.format(terms=terms))
        return False
    try:
        term = term_ensure(log=log, number=terms[0] if terms else max(TERM_STARTS))
    except ApplicationError as error:
        log.fail(source=votes_source, kind=KIND_PARSE, message=error.message)
        return False

    days = sorted({vote_day(record.timestamp) for _, record in parsed})
    for index, day in enumerate(days):
        printed: dict[str, str] = {}
        for _, record in parsed:
            if vote_day(record.timestamp) == day:
                for ballot in record.ballots:
                    key = printed_name_key(ballot.full_name)
                    printed[key] = ballot.faction_short
        last_day = index == len(days) - 1
        voters = [r for r in roster if printed_name_key(r.full_name) in printed]
        deputies_observe(
            log=log,
            term=term,
            records=roster if last_day else voters,
            on=day,
            faction_codes=printed,
        )
    if not days:
        deputies_observe(log=log, term=term, records=roster, on=timezone.localdate())

    sittings = _calendar_sittings(calendar, log)
    resolver = DeputyResolver(term=term)
    bill_ids = bill_ids_for([record for _, record in parsed])
    for day in days:
        prepared: list[PreparedVote] = []
        for item, record in parsed:
            if vote_day(record.timestamp) != day:
                continue
            record = replace(record, source_url=vote_page_url(term.number, record.external_id))
            try:
                prepared.append(
                    vote_prepare(
                        record=record,
                        term=term,
                        resolver=resolver,
                        checksum=rows_checksum(item.vote_csv, item.ballots_csv),
                        bill_ids=bill_ids,
                    )
                )
            except PREPARE_ERRORS as error:
                log.fail(
                    source=item.source,
                    kind=failure_kind(error),
                    message=failure_message(error),
                    content=item.content,
                )
        sitting_votes_store(log=log, sitting=_sitting_for_day(term, day, sittings), votes=prepared)
    return True


# --- export ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportResult:
    deputies: int
    votes: int
    ballots: int


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """One dump file: a header row, then `rows` (excel dialect, as every file of the dump)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)  # excel dialect: CRLF, minimal quoting, as the dump
        writer.writerow(header)
        writer.writerows(rows)


def _local_iso(timestamp: dt.datetime) -> str:
    return timestamp.astimezone(RIGA).replace(tzinfo=None).isoformat(timespec="seconds")


def _covers(membership: Membership, day: dt.date) -> bool:
    return (membership.start is None or membership.start <= day) and (
        membership.end is None or membership.end >= day
    )


def dump_export(
    *,
    path: Path,
    term: int = 14,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> ExportResult:
    """Write deputies.csv, votes.csv and ballots.csv of `term` (optionally a date range).

    Deputies are those with a ballot in the exported roll calls or a membership on the last
    exported day, in the order they were first stored; each row shows their membership on that
    day. Roll calls are in time order; ballots in the dump's order (position, then name).
    Secret ballots and votes on persons have no ballots to export and are left out.
    """
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    votes = Vote.objects.filter(term__number=term, is_secret=False, is_candidate_vote=False)
    if since:
        votes = votes.filter(timestamp__date__gte=since)
    if until:
        votes = votes.filter(timestamp__date__lte=until)
    votes = list(votes.order_by("timestamp", "number", "pk"))
    ballots = (
        Ballot.objects.filter(vote__in=votes)
        .exclude(choice=Ballot.Choice.ABSENT)
        .select_related("deputy", "faction")
        .order_by("vote_id", "pk")
    )
    by_vote: dict[int, list[tuple[int, str, str, str]]] = defaultdict(list)
    rank: Counter[tuple[int, str]] = Counter()
    voters: set[int] = set()
    for ballot in ballots.iterator(chunk_size=5000):
        rank[(ballot.vote_id, ballot.choice)] += 1
        voters.add(ballot.deputy_id)
        by_vote[ballot.vote_id].append(
            (
                rank[(ballot.vote_id, ballot.choice)],
                ballot.deputy.full_name,
                ballot.faction.short_name if ballot.faction else "",
                PRINTED_CHOICES[ballot.choice],
            )
        )

    vote_rows, ballot_rows = [], []
    for vote in votes:
        rows = sorted(by_vote.get(vote.pk, []), key=lambda row: (row[0], row[1]))
        vote_id = vote.external_id or vote.opendata_id or str(vote.pk)
        vote_rows.append(
            (
                vote_id,
                term,
                _local_iso(vote.timestamp),
                vote.motive,
                vote.for_count,
                vote.against_count,
                vote.abstain_count,
                sum(1 for row in rows if row[3] == PRINTED_CHOICES[Ballot.Choice.DID_NOT_VOTE]),
                len(rows),
            )
        )
        ballot_rows += [(vote_id, *row) for row in rows]

    day = vote_day(votes[-1].timestamp) if votes else (until or timezone.localdate())
    memberships = (
        Membership.objects.filter(term__number=term)
        .select_related("faction")
        .order_by("deputy_id", "start", "pk")
    )
    chosen: dict[int, Membership] = {}
    for membership in memberships:
        current = chosen.get(membership.deputy_id)
        if current is None or not _covers(current, day):
            chosen[membership.deputy_id] = membership
    members_that_day = {d for d, m in chosen.items() if _covers(m, day)}
    deputies = Deputy.objects.filter(Q(pk__in=voters) | Q(pk__in=members_that_day)).order_by("pk")
    deputy_rows = []
    for deputy in deputies:
        membership = chosen.get(deputy.pk)
        faction = membership.faction if membership else None
        source = (membership.note or membership.source_url) if membership else deputy.source_url
        if membership is None or source == VOTE_PAGES_ONLY:
            faction_name = ""
        else:
            faction_name = faction.name if faction else UNAFFILIATED_NAME
        deputy_rows.append(
            (
                deputy.external_id or "",
                deputy.first_name,
                deputy.last_name,
                faction.short_name if faction else "",
                faction_name,
                source,
            )
        )

    write_csv(path / DEPUTIES_CSV, DEPUTY_COLUMNS, deputy_rows)
    write_csv(path / VOTES_CSV, VOTE_COLUMNS, vote_rows)
    write_csv(path / BALLOTS_CSV, BALLOT_COLUMNS, ballot_rows)
    return ExportResult(deputies=len(deputy_rows), votes=len(vote_rows), ballots=len(ballot_rows))
