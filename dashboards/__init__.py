"""Plotly figure builders from plain arrays and labels. No Django here.

Each chart has a builder `<what>_<chart>(...) -> plotly.graph_objects.Figure` and a
`<what>_rows(...) -> list[dict]` taking the same data and returning the chart's numbers in its
order (serve them with `rows_csv`). Label strings are keyword arguments with English defaults so
views can pass translated texts; `figure_html` renders a fragment without plotly.js.
"""

from .agreement import agreement_ranking_bar, agreement_ranking_rows
from .alignment import faction_alignment_heatmap, faction_alignment_rows
from .cohesion import cohesion_over_time_lines, cohesion_over_time_rows
from .deputies import attendance_bar, attendance_rows, rebels_bar, rebels_rows
from .ideal_points import ideal_point_map, ideal_point_rows
from .public import public_vs_parliament_gaps, public_vs_parliament_rows, question_gap
from .render import figure_config, figure_html, plotlyjs_path, rows_csv
from .summary import faction_summary_bars, faction_summary_rows
from .types import (
    AgreementEntry,
    DeputyPoint,
    DeputyTally,
    FactionSeries,
    FactionStance,
    FactionSummary,
    QuestionComparison,
)

__all__ = [
    "AgreementEntry",
    "DeputyPoint",
    "DeputyTally",
    "FactionSeries",
    "FactionStance",
    "FactionSummary",
    "QuestionComparison",
    "agreement_ranking_bar",
    "agreement_ranking_rows",
    "attendance_bar",
    "attendance_rows",
    "cohesion_over_time_lines",
    "cohesion_over_time_rows",
    "faction_alignment_heatmap",
    "faction_alignment_rows",
    "faction_summary_bars",
    "faction_summary_rows",
    "figure_config",
    "figure_html",
    "ideal_point_map",
    "ideal_point_rows",
    "plotlyjs_path",
    "public_vs_parliament_gaps",
    "public_vs_parliament_rows",
    "question_gap",
    "rebels_bar",
    "rebels_rows",
    "rows_csv",
]
