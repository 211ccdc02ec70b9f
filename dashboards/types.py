"""Frozen input records for the builders: plain values a selector or `matching` result fills.

Shares are fractions in [0, 1] (NaN or None = unknown); counts are plain ints; colours are the CSS
colours stored with the data (`Faction.colour`), None when the data has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Choice = Literal["for", "against", "abstain"]


@dataclass(frozen=True)
class FactionSeries:
    """One faction's monthly Agreement Index for `cohesion_over_time_lines`.

    `values[m]` is the mean Agreement Index (0–1) over the faction's votes in month m, NaN when it
    had none; `counts[m]` is that number of votes. `coalition` is one flag for the whole period or
    one per month (a faction can move between coalition and opposition).
    """

    faction_id: int
    label: str
    colour: str | None
    coalition: bool | Sequence[bool]
    values: Sequence[float]
    counts: Sequence[int]


@dataclass(frozen=True)
class DeputyTally:
    """A deputy's count out of a total, for `rebels_bar` and `attendance_bar`.

    For rebels: `count` = votes against the faction line, `total` = votes counted (where the deputy
    voted and the faction had a line). For attendance: `count` = votes attended, `total` = votes
    held while the deputy held a mandate.
    """

    deputy_id: int
    name: str
    faction: str
    colour: str | None
    count: int
    total: int


@dataclass(frozen=True)
class DeputyPoint:
    """A deputy on the ideal-point map; `factions` in membership order, the current one last."""

    deputy_id: int
    name: str
    factions: Sequence[str]
    colour: str | None

    @property
    def changed_faction(self) -> bool:
        return len(set(self.factions)) > 1

    @property
    def current_faction(self) -> str:
        return self.factions[-1] if self.factions else ""


@dataclass(frozen=True)
class FactionStance:
    """A faction's position on the vote behind a question, with its members' ballot counts.

    `position` is the faction's plurality choice as `matching.faction_positions` gives it, None
    when it has none (a tie, or no member voted). `counts` is (for, against, abstain).
    """

    faction_id: int
    label: str
    colour: str | None
    position: Choice | None
    counts: tuple[int, int, int]


@dataclass(frozen=True)
class QuestionComparison:
    """A published question: what citizens answered next to how the Saeima voted.

    `citizen_counts` and `saeima_counts` are (for, against, abstain): answers and ballots of the
    deputies who voted. `adopted` is the Saeima's outcome, None when unknown.
    """

    question_id: int
    label: str
    citizen_counts: tuple[int, int, int]
    saeima_counts: tuple[int, int, int]
    adopted: bool | None
    factions: Sequence[FactionStance]


@dataclass(frozen=True)
class AgreementEntry:
    """A faction's or deputy's agreement with one citizen (`matching.agreement` output).

    `agreement` in [0, 1] (NaN = none), `overlap` = number of the citizen's answered questions the
    entity also voted on, `coverage` = share of the citizen's answers (weighted) that overlap.
    """

    entity_id: int
    label: str
    colour: str | None
    agreement: float
    overlap: int
    coverage: float


@dataclass(frozen=True)
class FactionSummary:
    """A faction's cohesion and attendance over a period, for `faction_summary_bars`.

    `cohesion` = mean Agreement Index (0–1) over `cohesion_votes` votes (NaN if none);
    attendance = `ballots_cast` of `ballots_possible` (deputy-votes while members held mandates).
    """

    faction_id: int
    label: str
    colour: str | None
    members: int
    cohesion: float
    cohesion_votes: int
    ballots_cast: int
    ballots_possible: int
