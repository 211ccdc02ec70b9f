import pytest

from dashboards import (
    FactionStance,
    QuestionComparison,
    public_vs_parliament_gaps,
    public_vs_parliament_rows,
    question_gap,
)
from dashboards.theme import AGAINST_COLOUR, FOR_COLOUR

JV, NA = "#1111aa", "#aa1111"
Q1 = QuestionComparison(
    question_id=101,
    label="Lower VAT on food",
    citizen_counts=(60, 30, 10),  # 60 % for
    saeima_counts=(40, 50, 10),  # 40 % for: gap 20 points
    adopted=False,
    factions=[
        FactionStance(1, "JV", JV, "against", (2, 20, 1)),
        FactionStance(2, "NA", NA, "for", (10, 1, 0)),
    ],
)
Q2 = QuestionComparison(
    question_id=102,
    label="Extend the sitting",
    citizen_counts=(10, 80, 10),  # 10 % for
    saeima_counts=(70, 20, 10),  # 70 % for: gap 60 points
    adopted=True,
    factions=[
        FactionStance(1, "JV", JV, "for", (22, 0, 0)),
        FactionStance(2, "NA", NA, None, (5, 5, 1)),
    ],
)
Q3 = QuestionComparison(
    question_id=103,
    label="Not answered yet",
    citizen_counts=(0, 0, 0),
    saeima_counts=(45, 45, 10),
    adopted=None,
    factions=[],
)


def _fig(**kwargs):
    return public_vs_parliament_gaps([Q1, Q2, Q3], **kwargs).to_dict()


def test_question_gap_is_the_difference_of_for_shares() -> None:
    assert question_gap(Q1) == pytest.approx(0.2)
    assert question_gap(Q2) == pytest.approx(0.6)
    assert question_gap(Q3) is None


def test_public_vs_parliament_gaps_stacks_choice_shares_biggest_gap_first() -> None:
    bars = [t for t in _fig()["data"] if t["type"] == "bar"]

    assert [(t["name"], t["marker"]["color"]) for t in bars] == [
        ("For", FOR_COLOUR),
        ("Against", AGAINST_COLOUR),
        ("Abstain", "#999999"),
    ]
    for_bar, against_bar, abstain_bar = bars
    # Rows: Q2 citizens, Q2 Saeima, Q1 citizens, Q1 Saeima, Q3 citizens, Q3 Saeima.
    assert for_bar["x"] == [10.0, 70.0, 60.0, 40.0, None, 45.0]
    assert against_bar["x"] == [80.0, 20.0, 30.0, 50.0, None, 45.0]
    assert abstain_bar["x"] == [10.0, 10.0, 10.0, 10.0, None, 10.0]
    assert for_bar["y"] == pytest.approx([1.3, 2.3, 4.8, 5.8, 8.3, 9.3])
    assert for_bar["customdata"] == [102, 102, 101, 101, 103, 103]
    assert all(t["orientation"] == "h" for t in bars)


def test_public_vs_parliament_gaps_labels_rows_with_n_and_outcome() -> None:
    yaxis = _fig()["layout"]["yaxis"]

    assert yaxis["ticktext"] == [
        "Citizens (n = 100)",
        "Saeima: adopted (100 voted)",
        "Citizens (n = 100)",
        "Saeima: rejected (100 voted)",
        "Citizens (n = 0)",
        "Saeima: outcome unknown (100 voted)",
    ]


def test_public_vs_parliament_gaps_headers_give_question_and_gap() -> None:
    annotations = _fig()["layout"]["annotations"]
    headers = [a["text"] for a in annotations if a["xref"] == "paper"]

    assert headers == [
        "<b>Extend the sitting · gap 60.0 points</b>",
        "<b>Lower VAT on food · gap 20.0 points</b>",
        "<b>Not answered yet</b>",
    ]
    (no_data,) = [a for a in annotations if a["xref"] == "x"]
    assert (no_data["text"], no_data["y"]) == ("no data yet", pytest.approx(8.3))


