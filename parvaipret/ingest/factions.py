"""The factions a convocation is known to have had, for codes a source prints without a name.

Names are the official ones from the titania DepWeb deputies view (`lst`), as listed in
/work/shared/docs/saeima-data.md 4.2; the code variants of "Stabilitātei!" (`S!`, `ST!`, `ST`) are
the ones seen on vote pages over the term. The colours are OUR display choice (distinct and
readable behind white text), not source data: the Saeima publishes no faction colours.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from parvaipret.parliament.models import Faction, Term
from parvaipret.parliament.services import (
    Outcome,
    faction_find,
    faction_upsert,
    normalise_faction_code,
)


@dataclass(frozen=True, slots=True)
class KnownFaction:
    short_name: str
    name: str
    colour: str  # display choice, not source data
    aliases: tuple[str, ...] = ()


KNOWN_FACTIONS: Mapping[int, tuple[KnownFaction, ...]] = {
    14: (
        KnownFaction("JV", "Frakcija JAUNĀ VIENOTĪBA", "#2E7D5B"),
        KnownFaction("ZZS", "Zaļo un Zemnieku savienības frakcija", "#7A8B1E"),
        KnownFaction("NA", "Frakcija “Nacionālā apvienība”", "#8E1B2C"),
        KnownFaction(
            "AS",
            "Frakcija “APVIENOTAIS SARAKSTS – Latvijas Zaļā partija, Latvijas Reģionu Apvienība, "
            "Liepājas partija”",
            "#1F4E99",
        ),
        KnownFaction("PRO", "Frakcija PROGRESĪVIE", "#6A1B9A"),
        KnownFaction("LPV", "Frakcija LATVIJA PIRMAJĀ VIETĀ", "#C2185B"),
        KnownFaction("S!", "Frakcija “Stabilitātei!”", "#D35400", aliases=("ST!", "ST")),
    ),
}

# Shown for codes that no table knows (a faction founded after this table was written).
FALLBACK_COLOURS = ("#00838F", "#5D4037", "#455A64", "#AD1457", "#283593", "#558B2F")


def known_faction(term: int, code: str) -> KnownFaction | None:
    wanted = normalise_faction_code(code)
    for known in KNOWN_FACTIONS.get(term, ()):
        codes = {normalise_faction_code(c) for c in (known.short_name, *known.aliases)}
        if wanted in codes:
            return known
    return None


def display_colour(term: int, code: str) -> str:
    known = known_faction(term, code)
    if known is not None:
        return known.colour
    return FALLBACK_COLOURS[sum(code.encode()) % len(FALLBACK_COLOURS)]


def factions_ensure(
    *, term: Term, codes: Iterable[str], names: Mapping[str, str] | None = None
) -> list[tuple[Faction, Outcome]]:
    """Make sure a faction exists for every printed code (blank = unaffiliated, skipped).

    A code already known (as a code or an alias) is left alone unless `names` gives its full name
    from a source; a new code needs a name, either from `names` (e.g. a deputies list) or from
    `KNOWN_FACTIONS`. Codes that neither knows are returned to nobody: the caller's resolver
    then reports them as unknown.
    """
    names = names or {}
    results = []
    for code in dict.fromkeys(c.strip() for c in codes):
        if not code:
            continue
        known = known_faction(term.number, code)
        name = names.get(code) or (known.name if known else "")
        existing = faction_find(term=term, code=code)
        if existing is None and not name:
            continue
        if existing is not None and not names.get(code):
            continue
        results.append(
            faction_upsert(
                term=term,
                short_name=known.short_name if known and existing is None else code,
                name=name,
                colour=display_colour(term.number, code) if existing is None else "",
                aliases=known.aliases if known else (),
            )
        )
    return results
