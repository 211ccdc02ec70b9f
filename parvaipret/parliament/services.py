"""Writes of the parliament app: idempotent upserts keyed by the sources' stable ids.

Every upsert compares the stored row field by field (openstates-core `import_item`) and reports
what it did: "insert", "update" or "noop". A second identical run therefore shows only "noop".

Rules shared by the upserts:

- A value the source does not give (None or "") never erases a value another source gave, so a
  titania pass and a data.gov.lv pass can fill in one row between them.
- Provenance (`source_url`, `fetched_at`, `checksum`) is written on insert and with every real
  change, but is not compared: a re-fetched page that says the same thing is a noop.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Literal, NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from parvaipret.core.exceptions import ApplicationError
from parvaipret.core.upsert import row_upsert
from parvaipret.parliament.models import (
    Ballot,
    CoalitionPeriod,
    Deputy,
    Faction,
    Membership,
    Sitting,
    Term,
    Vote,
)
from scrapers.saeima.names import name_key

Outcome = Literal["insert", "update", "noop"]

MAX_BALLOTS = 100

# Error messages (tests import them).
TOO_MANY_BALLOTS = "{count} ballots, more than the {limit} seats"
TALLY_MISMATCH = "the page says {choice} {printed} but {counted} ballots say so"
DEPUTY_TWICE = "deputy {deputy_id} has more than one ballot"
BALLOTS_ON_SECRET_VOTE = "a secret ballot or a vote on persons carries no per-deputy ballots"  # noqa: S105 - a message, not a secret
AMBIGUOUS_DEPUTY = "{count} deputies without a titania id are named {name!r}"
FACTION_NAME_REQUIRED = "a new faction needs its full name (code {code!r})"

PROVENANCE = ("source_url", "fetched_at", "checksum")
# Foreign keys passed in as model instances need no existence check in full_clean().
_RELATIONS = ["deputy", "term", "faction"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a record was read: the page URL, when it was fetched, the page's sha256."""

    source_url: str = ""
    fetched_at: dt.datetime | None = None
    checksum: str = ""

    def as_fields(self) -> dict[str, Any]:
        return {
            "source_url": self.source_url,
            "fetched_at": self.fetched_at,
            "checksum": self.checksum,
        }


@dataclass(frozen=True, slots=True)
class SittingData:
    """A plenary sitting as a source describes it; ids the source does not know stay None."""

    term_id: int
    date: dt.date
    external_id: str | None = None
    opendata_id: str | None = None
    kind: str = ""
    title: str = ""
    provenance: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class VoteData:
    """One roll call, resolved to our rows (term, sitting, bill) but not yet stored."""

    term_id: int
    timestamp: dt.datetime
    motive: str
    for_count: int
    against_count: int
    abstain_count: int
    external_id: str | None = None
    opendata_id: str | None = None
    sitting_id: int | None = None
    number: int | None = None
    document_numbers: str = ""
    bill_id: int | None = None
    reading: str = ""
    is_urgent: bool = False
    is_proposal: bool = False
    is_secret: bool = False
    is_candidate_vote: bool = False
    outcome: str = ""
    outcome_label: str = ""
    not_voting_count: int | None = None
    provenance: Provenance = field(default_factory=Provenance)


class BallotData(NamedTuple):
    """One deputy's ballot, resolved to our deputy and faction ids (faction None = unaffiliated).

    A named tuple rather than a dataclass: a term has two million of them.
    """

    deputy_id: int
    choice: str
    faction_id: int | None


