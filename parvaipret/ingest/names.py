"""Name resolution: a printed deputy name + faction code + date → our `Deputy` and `Faction`.

Vote sources name deputies as text only. A name resolves to the deputy whose mandate (a
`Membership`, faction may be empty = unaffiliated, empty dates = open) covers the day of the vote:

1. The name is repaired (mojibake from a wrong code page), NFC-normalised and casefolded, and
   compared as the *set* of its tokens (`scrapers.saeima.names.name_key`), so "Raivis Dzintars",
   "Dzintars Raivis" and a decomposed "Dzintars Raivis" are one key, while namesakes
   (Raivis/Normunds Dzintars, Andrejs/Igors Judins, Irma/Inese Kalniņa, Līga/Jeļena Kļaviņa)
   keep different keys.
2. Two deputies with the very same name on that day are told apart by the faction printed on
   the ballot (the faction of their membership that day).
3. Only if nothing matches exactly, the name without diacritics is tried, and used only when it
   points at exactly one deputy.

Nothing is ever created here: a name that does not resolve raises `UnknownDeputyError`, and the
caller quarantines the whole roll call.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from parvaipret.ingest.errors import (
    AmbiguousDeputyError,
    IngestError,
    UnknownDeputyError,
    UnknownFactionError,
)
from parvaipret.parliament.models import Ballot, Faction, Membership, Term
from parvaipret.parliament.services import BallotData, normalise_faction_code
from scrapers.records.parliament import BallotChoice, BallotRecord
from scrapers.saeima.names import name_key, name_key_from_full

logger = logging.getLogger(__name__)

_MOJIBAKE_MARKS = ("Ã", "Ä", "Å", "Ð", "Ñ")

# A printed ballot's choice as stored.
CHOICES: Mapping[BallotChoice, str] = {
    BallotChoice.FOR: Ballot.Choice.FOR,
    BallotChoice.AGAINST: Ballot.Choice.AGAINST,
    BallotChoice.ABSTAIN: Ballot.Choice.ABSTAIN,
    BallotChoice.DID_NOT_VOTE: Ballot.Choice.DID_NOT_VOTE,
}


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 bytes that were decoded with a single-byte code page ("BÄ“rziÅ†a").

    Tried only when the text shows the tell-tale lead characters, and kept only when the bytes
    decode as UTF-8 cleanly; otherwise the text is returned unchanged.
    """
    if not any(mark in text for mark in _MOJIBAKE_MARKS):
        return text
    for encoding in ("cp1252", "latin-1", "cp1257"):
        try:
            repaired = text.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
        if not any(mark in repaired for mark in _MOJIBAKE_MARKS):
            return repaired
    return text


def fold_diacritics(key: str) -> str:
    """`name_key` without combining marks: "kalniņa irma" → "kalnina irma"."""
    decomposed = unicodedata.normalize("NFD", key)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def printed_name_key(
    full_name: str, *, first_name: str | None = None, last_name: str | None = None
) -> str:
    if first_name and last_name:
        return name_key(repair_mojibake(first_name), repair_mojibake(last_name))
    return name_key_from_full(repair_mojibake(full_name))


@dataclass(frozen=True, slots=True)
class Resolved:
    deputy_id: int
    faction_id: int | None  # the faction printed on the ballot; None = unaffiliated
    membership_faction_id: int | None  # the faction of the deputy's membership that day


def _covers(membership: Membership, day: dt.date) -> bool:
    return (membership.start is None or membership.start <= day) and (
        membership.end is None or membership.end >= day
    )


