"""Loading a dump folder back into a database: the import side of `dump_tables`.

`dump_import_all` reads a folder: with the table files (`parliament_terms.csv` present) it
restores every importable table through the domain services, one transaction per unit (a row; a
deputy with their memberships; a roll call with its ballots), counting each unit inserted,
updated or unchanged, so a second import reports everything unchanged. A malformed row or one
that names something unknown is reported (file and line) and skipped; the rest is imported.
Without the table files it is the three-file roll-call import of `dump.py` (the bundled sample).
The published-only files (answer counts, responses) are never read. Rules: docs/dump.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q

from parvaipret.core.exceptions import ApplicationError
from parvaipret.ingest.dump import BUNDLED_CALENDAR, dump_import, read_csv_text
from parvaipret.ingest.dump_tables import (
    BALLOTS,
    BILL_STAGES,
    BILLS,
    COALITION_PERIODS,
    DEPUTIES,
    FACTIONS,
    INITIATIVE_BILLS,
    INITIATIVES,
    MEMBERSHIPS,
    PROVENANCE,
    QUESTION_VOTES,
    QUESTIONS,
    SITTINGS,
    TABLES,
    TERMS,
    TOPICS,
    VOTES,
    Table,
)
from parvaipret.ingest.errors import KIND_PARSE, KIND_STORE
from parvaipret.ingest.models import ScrapeRun
from parvaipret.ingest.runs import RunLog
from parvaipret.legislation.models import Bill, Initiative
from parvaipret.legislation.services import (
    bill_import,
    bill_stage_import,
    initiative_bill_import,
    initiative_import,
)
from parvaipret.parliament.models import Ballot, Deputy, Faction, Sitting, Term, Vote
from parvaipret.parliament.services import (
    BallotData,
    Provenance,
    SittingData,
    VoteData,
    coalition_period_upsert,
    deputy_upsert,
    faction_find,
    faction_upsert,
    membership_upsert,
    sitting_upsert,
    term_upsert,
    votes_upsert,
)
from parvaipret.participation.models import Question, Topic
from parvaipret.participation.services import question_import, question_vote_upsert, topic_upsert

# Error messages (tests import them).
MISSING_COLUMNS = "{file} lacks the columns {columns}"
WRONG_FIELD_COUNT = "{count} fields where the header has {expected}"
BAD_VALUE = "{column}: {message}"
UNKNOWN_REFERENCE = "{what} {key!r} is neither in the dump nor in the database"


class _RowError(Exception):
    def __init__(self, message: str, kind: str = KIND_PARSE) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


class _Row:
    """One row read from a dump file, with typed getters that name the column on error."""

    def __init__(self, values: Mapping[str, str], source: str) -> None:
        self.values = values
        self.source = source

    def parsed(self, column: str, parse: Callable[[str], Any]) -> Any:
        """`parse` of the column's text; None when empty; a ValueError names the column."""
        raw = self.values[column]
        if raw == "":
            return None
        try:
            return parse(raw)
        except (ValueError, TypeError) as error:
            raise _RowError(BAD_VALUE.format(column=column, message=error)) from error

    def str(self, column: str) -> str:
        return self.values[column]

    def required(self, column: str) -> str:
        value = self.values[column]
        if value == "":
            raise _RowError(BAD_VALUE.format(column=column, message="must not be empty"))
        return value

    def int(self, column: str) -> int | None:
        return self.parsed(column, int)

    def date(self, column: str) -> dt.date | None:
        return self.parsed(column, dt.date.fromisoformat)

    def datetime(self, column: str) -> dt.datetime | None:
        def aware(raw: str) -> dt.datetime:
            value = dt.datetime.fromisoformat(raw)
            if value.tzinfo is None:
                raise ValueError(f"{raw!r} has no time zone")
            return value

        return self.parsed(column, aware)

    def bool(self, column: str) -> bool:
        def boolean(raw: str) -> bool:
            if raw not in ("true", "false"):
                raise ValueError(f"{raw!r} is neither true nor false")
            return raw == "true"

        return bool(self.parsed(column, boolean))

    def provenance(self) -> Provenance:
        return Provenance(
            source_url=self.str("source_url"),
            fetched_at=self.datetime("fetched_at"),
            checksum=self.str("checksum"),
        )