# Vote fields a source may leave empty without erasing what another source gave.
_VOTE_OPTIONAL = frozenset(
    {
        "external_id",
        "opendata_id",
        "sitting_id",
        "number",
        "document_numbers",
        "bill_id",
        "reading",
        "outcome",
        "outcome_label",
        "not_voting_count",
    }
)
_VOTE_STICKY = ("external_id", "opendata_id")
_VOTE_FIELDS = (
    "term_id",
    "timestamp",
    "motive",
    "for_count",
    "against_count",
    "abstain_count",
    *sorted(_VOTE_OPTIONAL),
    "is_urgent",
    "is_proposal",
    "is_secret",
    "is_candidate_vote",
)
# The vote fields `vote_validate` checks: all a `VoteData` carries but the relations.
_VOTE_VALIDATED = tuple(
    f for f in Vote._meta.concrete_fields if f.attname in _VOTE_FIELDS and not f.is_relation
)
_DEPUTY_ID = attrgetter("deputy_id")
_CHOICE = attrgetter("choice")


def _is_empty(value: object) -> bool:
    return value is None or value == ""


def _changes(
    instance: object, values: Mapping[str, Any], *, optional: Iterable[str] = ()
) -> dict[str, Any]:
    """The fields whose stored value differs from `values` (empty optional values are skipped)."""
    optional = frozenset(optional)
    changed = {}
    for name, value in values.items():
        if name in optional and _is_empty(value):
            continue
        if getattr(instance, name) != value:
            changed[name] = value
    return changed


def _apply(instance: object, changes: Mapping[str, Any], provenance: Provenance) -> None:
    for name, value in changes.items():
        setattr(instance, name, value)
    for name, value in provenance.as_fields().items():
        if not _is_empty(value):
            setattr(instance, name, value)


# --- terms and factions ------------------------------------------------------------------------


@transaction.atomic
def term_upsert(*, number: int, start: dt.date, end: dt.date | None = None) -> tuple[Term, Outcome]:
    term = Term.objects.filter(number=number).first()
    if term is None:
        term = Term(number=number, start=start, end=end)
        term.full_clean()
        term.save()
        return term, "insert"
    changes = _changes(term, {"start": start, "end": end}, optional={"end"})
    if not changes:
        return term, "noop"
    for name, value in changes.items():
        setattr(term, name, value)
    term.full_clean()
    term.save(update_fields=list(changes))
    return term, "update"


def normalise_faction_code(code: str) -> str:
    """Vote pages print codes with stray spaces (`SASKAŅA `); compare them stripped, upper-case."""
    return " ".join(code.split()).upper()


def faction_find(*, term: Term, code: str) -> Faction | None:
    """The faction of `term` whose code or one of whose aliases is `code`."""
    wanted = normalise_faction_code(code)
    for faction in Faction.objects.filter(term=term):
        codes = [faction.short_name, *faction.aliases]
        if wanted in {normalise_faction_code(c) for c in codes}:
            return faction
    return None


@transaction.atomic
def faction_upsert(
    *,
    term: Term,
    short_name: str,
    name: str = "",
    colour: str = "",
    aliases: Sequence[str] = (),
    founded_on: dt.date | None = None,
    dissolved_on: dt.date | None = None,
    provenance: Provenance | None = None,
) -> tuple[Faction, Outcome]:
    """Create or update the faction known by `short_name` (or one of its aliases) in `term`.

    Aliases are only ever added (a code once seen stays recognisable); an empty name, colour
    or date keeps the stored one.
    """
    provenance = provenance or Provenance()
    faction = faction_find(term=term, code=short_name)
    if faction is None:
        if not name:
            raise ApplicationError(FACTION_NAME_REQUIRED.format(code=short_name))
        faction = Faction(
            term=term,
            short_name=short_name.strip(),
            name=name,
            colour=colour or "#888888",
            aliases=[a for a in dict.fromkeys(aliases) if a != short_name.strip()],
            founded_on=founded_on,
            dissolved_on=dissolved_on,
            **provenance.as_fields(),
        )
        faction.full_clean(exclude=["term"])
        faction.save()
        return faction, "insert"
    known = {normalise_faction_code(c) for c in [faction.short_name, *faction.aliases]}
    new_aliases = [a for a in dict.fromkeys(aliases) if normalise_faction_code(a) not in known]
    changes = _changes(
        faction,
        {"name": name, "colour": colour, "founded_on": founded_on, "dissolved_on": dissolved_on},
        optional={"name", "colour", "founded_on", "dissolved_on"},
    )
    if new_aliases:
        changes["aliases"] = [*faction.aliases, *new_aliases]
    if not changes:
        return faction, "noop"
    _apply(faction, changes, provenance)
    faction.full_clean(exclude=["term"])
    faction.save()
    return faction, "update"


