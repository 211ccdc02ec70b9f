import csv
import io

import numpy as np
import plotly.graph_objects as go
import pytest

from dashboards import (
    AgreementEntry,
    DeputyPoint,
    DeputyTally,
    FactionSeries,
    FactionStance,
    FactionSummary,
    QuestionComparison,
    agreement_ranking_bar,
    attendance_bar,
    cohesion_over_time_lines,
    faction_alignment_heatmap,
    faction_alignment_rows,
    faction_summary_bars,
    figure_config,
    figure_html,
    ideal_point_map,
    plotlyjs_path,
    public_vs_parliament_gaps,
    public_vs_parliament_rows,
    rebels_bar,
    rows_csv,
)
from dashboards.theme import FONT_FAMILY

TALLY = DeputyTally(1, "Anna Avota", "JV", "#1111aa", 3, 30)
STANCE = FactionStance(1, "JV", "#1111aa", "for", (20, 1, 0))
QUESTION = QuestionComparison(7, "Question", (6, 3, 1), (50, 40, 5), True, [STANCE])

# Every builder with a small valid input, and the PNG file name each one downloads under.
FIGURES = {
    "parvaipret-faction-alignment": lambda: faction_alignment_heatmap([[1.0]], ["JV"], [1]),
    "parvaipret-cohesion-over-time": lambda: cohesion_over_time_lines(
        ["2024-01"], [FactionSeries(1, "JV", "#1111aa", True, [0.8], [4])]
    ),
    "parvaipret-rebels": lambda: rebels_bar([TALLY]),
    "parvaipret-attendance": lambda: attendance_bar([TALLY]),
    "parvaipret-deputy-map": lambda: ideal_point_map(
        [[0.0, 1.0]], [DeputyPoint(1, "Anna Avota", ("JV",), "#1111aa")]
    ),
    "parvaipret-citizens-vs-saeima": lambda: public_vs_parliament_gaps([QUESTION]),
    "parvaipret-agreement-ranking": lambda: agreement_ranking_bar(
        [AgreementEntry(1, "JV", "#1111aa", 0.7, 8, 1.0)]
    ),
    "parvaipret-faction-summary": lambda: faction_summary_bars(
        [FactionSummary(1, "JV", "#1111aa", 20, 0.9, 10, 180, 200)]
    ),
}


@pytest.mark.parametrize("filename", FIGURES)
def test_every_figure_shares_the_theme_and_names_its_png(filename: str) -> None:
    fig = FIGURES[filename]()
    layout = fig.to_dict()["layout"]

    assert isinstance(fig, go.Figure)
    assert layout["template"]["layout"]["font"]["family"] == FONT_FAMILY
    assert layout["meta"] == {"filename": filename}
    assert figure_config(fig)["toImageButtonOptions"] == {
        "format": "png",
        "filename": filename,
        "scale": 2,
    }
    assert layout["title"]["text"]
    assert layout["height"] >= 320


@pytest.mark.parametrize("filename", FIGURES)
def test_every_figure_titles_its_axes(filename: str) -> None:
    layout = FIGURES[filename]().to_dict()["layout"]
    axes = [key for key in layout if key.startswith("xaxis")]

    assert axes
    assert all(layout[axis]["title"]["text"] for axis in axes)


def test_figure_config_keeps_png_download_and_drops_the_logo() -> None:
    config = figure_config(rebels_bar([TALLY], filename="rebels-2024"))

    assert config["displaylogo"] is False
    assert config["toImageButtonOptions"]["filename"] == "parvaipret-rebels-2024"
    assert "toImage" not in config["modeBarButtonsToRemove"]


def test_figure_config_of_a_foreign_figure_falls_back_to_a_generic_name() -> None:
    assert figure_config(go.Figure())["toImageButtonOptions"]["filename"] == "parvaipret-chart"


def test_figure_html_is_a_fragment_without_plotly_js() -> None:
    fig = rebels_bar([TALLY])
    html = figure_html(fig, div_id="rebels-chart")

    assert html.startswith("<div")
    assert "<html" not in html
    assert 'id="rebels-chart"' in html
    assert "Plotly.newPlot" in html
    assert '"filename": "parvaipret-rebels"' in html or '"filename":"parvaipret-rebels"' in html
    # plotly.min.js is several megabytes; the fragment only references the global Plotly.
    assert len(html) < 50_000


def test_plotlyjs_path_points_at_the_bundled_library() -> None:
    path = plotlyjs_path()

    assert path.name == "plotly.min.js"
    assert path.is_file()


def test_rows_csv_writes_header_from_keys_and_empty_cells_for_none() -> None:
    text = rows_csv(
        faction_alignment_rows([[1.0, float("nan")], [float("nan"), 1.0]], ["A", "B"], [1, 2])
    )
    lines = text.split("\r\n")

    assert (
        lines[0] == "faction_id,faction,other_faction_id,other_faction,agreement_pct,shared_votes"
    )
    assert lines[1] == "1,A,1,A,100.0,"
    assert lines[2] == "1,A,2,B,,"


def test_rows_csv_unions_per_faction_columns_across_rows() -> None:
    other = QuestionComparison(
        8,
        "Other",
        (1, 1, 1),
        (3, 2, 1),
        False,
        [FactionStance(2, "NA", None, "against", (1, 9, 0))],
    )
    text = rows_csv(public_vs_parliament_rows([QUESTION, other]))
    rows = {row["question_id"]: row for row in csv.DictReader(io.StringIO(text))}

    assert rows["7"]["position_JV"] == "for"
    assert rows["7"]["position_NA"] == ""
    assert rows["8"]["position_JV"] == ""
    assert rows["8"]["position_NA"] == "against"


EMPTY = {
    "alignment": lambda: faction_alignment_heatmap(np.zeros((0, 0)), [], []),
    "cohesion": lambda: cohesion_over_time_lines([], []),
    "rebels": lambda: rebels_bar([]),
    "attendance": lambda: attendance_bar([]),
    "map": lambda: ideal_point_map(np.zeros((0, 2)), []),
    "public": lambda: public_vs_parliament_gaps([]),
    "agreement": lambda: agreement_ranking_bar([]),
    "summary": lambda: faction_summary_bars([]),
}


@pytest.mark.parametrize("name", EMPTY)
def test_every_builder_accepts_a_period_without_data(name: str) -> None:
    fig = EMPTY[name]()

    assert "Plotly.newPlot" in figure_html(fig)
    assert all(not trace.get("x") or set(trace["x"]) <= {None} for trace in fig.to_dict()["data"])