# --- references --------------------------------------------------------------------------------


class _Refs:
    """Rows stored so far, by their dump keys; a key the dump does not hold is looked up."""

    def __init__(self) -> None:
        self.terms: dict[int, Term] = {}
        self.factions: dict[tuple[int, str], Faction] = {}
        self.deputies: dict[str, Deputy] = {}
        self.sittings: dict[str, Sitting] = {}
        self.votes: dict[str, Vote] = {}
        self.bills: dict[str, Bill] = {}
        self.initiatives: dict[tuple[str, str], Initiative] = {}
        self.topics: dict[str, Topic] = {}
        self.questions: dict[str, Question] = {}

    @staticmethod
    def _found(what: str, key: object, found: Any) -> Any:
        if found is None:
            raise _RowError(UNKNOWN_REFERENCE.format(what=what, key=key), KIND_STORE)
        return found

    def term(self, number: int | None) -> Term:
        if number is None:
            raise _RowError(BAD_VALUE.format(column="term", message="must not be empty"))
        if number not in self.terms:
            found = Term.objects.filter(number=number).first()
            self.terms[number] = self._found("term", number, found)
        return self.terms[number]

    def faction(self, term: Term, code: str) -> Faction | None:
        """None for an empty code (unaffiliated)."""
        if not code:
            return None
        if (term.number, code) not in self.factions:
            found = faction_find(term=term, code=code)
            self.factions[(term.number, code)] = self._found(f"faction of {term}", code, found)
        return self.factions[(term.number, code)]

    def deputy(self, key: str) -> Deputy:
        if key not in self.deputies:
            if "/" in key:  # no titania id: "<newest term>/<full name>"
                term, name = key.split("/", 1)
                candidates = Deputy.objects.filter(external_id__isnull=True)
                if term:
                    candidates = candidates.filter(memberships__term__number=term).distinct()
                named = [d for d in candidates if d.full_name == name]
                found = named[0] if len(named) == 1 else None
            else:
                found = Deputy.objects.filter(external_id=key.upper()).first()
            self.deputies[key] = self._found("deputy", key, found)
        return self.deputies[key]

    def sitting(self, key: str) -> Sitting:
        if key not in self.sittings:
            parts = key.split("/")
            if len(parts) == 3:  # no id: "<term>/<date>/<kind>"
                wanted = Q(term__number=parts[0], date=parts[1], kind=parts[2])
                wanted &= Q(external_id__isnull=True, opendata_id__isnull=True)
            else:
                wanted = Q(external_id=key) | Q(opendata_id=key)
            found = Sitting.objects.filter(wanted).first()
            self.sittings[key] = self._found("sitting", key, found)
        return self.sittings[key]

    def vote(self, key: str) -> Vote:
        if key not in self.votes:
            if "/" in key:  # no id: "<term>/<UTC timestamp>"
                term, timestamp = key.split("/", 1)
                wanted = Q(term__number=term, timestamp=dt.datetime.fromisoformat(timestamp))
            else:
                wanted = Q(external_id=key) | Q(opendata_id=key)
            found = Vote.objects.filter(wanted).first()
            self.votes[key] = self._found("roll call", key, found)
        return self.votes[key]

    def bill(self, number: str) -> Bill:
        if number not in self.bills:
            found = Bill.objects.filter(number=number).first()
            self.bills[number] = self._found("bill", number, found)
        return self.bills[number]

    def initiative(self, source: str, external_id: str) -> Initiative:
        key = (source, external_id)
        if key not in self.initiatives:
            found = Initiative.objects.filter(source=source, external_id=external_id).first()
            self.initiatives[key] = self._found("initiative", "/".join(key), found)
        return self.initiatives[key]

    def topic(self, slug: str) -> Topic | None:
        if not slug:
            return None
        if slug not in self.topics:
            self.topics[slug] = self._found("topic", slug, Topic.objects.filter(slug=slug).first())
        return self.topics[slug]

    def question(self, key: str) -> Question:
        if key not in self.questions:
            found = Question.objects.filter(public_id=_uuid(key)).first()
            self.questions[key] = self._found("question", key, found)
        return self.questions[key]