# --- deputies and memberships ------------------------------------------------------------------


@transaction.atomic
def deputy_upsert(
    *,
    term: Term,
    first_name: str,
    last_name: str,
    external_id: str | None = None,
    wikidata_id: str = "",
    provenance: Provenance | None = None,
) -> tuple[Deputy, Outcome]:
    """Create or update a deputy, keyed by the titania UNID when the source gives one.

    Without a UNID (rosters that print names only) the deputy is the one of `term` with the same
    name and no UNID; a UNID-less deputy found by name takes the UNID when a later source gives
    it. Two deputies with a UNID are never merged by name (namesakes). An empty `wikidata_id`
    keeps the stored one.
    """
    provenance = provenance or Provenance()
    external_id = external_id.strip().upper() if external_id else None
    deputy = Deputy.objects.filter(external_id=external_id).first() if external_id else None
    if deputy is None:
        key = name_key(first_name, last_name)
        candidates = [
            d
            for d in Deputy.objects.filter(
                Q(memberships__term=term) | Q(memberships__isnull=True), external_id__isnull=True
            ).distinct()
            if name_key(d.first_name, d.last_name) == key
        ]
        if len(candidates) > 1:
            raise ApplicationError(
                AMBIGUOUS_DEPUTY.format(count=len(candidates), name=f"{first_name} {last_name}")
            )
        deputy = candidates[0] if candidates else None
    values = {"first_name": first_name.strip(), "last_name": last_name.strip()}
    if deputy is None:
        deputy = Deputy(
            external_id=external_id,
            wikidata_id=wikidata_id,
            **values,
            **provenance.as_fields(),
        )
        deputy.full_clean()
        deputy.save()
        return deputy, "insert"
    changes = _changes(
        deputy,
        {**values, "external_id": external_id, "wikidata_id": wikidata_id},
        optional={"external_id", "wikidata_id"},
    )
    if not changes:
        return deputy, "noop"
    _apply(deputy, changes, provenance)
    deputy.full_clean()
    deputy.save()
    return deputy, "update"


def _covers(membership: Membership, day: dt.date) -> bool:
    return (membership.start is None or membership.start <= day) and (
        membership.end is None or membership.end >= day
    )


@transaction.atomic
def membership_create(
    *,
    deputy: Deputy,
    term: Term,
    faction: Faction | None,
    start: dt.date | None,
    end: dt.date | None = None,
    is_substitute: bool = False,
    note: str = "",
    provenance: Provenance | None = None,
) -> Membership:
    membership = Membership(
        deputy=deputy,
        term=term,
        faction=faction,
        start=start,
        end=end,
        is_substitute=is_substitute,
        note=note,
        **(provenance or Provenance()).as_fields(),
    )
    membership.full_clean(exclude=_RELATIONS)  # related rows are given as instances
    membership.save()
    return membership


@transaction.atomic
def membership_upsert(
    *,
    deputy: Deputy,
    term: Term,
    start: dt.date | None,
    faction: Faction | None,
    end: dt.date | None = None,
    is_substitute: bool = False,
    note: str = "",
    provenance: Provenance | None = None,
) -> tuple[Membership, Outcome]:
    """The membership of `deputy` in `term` that starts on `start` (None: the open start),
    created or brought up to the given values; for importing a dump, where dates are known.

    An empty faction, end or note keeps the stored one (a dump never erases); the database
    still rejects a membership that overlaps another of the deputy's.
    """
    return row_upsert(
        model=Membership,
        lookup={"deputy": deputy, "term": term, "start": start},
        values={
            "faction_id": faction.pk if faction else None,
            "end": end,
            "is_substitute": is_substitute,
            "note": note,
        },
        provenance=(provenance or Provenance()).as_fields(),
        clean_exclude=_RELATIONS,
    )


