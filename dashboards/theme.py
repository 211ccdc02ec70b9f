"""One look for every ParVaiPret figure: fonts, grid, neutral colours and the shared layout helper.

Faction colours are never chosen here: they arrive with the data (`Faction.colour`). This module
only holds the colours that belong to the chart itself (choices For/Against/Abstain, "n/a" grey,
the bloc means), each of which a builder also lets the caller override.
"""

from __future__ import annotations

import plotly.graph_objects as go

FONT_FAMILY = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif"
)
FONT_SIZE = 14
TEXT_COLOUR = "#1f2933"
MUTED_TEXT_COLOUR = "#616e7c"
GRID_COLOUR = "#e4e7eb"
AXIS_LINE_COLOUR = "#9aa5b1"

NEUTRAL_COLOUR = "#52606d"
"""Series without a colour of their own (a faction whose colour is unknown, the bloc means)."""
NA_COLOUR = "#cbd2d9"
"""Greyed-out bars and cells: a value exists in principle but is not shown (too little data)."""
NA_FILL_COLOUR = "#f0f2f4"
"""Fill of a greyed-out placeholder band (lighter than `NA_COLOUR`, which outlines it)."""

# Okabe–Ito blue and vermillion stay apart for red–green colour-blind readers; abstain is grey.
FOR_COLOUR = "#0072b2"
AGAINST_COLOUR = "#d55e00"
ABSTAIN_COLOUR = "#999999"
CHOICE_COLOURS: dict[str, str] = {
    "for": FOR_COLOUR,
    "against": AGAINST_COLOUR,
    "abstain": ABSTAIN_COLOUR,
}

# ColorBrewer "Blues" (sequential, colour-blind safe, prints in greyscale), light = low agreement.
SEQUENTIAL_SCALE: list[list[float | str]] = [
    [0.0, "#f7fbff"],
    [0.125, "#deebf7"],
    [0.25, "#c6dbef"],
    [0.375, "#9ecae1"],
    [0.5, "#6baed6"],
    [0.625, "#4292c6"],
    [0.75, "#2171b5"],
    [0.875, "#08519c"],
    [1.0, "#08306b"],
]

BAR_WIDTH = 0.75
"""Bar thickness in axis units; set on every bar trace, since plotly otherwise derives it per
trace from the spacing of that trace's own bars (uneven when one faction's bars are far apart)."""
ROW_HEIGHT = 26
"""Pixels per bar in the horizontal bar charts; the figure height grows with the number of rows."""

TOP_MARGIN = 88
SUBTITLE_EXTRA = 30
TOP_MARGIN_WITH_SUBTITLE = TOP_MARGIN + SUBTITLE_EXTRA

_AXIS = {
    "gridcolor": GRID_COLOUR,
    "linecolor": AXIS_LINE_COLOUR,
    "zerolinecolor": AXIS_LINE_COLOUR,
    "showline": True,
    "ticks": "outside",
    "tickcolor": AXIS_LINE_COLOUR,
    "automargin": True,
    "title": {"standoff": 12},
}

TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOUR},
        "title": {"font": {"size": 20}, "x": 0.0, "xanchor": "left", "xref": "paper"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "colorway": [NEUTRAL_COLOUR],
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": FONT_SIZE}, "align": "left"},
        "hovermode": "closest",
        "legend": {"font": {"size": FONT_SIZE - 1}, "bgcolor": "rgba(255,255,255,0.8)"},
        "margin": {"l": 16, "r": 24, "t": TOP_MARGIN, "b": 56},
        "bargap": 0.25,
    }
)
"""The ParVaiPret plotly template. Builders set it on each figure explicitly (no global default)."""

FILENAME_PREFIX = "parvaipret-"


def apply_layout(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str | None,
    filename: str,
    height: int,
) -> go.Figure:
    """Give a figure the shared template, its title and the PNG download name.

    The file name travels in `layout.meta["filename"]`, which `figure_config()` reads to fill
    plotly's `toImageButtonOptions`, so every figure downloads under its own name.
    """
    title_layout: dict[str, object] = {"text": title}
    if subtitle:
        title_layout["subtitle"] = {"text": subtitle, "font": {"color": MUTED_TEXT_COLOUR}}
    fig.update_layout(
        template=TEMPLATE,
        title=title_layout,
        height=height,
        meta={"filename": FILENAME_PREFIX + filename},
    )
    if subtitle:
        # Room for the subtitle line between the title and a legend placed above the plot.
        fig.update_layout(margin={"t": TOP_MARGIN_WITH_SUBTITLE}, height=height + SUBTITLE_EXTRA)
    return fig


def rows_range(rows: int) -> list[float]:
    """y-axis range for `rows` bars at positions 0..rows-1, the first at the top, no padding."""
    return [max(rows, 1) - 0.5, -0.5]


def bar_chart_height(rows: int, *, minimum: int = 320, extra: int = 150) -> int:
    """Height in pixels for a horizontal bar chart of `rows` bars, title and axes included."""
    return max(minimum, extra + ROW_HEIGHT * rows)
