"""Turning a figure into what a page serves: an HTML fragment, its config, its data as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import plotly
import plotly.graph_objects as go

from ._common import Row
from .theme import FILENAME_PREFIX

DEFAULT_FILENAME = FILENAME_PREFIX + "chart"


def figure_config(fig: go.Figure) -> dict[str, object]:
    """The plotly.js config for a figure: PNG download under the figure's own file name.

    Keeps the modebar's "download as PNG" (at 2× scale, for print), drops the plotly logo and the
    lasso/box select tools, which none of the charts use. A page that draws the figure from JSON
    (`Plotly.newPlot(div, data, layout, config)`) passes this same dict.
    """
    meta = fig.layout.meta
    filename = meta.get("filename") if isinstance(meta, dict) else None
    return {
        "displaylogo": False,
        "responsive": True,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename or DEFAULT_FILENAME,
            "scale": 2,
        },
    }


def figure_html(fig: go.Figure, *, div_id: str | None = None) -> str:
    """An HTML fragment (a div and its script) for a template; plotly.js is not included.

    The page loads plotly.js once from a static file (see `plotlyjs_path()`).
    """
    return fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        config=figure_config(fig),
        div_id=div_id,
    )


def plotlyjs_path() -> Path:
    """The plotly.min.js shipped with the installed plotly package (the version figures expect)."""
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def rows_csv(rows: Sequence[Row]) -> str:
    """The rows of a `*_rows()` function as CSV text (header from the keys, None as empty).

    The header is the union of the rows' keys in first-seen order, so rows with per-faction
    columns line up even when a faction is missing from one row.
    """
    fieldnames: list[str] = []
    for row in rows:
        fieldnames.extend(key for key in row if key not in fieldnames)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
