"""Numeric encoding of ballots and citizens' answers.

A ballot or an answer is a float: ``FOR = +1.0``, ``AGAINST = -1.0``, ``ABSTAIN = 0.0`` and
``MISSING = nan`` for "no position" (did not vote, absent, no mandate, question skipped). Every
formula in ``matching`` works on these numbers; see docs/matching.md.

Presence is a separate boolean, because the Saeima lists deputies who were registered but did
not press a button ("Nebalsoja"): they are *present* but have no position, unlike the absent.

Codes accepted by :func:`encode_choices` and :func:`encode_presence` (case-insensitive, surrounding
whitespace ignored; ``None`` means absent):

============== ========= ========
code           position  present
============== ========= ========
for / Par        +1.0    yes
against / Pret   -1.0    yes
abstain/Atturas   0.0    yes
did_not_vote,    nan     yes
Nebalsoja,
Nebalso
absent, None     nan     no
skip             nan     no       (a citizen's skipped question)
============== ========= ========

The English codes are those of ``Ballot.Choice`` and ``Answer.Choice``; the Latvian ones are the
values printed on titania vote pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

FOR: Final = 1.0
AGAINST: Final = -1.0
ABSTAIN: Final = 0.0
MISSING: Final = float("nan")

#: Order of the choice axis in count and share arrays (``FactionPositions.counts[..., k]``).
CHOICE_ORDER: Final = (FOR, AGAINST, ABSTAIN)

_POSITIONS: Final[dict[str, float]] = {
    "for": FOR,
    "par": FOR,
    "against": AGAINST,
    "pret": AGAINST,
    "abstain": ABSTAIN,
    "atturas": ABSTAIN,
    "did_not_vote": MISSING,
    "nebalsoja": MISSING,
    "nebalso": MISSING,
    "absent": MISSING,
    "skip": MISSING,
}
_PRESENT: Final = frozenset(
    {"for", "par", "against", "pret", "abstain", "atturas", "did_not_vote", "nebalsoja", "nebalso"}
)

UNKNOWN_CODE_MESSAGE: Final = "Unknown ballot or answer code {code!r}; expected one of {known}."


def _normalise(code: Any) -> str:
    if code is None:
        return "absent"
    key = str(code).strip().lower()
    if key not in _POSITIONS:
        raise ValueError(UNKNOWN_CODE_MESSAGE.format(code=code, known=sorted(_POSITIONS)))
    return key


def _lookup(
    codes: Iterable[Any] | NDArray[Any], table: dict[str, Any], dtype: type
) -> NDArray[Any]:
    array = np.asarray(codes, dtype=object)
    flat = array.ravel()
    # Few distinct codes, many cells: normalise each distinct code once.
    distinct = {code: table[_normalise(code)] for code in set(flat.tolist())}
    out = np.fromiter((distinct[code] for code in flat.tolist()), dtype=dtype, count=flat.size)
    return out.reshape(array.shape)


def encode_choices(codes: Iterable[Any] | NDArray[Any]) -> NDArray[np.float64]:
    """Positions (+1 / -1 / 0 / nan) for an array of ballot or answer codes, any shape.

    Raises ``ValueError`` on an unknown code. O(n) Python-level work per cell, with the distinct
    codes normalised once; a 100 x 20,000 term takes well under a second.
    """
    return _lookup(codes, _POSITIONS, np.float64)


def encode_presence(codes: Iterable[Any] | NDArray[Any]) -> NDArray[np.bool_]:
    """True where the code means the deputy was registered in the vote (a ballot or Nebalsoja)."""
    table = {key: key in _PRESENT for key in _POSITIONS}
    return _lookup(codes, table, np.bool_)


def choice_index(positions: NDArray[np.float64]) -> NDArray[np.intp]:
    """Index into :data:`CHOICE_ORDER` (0 for, 1 against, 2 abstain) and -1 for nan, any shape."""
    positions = np.asarray(positions, dtype=np.float64)
    out = np.full(positions.shape, -1, dtype=np.intp)
    out[positions == FOR] = 0
    out[positions == AGAINST] = 1
    out[positions == ABSTAIN] = 2
    return out
