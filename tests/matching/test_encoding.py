"""Ballot and answer codes to numbers."""

from __future__ import annotations

import numpy as np
import pytest

from matching import ABSTAIN, AGAINST, FOR, choice_index, encode_choices, encode_presence


def test_encode_choices_maps_english_and_latvian_codes() -> None:
    codes = ["for", "against", "abstain", "did_not_vote", "absent", "Par", "Pret", "Atturas"]
    encoded = encode_choices(codes)

    np.testing.assert_array_equal(encoded, [1, -1, 0, np.nan, np.nan, 1, -1, 0])
    assert (FOR, AGAINST, ABSTAIN) == (1.0, -1.0, 0.0)


def test_encode_presence_keeps_nebalsoja_present_and_absent_away() -> None:
    codes = np.array([["Nebalsoja", "did_not_vote", None], ["absent", " PAR ", "skip"]], object)

    np.testing.assert_array_equal(
        encode_presence(codes), [[True, True, False], [False, True, False]]
    )
    assert np.isnan(encode_choices(codes)[0]).all()


def test_encode_choices_rejects_unknown_codes() -> None:
    with pytest.raises(ValueError, match="maybe"):
        encode_choices(["for", "maybe"])


def test_choice_index_orders_for_against_abstain() -> None:
    assert choice_index(np.array([1.0, -1.0, 0.0, np.nan, -0.0])).tolist() == [0, 1, 2, -1, 2]
