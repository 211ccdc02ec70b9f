import math

import numpy as np
import pytest

from dashboards import faction_alignment_heatmap, faction_alignment_rows

NAN = math.nan
# Three factions; A and C never both had a position on the same vote.
MATRIX = [[1.0, 0.75, NAN], [0.75, 1.0, 0.5], [NAN, 0.5, 1.0]]
COUNTS = [[40, 40, 0], [40, 50, 2], [0, 2, 12]]
LABELS = ["A", "B", "C"]
IDS = [10, 20, 30]
COLOURS = ["#111111", "#222222", "#333333"]


def _heatmap(**kwargs):
    fig = faction_alignment_heatmap(MATRIX, LABELS, IDS, counts=COUNTS, colours=COLOURS, **kwargs)
    return fig.to_dict()


def test_faction_alignment_heatmap_puts_percentages_in_the_right_cells_and_nan_as_none() -> None:
    (trace,) = _heatmap()["data"]

    assert trace["type"] == "heatmap"
    assert trace["z"] == [[100.0, 75.0, None], [75.0, 100.0, 50.0], [None, 50.0, 100.0]]
    assert trace["text"] == [["100%", "75%", "n/a"], ["75%", "100%", "50%"], ["n/a", "50%", "100%"]]
    assert (trace["zmin"], trace["zmax"]) == (0, 100)


def test_faction_alignment_heatmap_cell_customdata_holds_both_faction_ids() -> None:
    (trace,) = _heatmap()["data"]

    assert trace["customdata"][0][2] == [10, 30]
    assert trace["customdata"][2][1] == [30, 20]
    assert [cell for row in trace["customdata"] for cell in row][:3] == [
        [10, 10],
        [10, 20],
        [10, 30],
    ]


def test_faction_alignment_heatmap_hover_names_factions_share_and_shared_votes() -> None:
    (trace,) = _heatmap()["data"]

    assert trace["hovertext"][0][1] == "A and B: 75.0% agreement<br>40 shared votes"
    assert trace["hovertext"][0][2] == "A × C: no shared votes"
    assert trace["hovertemplate"] == "%{hovertext}<extra></extra>"


def test_faction_alignment_heatmap_says_too_few_when_nan_cell_has_some_shared_votes() -> None:
    matrix = [[1.0, NAN], [NAN, 1.0]]
    fig = faction_alignment_heatmap(matrix, ["A", "B"], [1, 2], counts=[[9, 3], [3, 9]])

    assert fig.to_dict()["data"][0]["hovertext"][0][1] == "A × B: too few shared votes (3)"


def test_faction_alignment_heatmap_axes_titles_ticks_and_row_zero_on_top() -> None:
    layout = _heatmap()["layout"]

    assert layout["xaxis"]["title"]["text"] == "Faction"
    assert layout["yaxis"]["title"]["text"] == "Faction"
    assert layout["yaxis"]["autorange"] == "reversed"
    assert layout["xaxis"]["tickvals"] == [0, 1, 2]
    assert layout["yaxis"]["ticktext"][1] == '<span style="color:#222222">■</span> B'


def test_faction_alignment_heatmap_takes_translated_texts() -> None:
    data = _heatmap(
        title="Frakciju saskaņa",
        subtitle="2024. gads",
        x_title="Frakcija",
        y_title="Frakcija (rinda)",
        colorbar_title="Saskaņa (%)",
        cell_text="{row} un {column}: {share}",
        count_text="{n} kopīgi balsojumi",
        no_data_text="nav kopīgu balsojumu",
        na_text="nav",
    )
    layout, trace = data["layout"], data["data"][0]

    assert layout["title"]["text"] == "Frakciju saskaņa"
    assert layout["title"]["subtitle"]["text"] == "2024. gads"
    assert layout["xaxis"]["title"]["text"] == "Frakcija"
    assert layout["yaxis"]["title"]["text"] == "Frakcija (rinda)"
    assert trace["colorbar"]["title"]["text"] == "Saskaņa (%)"
    assert trace["hovertext"][1][2] == "B un C: 50.0%<br>2 kopīgi balsojumi"
    assert trace["hovertext"][2][0] == "C × A: nav kopīgu balsojumu"
    assert trace["text"][2][0] == "nav"


def test_faction_alignment_heatmap_without_counts_or_colours_omits_n_and_uses_neutral_square() -> (
    None
):
    fig = faction_alignment_heatmap(np.array([[1.0, 0.25], [0.25, 1.0]]), ["A", "B"], [1, 2])
    data = fig.to_dict()

    assert data["data"][0]["hovertext"][0][1] == "A and B: 25.0% agreement"
    assert data["layout"]["xaxis"]["ticktext"][0] == '<span style="color:#52606d">■</span> A'


def test_faction_alignment_heatmap_escapes_html_in_labels() -> None:
    fig = faction_alignment_heatmap([[1.0]], ["<b>X&Y</b>"], [1])

    assert fig.to_dict()["layout"]["xaxis"]["ticktext"][0].endswith("&lt;b&gt;X&amp;Y&lt;/b&gt;")


@pytest.mark.parametrize(
    ("matrix", "labels", "ids", "message"),
    [
        ([[1.0, 0.5]], ["A"], [1], "square"),
        ([[1.0, 0.5], [0.5, 1.0]], ["A"], [1, 2], "labels has 1 items, expected 2"),
        ([[1.0, 0.5], [0.5, 1.0]], ["A", "B"], [1], "ids has 1 items, expected 2"),
    ],
)
def test_faction_alignment_heatmap_rejects_mismatched_shapes(matrix, labels, ids, message) -> None:
    with pytest.raises(ValueError, match=message):
        faction_alignment_heatmap(matrix, labels, ids)


def test_faction_alignment_rows_lists_every_cell_row_major_with_none_for_nan() -> None:
    rows = faction_alignment_rows(MATRIX, LABELS, IDS, counts=COUNTS)

    assert len(rows) == 9
    assert rows[1] == {
        "faction_id": 10,
        "faction": "A",
        "other_faction_id": 20,
        "other_faction": "B",
        "agreement_pct": 75.0,
        "shared_votes": 40,
    }
    assert rows[2]["agreement_pct"] is None
    assert rows[2]["shared_votes"] == 0
    assert [(r["faction"], r["other_faction"]) for r in rows[3:6]] == [
        ("B", "A"),
        ("B", "B"),
        ("B", "C"),
    ]
