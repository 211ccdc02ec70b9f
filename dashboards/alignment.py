"""Faction × faction agreement as a heatmap (who votes with whom over a period)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from ._common import Row, escape, finite_or_none, percent, require_length, swatch_label
from .theme import NA_FILL_COLOUR, SEQUENTIAL_SCALE, apply_layout


def _validated(
    matrix: npt.ArrayLike,
    labels: Sequence[str],
    ids: Sequence[int],
    counts: npt.ArrayLike | None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64] | None]:
    shares = np.asarray(matrix, dtype=np.float64)
    if shares.ndim != 2 or shares.shape[0] != shares.shape[1]:
        raise ValueError(f"matrix must be square (F, F), got shape {shares.shape}")
    size = shares.shape[0]
    require_length("labels", labels, size)
    require_length("ids", ids, size)
    shared = None
    if counts is not None:
        shared = np.asarray(counts, dtype=np.int64)
        if shared.shape != shares.shape:
            raise ValueError(f"counts has shape {shared.shape}, expected {shares.shape}")
    return shares, shared


def faction_alignment_heatmap(
    matrix: npt.ArrayLike,
    labels: Sequence[str],
    ids: Sequence[int],
    *,
    counts: npt.ArrayLike | None = None,
    colours: Sequence[str | None] | None = None,
    title: str = "Faction alignment",
    subtitle: str | None = None,
    x_title: str = "Faction",
    y_title: str = "Faction",
    colorbar_title: str = "Agreement (%)",
    cell_text: str = "{row} and {column}: {share} agreement",
    count_text: str = "{n} shared votes",
    no_data_text: str = "no shared votes",
    too_few_text: str = "too few shared votes ({n})",
    na_text: str = "n/a",
    filename: str = "faction-alignment",
) -> go.Figure:
    """Heatmap of pairwise faction agreement over a period, in percent.

    `matrix` is (F, F) with agreement in [0, 1] (row faction i, column faction j), e.g.
    `matching.faction_alignment(...).stated` with `counts=...overlap`; NaN where the two
    factions shared no vote (or too few): such a cell has no colour (z None), reads `na_text`
    and its hover says `no_data_text`, or `too_few_text` when `counts` shows some shared votes.
    Other cells print their percentage. `counts` (F, F), when given, is the number of shared
    votes behind each cell and is shown on hover.
    Row 0 is drawn at the top. Each cell's customdata is `[ids[i], ids[j]]`, so a page can list
    the votes on which those two factions split when a cell is clicked. `colours` (F) colour a
    square before each faction's tick label. Text templates use `str.format` named fields.
    """
    shares, shared = _validated(matrix, labels, ids, counts)
    size = shares.shape[0]
    if colours is not None:
        require_length("colours", colours, size)
    positions = list(range(size))
    z: list[list[float | None]] = []
    hover: list[list[str]] = []
    customdata: list[list[list[int]]] = []
    for i in range(size):
        z_row: list[float | None] = []
        hover_row: list[str] = []
        for j in range(size):
            value = percent(shares[i, j])
            z_row.append(value)
            pair = {"row": escape(labels[i]), "column": escape(labels[j])}
            if value is None:
                n = 0 if shared is None else int(shared[i, j])
                reason = too_few_text.format(n=n) if n > 0 else no_data_text
                text = f"{pair['row']} × {pair['column']}: {reason}"
            else:
                text = cell_text.format(**pair, share=f"{value:.1f}%")
                if shared is not None:
                    text += "<br>" + count_text.format(n=int(shared[i, j]))
            hover_row.append(text)
        z.append(z_row)
        hover.append(hover_row)
        customdata.append([[int(ids[i]), int(ids[j])] for j in range(size)])

    ticktext = [
        swatch_label(label, None if colours is None else colours[k])
        for k, label in enumerate(labels)
    ]
    fig = go.Figure(
        go.Heatmap(
            x=positions,
            y=positions,
            z=z,
            zmin=0,
            zmax=100,
            colorscale=SEQUENTIAL_SCALE,
            colorbar={"title": {"text": colorbar_title}, "ticksuffix": "%"},
            customdata=customdata,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            hoverongaps=True,
            text=[[na_text if v is None else f"{v:.0f}%" for v in z_row] for z_row in z],
            texttemplate="%{text}",
            xgap=2,
            ygap=2,
        )
    )
    axis = {"tickmode": "array", "tickvals": positions, "ticktext": ticktext, "showgrid": False}
    fig.update_xaxes(title_text=x_title, side="bottom", tickangle=-30, **axis)
    fig.update_yaxes(title_text=y_title, autorange="reversed", **axis)
    apply_layout(
        fig,
        title=title,
        subtitle=subtitle,
        filename=filename,
        height=max(420, 220 + 56 * size),
    )
    # Gaps show the grey plot background (white would read as 0 %) and the text "n/a".
    fig.update_layout(plot_bgcolor=NA_FILL_COLOUR)
    return fig


def faction_alignment_rows(
    matrix: npt.ArrayLike,
    labels: Sequence[str],
    ids: Sequence[int],
    *,
    counts: npt.ArrayLike | None = None,
) -> list[Row]:
    """The heatmap's cells as rows, row-major (faction i, then each faction j), NaN as None."""
    shares, shared = _validated(matrix, labels, ids, counts)
    size = shares.shape[0]
    return [
        {
            "faction_id": int(ids[i]),
            "faction": labels[i],
            "other_faction_id": int(ids[j]),
            "other_faction": labels[j],
            "agreement_pct": percent(finite_or_none(shares[i, j])),
            "shared_votes": None if shared is None else int(shared[i, j]),
        }
        for i in range(size)
        for j in range(size)
    ]
