import datetime as dt
import math

import pytest

from dashboards import FactionSeries, cohesion_over_time_lines, cohesion_over_time_rows
from dashboards.cohesion import bloc_means

NAN = math.nan
MONTHS = [dt.date(2024, 1, 1), dt.date(2024, 2, 15), "2024-03"]
JV = FactionSeries(1, "JV", "#0000aa", True, [0.9, 0.8, NAN], [10, 8, 0])
NA = FactionSeries(2, "NA", "#aa0000", False, [0.6, 0.7, 0.5], [5, 6, 7])
# PRO leaves the coalition after January.
PRO = FactionSeries(3, "PRO", "#00aa00", [True, False, False], [0.7, 0.4, 0.6], [3, 4, 5])


def _traces(**kwargs):
    return cohesion_over_time_lines(MONTHS, [JV, NA, PRO], **kwargs).to_dict()["data"]


def test_cohesion_over_time_lines_draws_coalition_solid_and_opposition_dashed() -> None:
    traces = _traces(show_bloc_means=False)

    assert [(t["name"], t["line"]["dash"]) for t in traces] == [
        ("JV", "solid"),
        ("NA", "dash"),
        ("PRO", "solid"),
        ("PRO", "dash"),
    ]
    assert all(t["type"] == "scatter" and t["mode"] == "lines+markers" for t in traces)
    assert [t["line"]["color"] for t in traces] == ["#0000aa", "#aa0000", "#00aa00", "#00aa00"]


def test_cohesion_over_time_lines_months_as_year_month_and_nan_as_gap() -> None:
    jv = _traces()[0]

    assert jv["x"] == ["2024-01", "2024-02", "2024-03"]
    assert jv["y"] == [0.9, 0.8, None]
    assert jv["customdata"] == [[1, 10], [1, 8], [1, 0]]


def test_cohesion_over_time_lines_joins_a_faction_that_changes_bloc() -> None:
    pro_coalition, pro_opposition = _traces(show_bloc_means=False)[2:4]

    assert pro_coalition["y"] == [0.7, None, None]
    # The dashed part starts from January's point so the line has no hole at the change.
    assert pro_opposition["y"] == [0.7, 0.4, 0.6]
    assert pro_coalition["showlegend"] is True
    assert pro_opposition["showlegend"] is False
    assert pro_coalition["legendgroup"] == pro_opposition["legendgroup"] == "faction-3"


def test_cohesion_over_time_lines_hover_gives_value_bloc_and_vote_count() -> None:
    traces = _traces()

    assert (
        traces[0]["hovertext"][0] == "JV (coalition), 2024-01: Agreement Index 0.90 over 10 votes"
    )
    assert traces[0]["hovertext"][2] == "JV (coalition), 2024-03: Agreement Index n/a over 0 votes"
    assert (
        traces[3]["hovertext"][1] == "PRO (opposition), 2024-02: Agreement Index 0.40 over 4 votes"
    )


def test_cohesion_over_time_lines_adds_bloc_means_of_the_factions_in_each_bloc_that_month() -> None:
    coalition, opposition = _traces()[4:]

    assert coalition["name"] == "Coalition mean"
    assert coalition["line"]["dash"] == "solid"
    # Jan: (JV 0.9 + PRO 0.7) / 2; Feb: JV alone (PRO is in opposition); Mar: no coalition data.
    assert coalition["y"] == pytest.approx([0.8, 0.8, None])
    assert coalition["customdata"] == [[None, 2], [None, 1], [None, 0]]
    assert opposition["name"] == "Opposition mean"
    assert opposition["line"]["dash"] == "dash"
    # Jan: NA 0.6; Feb: (NA 0.7 + PRO 0.4) / 2; Mar: (NA 0.5 + PRO 0.6) / 2.
    assert opposition["y"] == pytest.approx([0.6, 0.55, 0.55])
    assert opposition["hovertext"][1] == "Opposition mean, 2024-02: 0.55 (mean of 2 factions)"


def test_bloc_means_leaves_out_factions_without_votes() -> None:
    means, counted = bloc_means(
        [[NAN, 0.5], [0.75, NAN]], [[True, True], [True, True]], coalition=True
    )

    assert means == [0.75, 0.5]
    assert counted == [1, 1]


def test_cohesion_over_time_lines_axes_and_translated_texts() -> None:
    fig = cohesion_over_time_lines(
        MONTHS,
        [JV],
        title="Frakciju vienotība",
        x_title="Mēnesis",
        y_title="Vienotības indekss",
        coalition_mean_label="Koalīcijas vidējais",
    ).to_dict()
    layout = fig["layout"]

    assert layout["title"]["text"] == "Frakciju vienotība"
    assert layout["xaxis"]["title"]["text"] == "Mēnesis"
    assert layout["xaxis"]["type"] == "date"
    assert layout["yaxis"]["title"]["text"] == "Vienotības indekss"
    assert layout["yaxis"]["range"] == [0, 1.02]
    # Only coalition factions: no opposition mean is drawn.
    assert [t["name"] for t in fig["data"]] == ["JV", "Koalīcijas vidējais"]


def test_cohesion_over_time_lines_rejects_series_of_the_wrong_length() -> None:
    short = FactionSeries(4, "AS", None, False, [0.5, 0.5], [1, 1, 1])

    with pytest.raises(ValueError, match="values of 'AS' has 2 items, expected 3"):
        cohesion_over_time_lines(MONTHS, [short])


def test_cohesion_over_time_rows_per_faction_and_month_then_bloc_means() -> None:
    rows = cohesion_over_time_rows(MONTHS, [JV, NA, PRO])

    assert len(rows) == 3 * 3 + 2 * 3
    assert rows[2] == {
        "series": "faction",
        "month": "2024-03",
        "faction_id": 1,
        "faction": "JV",
        "coalition": True,
        "agreement_index": None,
        "votes": 0,
        "factions": None,
    }
    assert rows[7]["coalition"] is False  # PRO in February
    assert rows[9]["series"] == "coalition_mean"
    assert rows[9]["agreement_index"] == pytest.approx(0.8)
    assert rows[11]["agreement_index"] is None
    assert rows[13]["series"] == "opposition_mean"
    assert rows[13]["factions"] == 2