@transaction.atomic
def coalition_period_upsert(
    *, faction: Faction, start: dt.date, end: dt.date | None = None, government: str = ""
) -> tuple[CoalitionPeriod, Outcome]:
    """A faction's time in the coalition from `start`, created or brought up to date."""
    return row_upsert(
        model=CoalitionPeriod,
        lookup={"faction": faction, "start": start},
        values={"end": end, "government": government},
        clean_exclude=["faction"],
    )


@transaction.atomic
def membership_observe(
    *,
    deputy: Deputy,
    term: Term,
    faction: Faction | None,
    on: dt.date,
    note: str = "",
    provenance: Provenance | None = None,
) -> tuple[Membership, Outcome]:
    """Record that a source saw `deputy` in `faction` (None = unaffiliated) on the day `on`.

    Dates are never invented:

    - a first observation opens a membership with empty dates (the source gave none);
    - the same faction again is a noop;
    - a different faction closes the membership seen so far on the day before `on` and opens a
      new one from `on` (a change seen the very day a membership starts corrects that one);
    - an observation older than the one the stored membership rests on (`fetched_at`) puts the
      change just after `on` instead, so an older source never cuts a newer membership short;
    - a day outside every stored membership gets one starting on `on` (or open when it comes
      before all of them), ending the day before the next one.
    """
    provenance = provenance or Provenance()
    memberships = list(
        Membership.objects.select_for_update().filter(deputy=deputy, term=term).order_by("start")
    )
    active = next((m for m in memberships if _covers(m, on)), None)
    if active is None:
        earlier = [m for m in memberships if m.end is not None and m.end < on]
        later = [m for m in memberships if m.start is not None and m.start > on]
        start = on if earlier else None
        end = min(m.start for m in later) - dt.timedelta(days=1) if later else None
        created = membership_create(
            deputy=deputy,
            term=term,
            faction=faction,
            start=start,
            end=end,
            note=note,
            provenance=provenance,
        )
        return created, "insert"

    faction_id = faction.pk if faction else None
    if active.faction_id == faction_id:
        if note and active.note != note:
            active.note = note
            active.save(update_fields=["note"])
            return active, "update"
        return active, "noop"

    if active.start == on:
        active.faction = faction
        _apply(active, {"note": note} if note else {}, provenance)
        active.full_clean(exclude=_RELATIONS)
        active.save()
        return active, "update"

    seen_later = active.fetched_at is not None and active.fetched_at.date() > on
    if seen_later:
        # The stored membership was observed after `on`: the change happened after `on`.
        earlier_start = active.start
        active.start = on + dt.timedelta(days=1)
        active.full_clean(exclude=_RELATIONS)
        active.save(update_fields=["start"])
        older = membership_create(
            deputy=deputy,
            term=term,
            faction=faction,
            start=earlier_start,
            end=on,
            note=note,
            provenance=provenance,
        )
        return older, "update"

    old_end = active.end
    active.end = on - dt.timedelta(days=1)
    active.full_clean(exclude=_RELATIONS)
    active.save(update_fields=["end"])
    newer = membership_create(
        deputy=deputy,
        term=term,
        faction=faction,
        start=on,
        end=old_end,
        note=note,
        provenance=provenance,
    )
    return newer, "update"


# --- sittings ----------------------------------------------------------------------------------


