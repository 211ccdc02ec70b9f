"""Why the ingest could not take something in: error kinds and message texts (tests import them).

Each error becomes a `RunError` on the run (its `kind` is one of the constants below); a roll call
that fails is quarantined with its page, never half-stored.
"""

from __future__ import annotations

import datetime as dt

# RunError.kind values
KIND_FETCH = "fetch"
KIND_PARSE = "parse"
KIND_UNKNOWN_DEPUTY = "unknown_deputy"
KIND_AMBIGUOUS_DEPUTY = "ambiguous_deputy"
KIND_UNKNOWN_FACTION = "unknown_faction"
KIND_SANITY = "sanity_check"
KIND_STORE = "store"

UNKNOWN_DEPUTY = "no deputy with a mandate on {date} is named {name!r} ({faction})"
NO_MANDATE_ON_DATE = (
    "{name!r} ({faction}) is a deputy of the {term}. Saeima but had no mandate on {date}"
)
AMBIGUOUS_DEPUTY = "{count} deputies with a mandate on {date} are named {name!r} ({faction})"
UNKNOWN_FACTION = "faction code {code!r} is not known in the {term}. Saeima"
UNAFFILIATED_LABEL = "unaffiliated"


class IngestError(Exception):
    """A record that cannot be stored; `kind` says which `RunError` kind it becomes."""

    kind = KIND_SANITY

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _faction_label(code: str) -> str:
    return code.strip() or UNAFFILIATED_LABEL


class UnknownDeputyError(IngestError):
    kind = KIND_UNKNOWN_DEPUTY

    def __init__(self, *, name: str, faction: str, on: dt.date, term: int | None = None) -> None:
        if term is None:
            message = UNKNOWN_DEPUTY.format(date=on, name=name, faction=_faction_label(faction))
        else:
            message = NO_MANDATE_ON_DATE.format(
                name=name, faction=_faction_label(faction), term=term, date=on
            )
        super().__init__(message)
        self.name = name


class AmbiguousDeputyError(IngestError):
    kind = KIND_AMBIGUOUS_DEPUTY

    def __init__(self, *, name: str, faction: str, on: dt.date, count: int) -> None:
        super().__init__(
            AMBIGUOUS_DEPUTY.format(
                count=count, date=on, name=name, faction=_faction_label(faction)
            )
        )
        self.name = name


class UnknownFactionError(IngestError):
    kind = KIND_UNKNOWN_FACTION

    def __init__(self, *, code: str, term: int) -> None:
        super().__init__(UNKNOWN_FACTION.format(code=code, term=term))
        self.code = code
