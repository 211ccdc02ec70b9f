"""Deputy rosters → `Deputy` + `Membership`, as observations on a day.

A roster (the DepWeb deputies view, the dump's deputies.csv) says "on this day, this person sat in
this faction". `deputies_observe` upserts the deputy (keyed by the DepWeb UNID where given) and
records the observation with `membership_observe`, which never invents a start date: the first
observation leaves the dates empty, a later different faction closes the old membership the day
before and opens a new one.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from parvaipret.core.exceptions import ApplicationError
from parvaipret.ingest.errors import KIND_STORE, KIND_UNKNOWN_FACTION, UnknownFactionError
from parvaipret.ingest.factions import factions_ensure
from parvaipret.ingest.runs import RunLog
from parvaipret.parliament.models import Faction, Term
from parvaipret.parliament.services import (
    Provenance,
    deputy_upsert,
    faction_find,
    membership_observe,
)
from scrapers.records.parliament import DeputyRecord
from scrapers.saeima.names import name_key

logger = logging.getLogger(__name__)


def web_url(url: str) -> str:
    """`url` if it is a web address (a record read from a local file keeps no source URL)."""
    return url if url.startswith(("http://", "https://")) else ""


def _faction_for(term: Term, code: str | None) -> Faction | None:
    if not code or not code.strip():
        return None
    faction = faction_find(term=term, code=code)
    if faction is None:
        raise UnknownFactionError(code=code, term=term.number)
    return faction


def deputies_observe(
    *,
    log: RunLog,
    term: Term,
    records: Sequence[DeputyRecord],
    on: dt.date,
    fetched_at: dt.datetime | None = None,
    checksum: str = "",
    faction_codes: Mapping[str, str] | None = None,
) -> None:
    """Upsert every deputy of a roster and observe their faction on the day `on`.

    `faction_codes` ({name_key: printed code}) overrides the roster's faction for deputies seen
    elsewhere that very day (the dump: the faction printed on their ballots). A record whose
    faction code is unknown (None: the roster printed a faction name we cannot map) keeps the
    deputy but records no membership, and the problem goes on the run.
    """
    faction_codes = faction_codes or {}
    names = {
        r.faction_short.strip(): r.faction_name
        for r in records
        if r.faction_short and r.faction_name
    }
    codes = [r.faction_short or "" for r in records] + list(faction_codes.values())
    with transaction.atomic():
        for _faction, outcome in factions_ensure(term=term, codes=codes, names=names):
            log.count(outcome)
    for record in records:
        source = web_url(record.source_url) or record.source_url
        if not record.first_name or not record.last_name:
            log.fail(
                source=source,
                kind=KIND_STORE,
                message=f"{record.full_name!r}: the roster does not say which part is the surname",
            )
            continue
        provenance = Provenance(
            source_url=web_url(record.source_url), fetched_at=fetched_at, checksum=checksum
        )
        key = name_key(record.first_name, record.last_name)
        code = faction_codes.get(key, record.faction_short)
        try:
            with transaction.atomic():
                deputy, outcome = deputy_upsert(
                    term=term,
                    first_name=record.first_name,
                    last_name=record.last_name,
                    external_id=record.external_id,
                    provenance=provenance,
                )
                log.count(outcome)
                if code is None:
                    log.error(
                        source=source,
                        kind=KIND_UNKNOWN_FACTION,
                        message=f"{record.full_name}: faction {record.faction_name!r} has no "
                        "known code; no membership recorded",
                    )
                    continue
                _membership, outcome = membership_observe(
                    deputy=deputy,
                    term=term,
                    faction=_faction_for(term, code),
                    on=on,
                    note=record.source_note or "",
                    provenance=provenance,
                )
                log.count(outcome)
        except UnknownFactionError as error:
            log.fail(source=source, kind=error.kind, message=f"{record.full_name}: {error}")
        except (ApplicationError, DatabaseError, ValidationError) as error:
            log.fail(source=source, kind=KIND_STORE, message=f"{record.full_name}: {error}")