def _sitting_lookup(data: SittingData) -> Sitting | None:
    """By titania GUID, then DK_ID; failing both, the one sitting that day (of that kind) that
    lacks the id this source has (the other source's copy). One query."""
    wanted = Q(term_id=data.term_id, date=data.date)
    if data.external_id:
        wanted |= Q(external_id=data.external_id)
    if data.opendata_id:
        wanted |= Q(opendata_id=data.opendata_id)
    candidates = list(Sitting.objects.filter(wanted))
    for sitting in candidates:
        if data.external_id and sitting.external_id == data.external_id:
            return sitting
    for sitting in candidates:
        if data.opendata_id and sitting.opendata_id == data.opendata_id:
            return sitting
    same_day = [
        s
        for s in candidates
        if s.term_id == data.term_id
        and s.date == data.date
        and (not data.kind or s.kind in (data.kind, ""))
        and (not data.external_id or s.external_id is None)
        and (not data.opendata_id or s.opendata_id is None)
    ]
    return same_day[0] if len(same_day) == 1 else None


@transaction.atomic(savepoint=False)
def sitting_upsert(*, data: SittingData) -> tuple[Sitting, Outcome]:
    """Create or update a sitting, keyed by its titania GUID or its data.gov.lv DK_ID."""
    sitting = _sitting_lookup(data)
    values = {
        "term_id": data.term_id,
        "date": data.date,
        "external_id": data.external_id,
        "opendata_id": data.opendata_id,
        "kind": data.kind,
        "title": data.title,
    }
    if sitting is None:
        sitting = Sitting(**values, **data.provenance.as_fields())
        # Uniqueness is the database's to enforce (a clash rolls the sitting's batch back).
        sitting.full_clean(exclude=["term"], validate_unique=False, validate_constraints=False)
        sitting.save()
        return sitting, "insert"
    changes = _changes(sitting, values, optional={"external_id", "opendata_id", "kind", "title"})
    if not changes:
        return sitting, "noop"
    _apply(sitting, changes, data.provenance)
    sitting.save()
    return sitting, "update"


# --- votes and ballots -------------------------------------------------------------------------


def vote_check(*, data: VoteData, ballots: Sequence[BallotData]) -> None:
    """The sanity checks a roll call must pass before it is stored.

    At most 100 ballots, nobody twice, and the tallies printed on the page equal the ballots
    counted. Secret ballots and votes on persons carry tallies only.
    """
    if len(ballots) > MAX_BALLOTS:
        raise ApplicationError(TOO_MANY_BALLOTS.format(count=len(ballots), limit=MAX_BALLOTS))
    deputies = list(map(_DEPUTY_ID, ballots))
    if len(set(deputies)) != len(deputies):
        twice = sorted(d for d, n in Counter(deputies).items() if n > 1)
        raise ApplicationError(DEPUTY_TWICE.format(deputy_id=twice[0]), {"deputies": twice})
    if data.is_secret or data.is_candidate_vote:
        if ballots:
            raise ApplicationError(BALLOTS_ON_SECRET_VOTE)
        return
    counted = Counter(map(_CHOICE, ballots))
    printed = {
        Ballot.Choice.FOR: data.for_count,
        Ballot.Choice.AGAINST: data.against_count,
        Ballot.Choice.ABSTAIN: data.abstain_count,
    }
    for choice, number in printed.items():
        if counted[choice] != number:
            raise ApplicationError(
                TALLY_MISMATCH.format(choice=choice.label, printed=number, counted=counted[choice])
            )
    if data.not_voting_count is not None and counted[Ballot.Choice.DID_NOT_VOTE] != (
        data.not_voting_count
    ):
        raise ApplicationError(
            TALLY_MISMATCH.format(
                choice=Ballot.Choice.DID_NOT_VOTE.label,
                printed=data.not_voting_count,
                counted=counted[Ballot.Choice.DID_NOT_VOTE],
            )
        )