def _uuid(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError as error:
        raise _RowError(BAD_VALUE.format(column="question", message=error)) from error


# --- import ------------------------------------------------------------------------------------


def _read_table(log: RunLog, path: Path, table: Table) -> list[_Row]:
    """The rows of one file; a missing file or column fails the file, a row of the wrong
    length fails that row (both are recorded on the run)."""
    text = read_csv_text(path, table.file, log)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    missing = [column for column in table.columns if column not in header]
    if missing:
        log.fail(
            source=str(path / table.file),
            kind=KIND_PARSE,
            message=MISSING_COLUMNS.format(file=table.file, columns=", ".join(missing)),
        )
        return []
    rows = []
    for values in reader:
        if not values:
            continue
        source = f"{path / table.file} line {reader.line_num}"
        if len(values) != len(header):
            message = WRONG_FIELD_COUNT.format(count=len(values), expected=len(header))
            log.fail(source=source, kind=KIND_PARSE, message=message)
            continue
        rows.append(_Row(dict(zip(header, values, strict=True)), source))
    return rows


def _store(log: RunLog, source: str, work: Callable[[], Sequence[str]]) -> None:
    """Run one unit of the import in its own transaction; count its outcomes or its failure."""
    try:
        with transaction.atomic():
            outcomes = work()
    except _RowError as error:
        log.fail(source=source, kind=error.kind, message=error.message)
    except ApplicationError as error:
        log.fail(source=source, kind=KIND_STORE, message=error.message)
    except ValidationError as error:
        log.fail(source=source, kind=KIND_STORE, message="; ".join(error.messages))
    except DatabaseError as error:
        log.fail(source=source, kind=KIND_STORE, message=str(error))
    except (ValueError, TypeError) as error:  # e.g. a key that does not parse in a lookup
        log.fail(source=source, kind=KIND_PARSE, message=str(error))
    else:
        for outcome in outcomes:
            log.count(outcome)


def _nested(row: _Row, work: Callable[[], str]) -> str:
    """A row stored within another row's unit: its errors name its own line."""
    try:
        return work()
    except _RowError as error:
        raise _RowError(f"{row.source}: {error.message}", error.kind) from error


def _import_terms(log: RunLog, rows: list[_Row], refs: _Refs) -> None:
    for row in rows:

        def work(row: _Row = row) -> list[str]:
            number, start = row.int("number"), row.date("start")
            if number is None or start is None:
                raise _RowError(BAD_VALUE.format(column="number, start", message="required"))
            term, outcome = term_upsert(number=number, start=start, end=row.date("end"))
            refs.terms[term.number] = term
            return [outcome]

        _store(log, row.source, work)


def _import_factions(log: RunLog, rows: list[_Row], refs: _Refs) -> None:
    for row in rows:

        def work(row: _Row = row) -> list[str]:
            term = refs.term(row.int("term"))
            aliases = row.parsed("aliases", json.loads) or []
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise _RowError(BAD_VALUE.format(column="aliases", message="not a list of codes"))
            faction, outcome = faction_upsert(
                term=term,
                short_name=row.required("short_name"),
                name=row.str("name"),
                colour=row.str("colour"),
                aliases=aliases,
                founded_on=row.date("founded_on"),
                dissolved_on=row.date("dissolved_on"),
                provenance=row.provenance(),
            )
            refs.factions[(term.number, row.str("short_name"))] = faction
            return [outcome]

        _store(log, row.source, work)


def _import_coalition_periods(log: RunLog, rows: list[_Row], refs: _Refs) -> None:
    for row in rows:

        def work(row: _Row = row) -> list[str]:
            term = refs.term(row.int("term"))
            faction = refs.faction(term, row.required("faction"))
            start = row.date("start")
            if faction is None or start is None:
                raise _RowError(BAD_VALUE.format(column="start", message="must not be empty"))
            _, outcome = coalition_period_upsert(
                faction=faction, start=start, end=row.date("end"), government=row.str("government")
            )
            return [outcome]

        _store(log, row.source, work)


def _membership(row: _Row, refs: _Refs, deputy: Deputy) -> str:
    term = refs.term(row.int("term"))
    _, outcome = membership_upsert(
        deputy=deputy,
        term=term,
        start=row.date("start"),
        faction=refs.faction(term, row.str("faction")),
        end=row.date("end"),
        is_substitute=row.bool("is_substitute"),
        note=row.str("note"),
        provenance=row.provenance(),
    )
    return outcome


def _import_deputies(
    log: RunLog, rows: list[_Row], membership_rows: list[_Row], refs: _Refs
) -> None:
    """One unit per deputy with their memberships (a namesake without a titania id is told
    apart by the terms of their memberships, so both go in together)."""
    memberships: dict[str, list[_Row]] = defaultdict(list)
    for row in membership_rows:
        memberships[row.str("deputy")].append(row)
    for row in rows:

        def work(row: _Row = row) -> list[str]:
            number = row.int("term")
            term = refs.term(number) if number else Term.objects.order_by("-number").first()
            if term is None:
                raise _RowError(UNKNOWN_REFERENCE.format(what="term", key="(any)"), KIND_STORE)
            deputy, outcome = deputy_upsert(
                term=term,
                first_name=row.required("first_name"),
                last_name=row.required("last_name"),
                external_id=row.str("external_id") or None,
                wikidata_id=row.str("wikidata_id"),
                provenance=row.provenance(),
            )
            refs.deputies[row.str("deputy")] = deputy
            return [
                outcome,
                *(
                    _nested(m, lambda m=m: _membership(m, refs, deputy))
                    for m in memberships.get(row.str("deputy"), [])
                ),
            ]

        _store(log, row.source + " (with the deputy's memberships)", work)
    listed = {row.str("deputy") for row in rows}
    for key, others in memberships.items():
        if key in listed:
            continue
        for row in others:
            _store(
                log,
                row.source,
                lambda row=row, key=key: [_membership(row, refs, refs.deputy(key))],
            )


def _import_sittings(log: RunLog, rows: list[_Row], refs: _Refs) -> None:
    for row in rows:

        def work(row: _Row = row) -> list[str]:
            date = row.date("date")
            if date is None:
                raise _RowError(BAD_VALUE.format(column="date", message="must not be empty"))
            data = SittingData(
                term_id=refs.term(row.int("term")).pk,
                date=date,
                external_id=row.str("external_id") or None,
                opendata_id=row.str("opendata_id") or None,
                kind=row.str("kind"),
                title=row.str("title"),
                provenance=row.provenance(),
            )
            sitting, outcome = sitting_upsert(data=data)
            refs.sittings[row.str("sitting")] = sitting
            return [outcome]

        _store(log, row.source, work)


def _import_bills(log: RunLog, rows: list[_Row], refs: _Refs) -> None:
    fields = BILLS.columns[2 : -len(PROVENANCE)]
    for row in rows:

        def work(row: _Row = row) -> list[str]:
            bill, outcome = bill_import(
                term=refs.term(row.int("term")),
                number=row.required("number"),
                values={name: row.str(name) for name in fields},
                provenance=row.provenance(),
            )
            refs.bills[bill.number] = bill
            return [outcome]

        _store(log, row.source, work)


def _ballot(row: _Row, refs: _Refs, term: Term) -> BallotData:
    choice = row.str("choice")
    if choice not in Ballot.Choice.values:
        known = ", ".join(Ballot.Choice.values)
        raise _RowError(BAD_VALUE.format(column="choice", message=f"{choice!r} is not {known}"))
    faction = refs.faction(term, row.str("faction"))
    return BallotData(
        deputy_id=refs.deputy(row.required("deputy")).pk,
        choice=choice,
        faction_id=faction.pk if faction else None,
    )


def _vote_data(row: _Row, refs: _Refs, term: Term) -> VoteData:
    timestamp = row.datetime("timestamp")
    tallies = [row.int(name) for name in ("for_count", "against_count", "abstain_count")]
    if timestamp is None or None in tallies:
        message = "timestamp and the three tallies are required"
        raise _RowError(BAD_VALUE.format(column="timestamp", message=message))
    return VoteData(
        term_id=term.pk,
        timestamp=timestamp,
        motive=row.str("motive"),
        for_count=tallies[0],
        against_count=tallies[1],
        abstain_count=tallies[2],
        external_id=row.str("external_id") or None,
        opendata_id=row.str("opendata_id") or None,
        sitting_id=refs.sitting(row.str("sitting")).pk if row.str("sitting") else None,
        number=row.int("number"),
        document_numbers=row.str("document_numbers"),
        bill_id=refs.bill(row.str("bill")).pk if row.str("bill") else None,
        reading=row.str("reading"),
        is_urgent=row.bool("is_urgent"),
        is_proposal=row.bool("is_proposal"),
        is_secret=row.bool("is_secret"),
        is_candidate_vote=row.bool("is_candidate_vote"),
        outcome=row.str("outcome"),
        outcome_label=row.str("outcome_label"),
        not_voting_count=row.int("not_voting_count"),
        provenance=row.provenance(),
    )


def _import_votes(log: RunLog, rows: list[_Row], ballot_rows: list[_Row], refs: _Refs) -> None:
    """One unit per roll call with its ballots (a roll call is never stored half)."""
    ballots: dict[str, list[_Row]] = defaultdict(list)
    for row in ballot_rows:
        ballots[row.str("vote")].append(row)
    for row in rows:
        key = row.str("vote")
        its_ballots = ballots.pop(key, [])

        def work(
            row: _Row = row, key: str = key, its_ballots: list[_Row] = its_ballots
        ) -> list[str]:
            term = refs.term(row.int("term"))
            data = _vote_data(row, refs, term)
            own = [_nested(b, lambda b=b: _ballot(b, refs, term)) for b in its_ballots]
            ((vote, outcome),) = votes_upsert(items=[(data, own or None)])
            refs.votes[key] = vote
            return [outcome]

        _store(log, row.source + " (with its ballots)", work)
    for key, orphans in ballots.items():
        log.error(
            source=orphans[0].source,
            kind=KIND_PARSE,
            message=f"ballots of roll call {key}, which {VOTES.file} does not list, were skipped",
        )


def _import_bill_stages(log: RunLog, rows: list[_Row], refs: _Refs) -> None:
    for row in rows:

        def work(row: _Row = row) -> list[str]:
            sequence = row.int("sequence")
            if sequence is None:
                raise _RowError(BAD_VALUE.format(column="sequence", message="must not be empty"))
            _, outcome = bill_stage_import(
                bill=refs.bill(row.required("bill")),
                kind=row.required("kind"),
                sequence=sequence,
                values={
                    "date": row.date("date"),
                    "result": row.str("result"),
                    "document_numbers": row.str("document_numbers"),
                    "deadline": row.date("deadline"),
                },
                vote=refs.vote(row.str("vote")) if row.str("vote") else None,
                provenance=row.provenance(),
            )
            return [outcome]

        _store(log, row.source, work)


def _import_initiatives(log: RunLog, rows: list[_Row], refs: _Refs) -> None:
    dates = {"published_on", "submitted_on"}
    numbers = {"signatures", "threshold"}
    fields = INITIATIVES.columns[2 : -len(PROVENANCE)]
    for row in rows:

        def work(row: _Row = row) -> list[str]:
            values = {
                name: row.date(name)
                if name in dates
                else row.int(name)
                if name in numbers
                else row.str(name)
                for name in fields
            }
            initiative, outcome = initiative_import(
                source=row.required("source"),
                external_id=row.required("external_id"),
                values=values,
                provenance=row.provenance(),
            )
            refs.initiatives[(initiative.source, initiative.external_id)] = initiative
            return [outcome]

        _store(log, row.source, work)


def _import_initiative_bills(log: RunLog, rows: list[_Row], refs: _Refs) -> None:
    for row in rows:

        def work(row: _Row = row) -> list[str]:
            _, outcome = initiative_bill_import(
                initiative=refs.initiative(
                    row.required("initiative_source"), row.required("initiative")
                ),
                bill=refs.bill(row.required("bill")),
                kind=row.required("kind"),
                note=row.str("note"),
                confirmed_at=row.datetime("confirmed_at"),
            )
            return [outcome]

        _store(log, row.source, work)


def _import_topics(log: RunLog, rows: list[_Row], refs: _Refs) -> None:
    for row in rows:

        def work(row: _Row = row) -> list[str]:
            topic, outcome = topic_upsert(
                slug=row.required("slug"),
                name=row.required("name"),
                name_en=row.str("name_en"),
                name_ru=row.str("name_ru"),
            )
            refs.topics[topic.slug] = topic
            return [outcome]

        _store(log, row.source, work)


def _import_questions(log: RunLog, rows: list[_Row], refs: _Refs) -> None:
    texts = QUESTIONS.columns[1:7]
    for row in rows:

        def work(row: _Row = row) -> list[str]:
            key = row.required("question")
            question, outcome = question_import(
                public_id=_uuid(key),
                values={
                    **{name: row.str(name) for name in texts},
                    "published_at": row.datetime("published_at"),
                },
                topic=refs.topic(row.str("topic")),
            )
            refs.questions[key] = question
            return [outcome]

        _store(log, row.source, work)


def _import_question_votes(log: RunLog, rows: list[_Row], refs: _Refs) -> None:
    for row in rows:

        def work(row: _Row = row) -> list[str]:
            _, outcome = question_vote_upsert(
                question=refs.question(row.required("question")),
                vote=refs.vote(row.required("vote")),
                polarity=row.int("polarity") or 1,
            )
            return [outcome]

        _store(log, row.source, work)


def is_full_dump(path: Path) -> bool:
    """Does the folder hold the table files (rather than only the three roll-call files)?"""
    return (Path(path) / TERMS.file).is_file()


def _import_tables(log: RunLog, path: Path) -> None:
    """Every importable table, in an order where what a row names is stored before it (bills
    before the roll calls that name them, roll calls before the stages held in them)."""
    refs = _Refs()
    rows = {table.file: _read_table(log, path, table) for table in TABLES if table.imported}
    _import_terms(log, rows[TERMS.file], refs)
    _import_factions(log, rows[FACTIONS.file], refs)
    _import_coalition_periods(log, rows[COALITION_PERIODS.file], refs)
    _import_deputies(log, rows[DEPUTIES.file], rows[MEMBERSHIPS.file], refs)
    _import_sittings(log, rows[SITTINGS.file], refs)
    _import_bills(log, rows[BILLS.file], refs)
    _import_votes(log, rows[VOTES.file], rows[BALLOTS.file], refs)
    _import_bill_stages(log, rows[BILL_STAGES.file], refs)
    _import_initiatives(log, rows[INITIATIVES.file], refs)
    _import_initiative_bills(log, rows[INITIATIVE_BILLS.file], refs)
    _import_topics(log, rows[TOPICS.file], refs)
    _import_questions(log, rows[QUESTIONS.file], refs)
    _import_question_votes(log, rows[QUESTION_VOTES.file], refs)


def dump_import_all(
    *, path: Path, calendar: Path | None = BUNDLED_CALENDAR, dry_run: bool = False
) -> ScrapeRun:
    """Load a dump folder (see the module docstring); returns the run with its counts.

    A folder with only deputies.csv, votes.csv and ballots.csv (the bundled sample) goes to
    `dump_import`, which reads `calendar`; a folder with the tables does not need it.
    """
    path = Path(path)
    if not is_full_dump(path):
        return dump_import(path=path, calendar=calendar, dry_run=dry_run)
    log = RunLog(
        pipeline="import_dump", params={"path": str(path), "tables": True}, dry_run=dry_run
    )
    try:
        with log.data_changes():
            _import_tables(log, path)
    except BaseException:
        log.finish(status=ScrapeRun.Status.FAILED)
        raise
    return log.finish()