class DeputyResolver:
    """Resolves printed names against the memberships of one term, loaded once.

    Build a new resolver after memberships change (a deputies sync); it is cheap (one query
    for the memberships, one for the factions).
    """

    def __init__(self, *, term: Term) -> None:
        self.term = term
        self._by_key: dict[str, list[Membership]] = defaultdict(list)
        self._by_folded: dict[str, list[Membership]] = defaultdict(list)
        for membership in Membership.objects.filter(term=term).select_related("deputy"):
            deputy = membership.deputy
            key = name_key(deputy.first_name, deputy.last_name)
            self._by_key[key].append(membership)
            self._by_folded[fold_diacritics(key)].append(membership)
        self._resolved: dict[tuple, Resolved] = {}
        self._ballots: dict[dt.date, dict[tuple, BallotData]] = {}
        self._factions: dict[str, Faction] = {}
        self._load_factions()

    def _load_factions(self) -> None:
        for faction in Faction.objects.filter(term=self.term):
            for code in (faction.short_name, *faction.aliases):
                self._factions[normalise_faction_code(code)] = faction

    def faction(self, code: str) -> Faction | None:
        """The faction a printed code names; blank = unaffiliated (None).

        A code not seen yet is looked up again in the database once (a faction may have been
        created since the resolver was built) before it is reported as unknown.
        """
        wanted = normalise_faction_code(code)
        if not wanted:
            return None
        if wanted not in self._factions:
            self._load_factions()
        try:
            return self._factions[wanted]
        except KeyError:
            raise UnknownFactionError(code=code, term=self.term.number) from None

    def resolve(
        self,
        *,
        full_name: str,
        faction_code: str,
        on: dt.date,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> Resolved:
        cache_key = (full_name, faction_code, on, first_name, last_name)
        resolved = self._resolved.get(cache_key)
        if resolved is None:
            resolved = self._resolve(
                full_name=full_name,
                faction_code=faction_code,
                on=on,
                first_name=first_name,
                last_name=last_name,
            )
            self._resolved[cache_key] = resolved
        return resolved

    def ballots(
        self, printed: Iterable[BallotRecord], *, on: dt.date
    ) -> tuple[list[BallotData], list[IngestError]]:
        """The printed ballots of a roll call held on `on`, resolved to `BallotData` in the given
        order, and the errors of those that do not resolve (left out of the list).

        A term prints each deputy's ballot thousands of times with the same name, faction and
        one of four choices: each (name, faction, choice) is resolved once per day and its
        `BallotData` reused (they are immutable). Failures are not remembered.
        """
        known = self._ballots.get(on)
        if known is None:
            known = self._ballots[on] = {}
        ballots: list[BallotData] = []
        errors: list[IngestError] = []
        for ballot in printed:
            key = (
                ballot.full_name,
                ballot.faction_short,
                ballot.first_name,
                ballot.last_name,
                ballot.choice,
            )
            data = known.get(key)
            if data is None:
                try:
                    resolved = self.resolve(
                        full_name=ballot.full_name,
                        faction_code=ballot.faction_short,
                        on=on,
                        first_name=ballot.first_name,
                        last_name=ballot.last_name,
                    )
                except IngestError as error:
                    errors.append(error)
                    continue
                data = known[key] = BallotData(
                    resolved.deputy_id, CHOICES[ballot.choice], resolved.faction_id
                )
            ballots.append(data)
        return ballots, errors

    def _resolve(
        self,
        *,
        full_name: str,
        faction_code: str,
        on: dt.date,
        first_name: str | None,
        last_name: str | None,
    ) -> Resolved:
        faction = self.faction(faction_code)
        faction_id = faction.pk if faction else None
        key = printed_name_key(full_name, first_name=first_name, last_name=last_name)
        active = [m for m in self._by_key.get(key, ()) if _covers(m, on)]
        if not active:
            folded = [m for m in self._by_folded.get(fold_diacritics(key), ()) if _covers(m, on)]
            if len({m.deputy_id for m in folded}) == 1:
                logger.info("resolved %r by its letters without diacritics", full_name)
                active = folded
        deputies = {m.deputy_id for m in active}
        if len(deputies) > 1:
            same_faction = [m for m in active if m.faction_id == faction_id]
            deputies = {m.deputy_id for m in same_faction}
            if len(deputies) != 1:
                raise AmbiguousDeputyError(
                    name=full_name,
                    faction=faction_code,
                    on=on,
                    count=len({m.deputy_id for m in active}),
                )
            active = same_faction
        if not deputies:
            known_in_term = bool(self._by_key.get(key))
            raise UnknownDeputyError(
                name=full_name,
                faction=faction_code,
                on=on,
                term=self.term.number if known_in_term else None,
            )
        membership = active[0]
        if membership.faction_id != faction_id:
            logger.info(
                "%s: ballot of %s prints faction %r, membership says %s",
                on,
                full_name,
                faction_code,
                membership.faction_id,
            )
        return Resolved(
            deputy_id=membership.deputy_id,
            faction_id=faction_id,
            membership_faction_id=membership.faction_id,
        )