def vote_validate(*, data: VoteData) -> None:
    """Field validation of a vote without touching the database (raises ValidationError).

    The checks of `Vote.clean_fields()` (lengths, choices, ranges, required values) for the
    fields a `VoteData` carries, with the same errors, but without building a model instance
    per roll call. Relations are ids here; the database checks them.
    """
    errors: dict[str, list[ValidationError]] = {}
    for model_field in _VOTE_VALIDATED:
        value = getattr(data, model_field.attname)
        if model_field.blank and value in model_field.empty_values:
            continue
        try:
            model_field.clean(value, None)
        except ValidationError as error:
            errors[model_field.name] = error.error_list
    if errors:
        raise ValidationError(errors)


def _vote_values(data: VoteData) -> dict[str, Any]:
    return {name: getattr(data, name) for name in _VOTE_FIELDS}


def _id_form(vote_id: str) -> str:
    """titania names a roll call by a GUID on the live page and a 32-hex UNID once archived."""
    return "unid" if len(vote_id) == 32 and "-" not in vote_id else "guid"


def _other_form(stored: str | None, incoming: str | None) -> bool:
    """Can `stored` and `incoming` be two titania ids of one roll call (or one is missing)?"""
    return not stored or not incoming or _id_form(stored) != _id_form(incoming)


def _find_existing_votes(items: Sequence[VoteData]) -> list[Vote | None]:
    """The stored copy of each roll call, or None; one query for the whole batch."""
    external = {d.external_id for d in items if d.external_id}
    opendata = {d.opendata_id for d in items if d.opendata_id}
    wanted = Q(term_id__in={d.term_id for d in items}, timestamp__in={d.timestamp for d in items})
    if external:
        wanted |= Q(external_id__in=external)
    if opendata:
        wanted |= Q(opendata_id__in=opendata)
    candidates = list(Vote.objects.filter(wanted))
    by_external = {v.external_id: v for v in candidates if v.external_id}
    by_opendata = {v.opendata_id: v for v in candidates if v.opendata_id}
    by_moment: dict[tuple, list[Vote]] = {}
    for vote in candidates:
        key = (vote.term_id, vote.timestamp, vote.for_count, vote.against_count)
        by_moment.setdefault(key, []).append(vote)
    found: list[Vote | None] = []
    for data in items:
        vote = by_external.get(data.external_id) if data.external_id else None
        if vote is None and data.opendata_id:
            vote = by_opendata.get(data.opendata_id)
        if vote is None:
            # The same roll call from the other source: same term, second and tallies, and
            # without an id of the kind this source has.
            key = (data.term_id, data.timestamp, data.for_count, data.against_count)
            matches = [
                v
                for v in by_moment.get(key, [])
                if _other_form(v.external_id, data.external_id)
                and (not data.opendata_id or v.opendata_id is None)
            ]
            vote = matches[0] if len(matches) == 1 else None
        found.append(vote)
    return found


_NewBallot = tuple[int, int, str, int | None]  # vote_id, deputy_id, choice, faction_id


def _ballot_changes(
    vote_id: int,
    wanted: Sequence[BallotData],
    stored: Mapping[int, tuple[int, str, int | None]],
) -> tuple[list[_NewBallot], list[Ballot], list[int]]:
    """(rows to insert, ballots to update, ids to delete) that turn `stored`
    ({deputy: (id, choice, faction)}) into `wanted`."""
    create: list[_NewBallot] = []
    update: list[Ballot] = []
    for ballot in wanted:
        current = stored.get(ballot.deputy_id)
        if current is None:
            create.append((vote_id, ballot.deputy_id, ballot.choice, ballot.faction_id))
        elif (current[1], current[2]) != (ballot.choice, ballot.faction_id):
            update.append(
                Ballot(
                    pk=current[0],
                    vote_id=vote_id,
                    deputy_id=ballot.deputy_id,
                    choice=ballot.choice,
                    faction_id=ballot.faction_id,
                )
            )
    keep = {b.deputy_id for b in wanted}
    delete = [row[0] for deputy_id, row in stored.items() if deputy_id not in keep]
    return create, update, delete