def test_public_vs_parliament_gaps_hover_gives_share_and_counts() -> None:
    for_bar = _fig()["data"][0]

    assert for_bar["hovertext"][0] == "Citizens: For 10.0% (10 of 100)"
    assert for_bar["hovertext"][1] == "Saeima: For 70.0% (70 of 100)"
    assert for_bar["hovertext"][4] == "Citizens: For n/a (0 of 0)"


def test_public_vs_parliament_gaps_draws_faction_positions_on_the_saeima_rows() -> None:
    data = _fig()["data"]
    markers = {t["name"]: t for t in data if t["type"] == "scatter"}

    assert list(markers) == ["For", "Against", "No majority"]
    assert markers["For"]["x"] == ["JV", "NA"]  # JV on Q2, NA on Q1
    assert markers["For"]["y"] == pytest.approx([2.3, 5.8])
    assert markers["For"]["marker"]["color"] == FOR_COLOUR
    assert markers["For"]["customdata"] == [102, 101]
    assert markers["For"]["showlegend"] is False
    assert markers["Against"]["x"] == ["JV"]
    assert markers["Against"]["hovertext"] == ["JV: Against<br>For 2 · Against 20 · Abstain 1"]
    assert markers["No majority"]["marker"]["symbol"] == "circle-open"
    assert markers["No majority"]["showlegend"] is True
    assert all(t["xaxis"] == "x2" for t in markers.values())


def test_public_vs_parliament_gaps_faction_axis_shows_faction_colours() -> None:
    xaxis2 = _fig()["layout"]["xaxis2"]

    assert xaxis2["categoryarray"] == ["JV", "NA"]
    assert xaxis2["ticktext"] == [
        '<span style="color:#1111aa">■</span> JV',
        '<span style="color:#aa1111">■</span> NA',
    ]
    assert xaxis2["title"]["text"] == "Faction positions"


def test_public_vs_parliament_gaps_percent_axis_and_translated_choice_names() -> None:
    fig = _fig(for_label="Par", against_label="Pret", abstain_label="Atturas", x_title="Daļa (%)")

    assert [t["name"] for t in fig["data"][:3]] == ["Par", "Pret", "Atturas"]
    assert fig["layout"]["xaxis"]["title"]["text"] == "Daļa (%)"
    assert fig["layout"]["xaxis"]["range"] == [0, 100]
    assert fig["layout"]["xaxis"]["ticksuffix"] == "%"


def test_public_vs_parliament_gaps_limit_keeps_the_biggest_gaps() -> None:
    fig = _fig(limit=1)

    assert fig["data"][0]["customdata"] == [102, 102]


def test_public_vs_parliament_rows_in_gap_order_with_faction_positions() -> None:
    rows = public_vs_parliament_rows([Q1, Q2, Q3])

    assert [r["question_id"] for r in rows] == [102, 101, 103]
    assert rows[1] == {
        "rank": 2,
        "question_id": 101,
        "question": "Lower VAT on food",
        "citizens_for": 60,
        "citizens_against": 30,
        "citizens_abstain": 10,
        "citizens_n": 100,
        "citizens_for_pct": 60.0,
        "citizens_against_pct": 30.0,
        "citizens_abstain_pct": 10.0,
        "saeima_for": 40,
        "saeima_against": 50,
        "saeima_abstain": 10,
        "saeima_voted": 100,
        "saeima_for_pct": 40.0,
        "saeima_against_pct": 50.0,
        "saeima_abstain_pct": 10.0,
        "adopted": False,
        "gap_pp": 20.0,
        "position_JV": "against",
        "position_NA": "for",
    }
    assert rows[0]["position_NA"] is None
    assert rows[2]["citizens_for_pct"] is None
    assert rows[2]["gap_pp"] is None
