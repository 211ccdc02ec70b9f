"""The engine on one real sitting: the 14th Saeima, 16 April 2026 (30 roll calls).

Reads the project's dump in tests/fixtures/saeima/dump-2026-04-16/ (real values; provenance in
tests/fixtures/README.md). The hand counts below were taken from ballots.csv for the first roll
call, e8ee3055… "Grozījumi Saeimas vēlēšanu likumā (1292/Lp14), nodošana komisijām":

    AS  Pret 6, Atturas 2, Nebalsoja 3      NA  Atturas 3, Pret 1, Nebalsoja 4
    JV  Pret 25                             PRO Pret 8
    LPV Par 7                               ZZS Atturas 7, Par 3, Pret 2, Nebalsoja 3
    unaffiliated: Par 11, Pret 2
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from matching import (
    BallotMatrix,
    agreement_index,
    attendance,
    encode_choices,
    encode_presence,
    faction_positions,
    rebels,
)

DUMP = Path(__file__).resolve().parents[1] / "fixtures" / "saeima" / "dump-2026-04-16"
FACTIONS = ["AS", "JV", "LPV", "NA", "PRO", "ZZS"]


@pytest.fixture(scope="module")
def sitting() -> tuple[BallotMatrix, list[dict[str, str]]]:
    with (DUMP / "votes.csv").open(encoding="utf-8") as handle:
        votes = list(csv.DictReader(handle))
    with (DUMP / "ballots.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = sorted({row["full_name"] for row in rows})
    deputy = {name: number for number, name in enumerate(names)}
    column = {vote["vote_id"]: number for number, vote in enumerate(votes)}

    codes = np.full((len(names), len(votes)), "absent", dtype=object)
    faction = np.full((len(names), len(votes)), -1)
    for row in rows:
        cell = deputy[row["full_name"]], column[row["vote_id"]]
        codes[cell] = row["choice"]
        if row["faction_short"]:
            faction[cell] = FACTIONS.index(row["faction_short"])
    ballots = BallotMatrix.build(
        encode_choices(codes),
        present=encode_presence(codes),
        faction=faction,
        faction_ids=np.arange(1, len(FACTIONS) + 1),
        deputy_ids=np.arange(1, len(names) + 1),
        vote_ids=np.arange(1, len(votes) + 1),
    )
    return ballots, votes


def test_real_sitting_tallies_match_the_printed_results(
    sitting: tuple[BallotMatrix, list[dict[str, str]]],
) -> None:
    ballots, votes = sitting
    positions = faction_positions(ballots)
    unaffiliated = ballots.faction == -1

    for number, vote in enumerate(votes):
        column = ballots.positions[:, number]
        counted = positions.counts[:, number].sum(axis=0) + [
            int((unaffiliated[:, number] & (column == x)).sum()) for x in (1.0, -1.0, 0.0)
        ]
        assert counted.tolist() == [int(vote["for"]), int(vote["against"]), int(vote["abstain"])]
        not_voting = ballots.present[:, number] & np.isnan(column)
        assert int(not_voting.sum()) == int(vote["not_voting"])


def test_real_sitting_first_vote_factions_by_hand(
    sitting: tuple[BallotMatrix, list[dict[str, str]]],
) -> None:
    ballots, _ = sitting
    positions = faction_positions(ballots)
    cohesion = agreement_index(positions)

    # AS, JV, LPV, NA, PRO, ZZS
    np.testing.assert_array_equal(positions.majority[:, 0], [-1, -1, 1, 0, -1, 0])
    assert positions.not_voting[:, 0].tolist() == [3, 0, 0, 4, 0, 3]
    # AI = 1.5 * max / T - 0.5: AS 6 of 8, NA 3 of 4, ZZS 7 of 12; the rest voted as one.
    np.testing.assert_allclose(cohesion.index[:, 0], [0.625, 1, 1, 0.625, 1, 0.375])


def test_real_sitting_first_vote_rebels_and_presence(
    sitting: tuple[BallotMatrix, list[dict[str, str]]],
) -> None:
    ballots, _ = sitting
    result = rebels(ballots)

    # Against the faction line: AS 2 abstained (line Pret), NA 1 Pret (line Atturas),
    # ZZS 3 Par + 2 Pret (line Atturas).
    assert int(result.matrix[:, 0].sum()) == 8
    presence = attendance(ballots, votes=[1])
    assert int(presence.cast.sum()) == 21 + 44 + 12
    assert int(presence.not_voting.sum()) == 10