def _ballots_insert(rows: Sequence[_NewBallot]) -> None:
    """Insert ballot rows in the given order, without building two million model instances.

    PostgreSQL gets them through `COPY` (`_ballots_copy`), other databases through
    `executemany` (`_ballots_executemany`). Both store the same rows in the same order: ballots
    are stored in printed order, and the dump export derives each ballot's printed position
    from it.
    """
    if not rows:
        return
    if connection.vendor == "postgresql":
        _ballots_copy(rows)
    else:
        _ballots_executemany(rows)


def _ballot_table_and_columns() -> tuple[str, str]:
    meta = Ballot._meta
    columns = ", ".join(
        connection.ops.quote_name(meta.get_field(name).column)
        for name in ("vote", "deputy", "choice", "faction")
    )
    return connection.ops.quote_name(meta.db_table), columns


def _ballots_copy(rows: Sequence[_NewBallot]) -> None:
    """PostgreSQL: `COPY … FROM STDIN` through psycopg's `cursor.copy()`, which escapes every
    value. The rows go in as sent; constraints, foreign keys and triggers apply as to INSERT,
    and a refusal surfaces as Django's `IntegrityError`/`DatabaseError` like any query's."""
    table, columns = _ballot_table_and_columns()
    statement = f"COPY {table} ({columns}) FROM STDIN"
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.copy(statement) as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _ballots_executemany(rows: Sequence[_NewBallot]) -> None:
    """Any database: one parametrised INSERT per row, sent as one batch."""
    table, columns = _ballot_table_and_columns()
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s)",  # noqa: S608 - model names
            rows,
        )


@transaction.atomic(savepoint=False)
def votes_upsert(
    *, items: Sequence[tuple[VoteData, Sequence[BallotData] | None]]
) -> list[tuple[Vote, Outcome]]:
    """Create or update many roll calls and their ballots in one transaction, in a few queries.

    A vote is found by its titania id, then its data.gov.lv id, then (for the other source's
    copy of the same roll call) by term, second and tallies. `None` instead of a ballot list
    leaves the stored ballots alone; a list replaces them (rows are only touched where they
    differ). A vote's outcome is "update" when either the vote or its ballots changed.
    """
    for data, ballots in items:
        if ballots is None:
            vote_validate(data=data)  # the stored ballots stay: only the vote's own fields
        else:
            vote_check(data=data, ballots=ballots)
    found = _find_existing_votes([data for data, _ in items])

    results: list[tuple[Vote, Outcome]] = []
    to_create: list[Vote] = []
    to_update: list[Vote] = []
    update_fields: set[str] = set()
    for (data, _ballots), vote in zip(items, found, strict=True):
        values = _vote_values(data)
        if vote is None:
            vote = Vote(**values, **data.provenance.as_fields())
            to_create.append(vote)
            results.append((vote, "insert"))
            continue
        # The first id a roll call was stored under stays its id (the dump and links use it).
        sticky = {name for name in _VOTE_STICKY if getattr(vote, name)}
        changes = _changes(
            vote, {k: v for k, v in values.items() if k not in sticky}, optional=_VOTE_OPTIONAL
        )
        if changes:
            _apply(vote, changes, data.provenance)
            to_update.append(vote)
            update_fields.update(changes)
            update_fields.update(PROVENANCE)
            results.append((vote, "update"))
        else:
            results.append((vote, "noop"))
    if to_create:
        Vote.objects.bulk_create(to_create)
    if to_update:
        now = timezone.now()
        for vote in to_update:
            vote.updated_at = now
        Vote.objects.bulk_update(to_update, sorted({*update_fields, "updated_at"}))

    stored: dict[int, dict[int, tuple[int, str, int | None]]] = {}
    existing_ids = [vote.pk for vote, outcome in results if outcome != "insert"]
    if existing_ids:
        for row in Ballot.objects.filter(vote_id__in=existing_ids).values_list(
            "id", "vote_id", "deputy_id", "choice", "faction_id"
        ):
            stored.setdefault(row[1], {})[row[2]] = (row[0], row[3], row[4])
    create: list[_NewBallot] = []
    update: list[Ballot] = []
    delete: list[int] = []
    ballots_only: list[int] = []
    for index, ((_data, ballots), (vote, outcome)) in enumerate(zip(items, results, strict=True)):
        if ballots is None:
            continue
        c, u, d = _ballot_changes(vote.pk, ballots, stored.get(vote.pk, {}))
        create += c
        update += u
        delete += d
        if outcome == "noop" and (c or u or d):
            results[index] = (vote, "update")
            ballots_only.append(vote.pk)
    if ballots_only:
        # The ballot matrix cache is keyed on votes' updated_at: changed ballots must show there.
        Vote.objects.filter(pk__in=ballots_only).update(updated_at=timezone.now())
    if delete:
        Ballot.objects.filter(pk__in=delete).delete()
    if update:
        Ballot.objects.bulk_update(update, ["choice", "faction"])
    if create:
        _ballots_insert(create)
    return results


def vote_upsert(
    *, data: VoteData, ballots: Sequence[BallotData] | None = None
) -> tuple[Vote, Outcome]:
    """One roll call (a single vote page): `votes_upsert` with one item."""
    return votes_upsert(items=[(data, ballots)])[0]


@transaction.atomic
def ballots_upsert(*, vote: Vote, ballots: Sequence[BallotData]) -> Outcome:
    """Make the stored ballots of `vote` equal `ballots`; "noop" when they already are."""
    data = VoteData(**{name: getattr(vote, name) for name in _VOTE_FIELDS})
    vote_check(data=data, ballots=ballots)
    stored = {
        row[1]: (row[0], row[2], row[3])
        for row in vote.ballots.values_list("id", "deputy_id", "choice", "faction_id")
    }
    create, update, delete = _ballot_changes(vote.pk, ballots, stored)
    if not (create or update or delete):
        return "noop"
    Ballot.objects.filter(pk__in=delete).delete()
    Ballot.objects.bulk_update(update, ["choice", "faction"])
    _ballots_insert(create)
    # The ballot matrix cache is keyed on votes' updated_at: changed ballots must show there.
    Vote.objects.filter(pk=vote.pk).update(updated_at=timezone.now())
    return "insert" if not stored else "update"


def votes_link_bill(*, bill: Any) -> int:
    """Link every unlinked vote whose voted document (the last number in its motive) is `bill`.

    For the bills pipeline: call it after a `legislation.Bill` is created. Returns the count.
    """
    candidates = Vote.objects.filter(bill__isnull=True, document_numbers__contains=bill.number)
    ids = [
        pk
        for pk, numbers in candidates.values_list("pk", "document_numbers")
        if (listed := [n.strip() for n in numbers.split(",") if n.strip()])
        and listed[-1] == bill.number
    ]
    if not ids:
        return 0
    # One UPDATE for all; updated_at set by hand (auto_now only acts on save()).
    return Vote.objects.filter(pk__in=ids).update(bill=bill, updated_at=timezone.now())


__all__ = [
    "AMBIGUOUS_DEPUTY",
    "BALLOTS_ON_SECRET_VOTE",
    "DEPUTY_TWICE",
    "MAX_BALLOTS",
    "TALLY_MISMATCH",
    "TOO_MANY_BALLOTS",
    "BallotData",
    "Outcome",
    "Provenance",
    "SittingData",
    "VoteData",
    "ballots_upsert",
    "coalition_period_upsert",
    "deputy_upsert",
    "faction_find",
    "faction_upsert",
    "membership_create",
    "membership_observe",
    "membership_upsert",
    "normalise_faction_code",
    "sitting_upsert",
    "term_upsert",
    "vote_check",
    "vote_upsert",
    "vote_validate",
    "votes_link_bill",
    "votes_upsert",
]
