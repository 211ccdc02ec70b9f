"""A citizen's results: factions or deputies ranked by agreement, with coverage shown."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from ._common import Row, colour_or_neutral, escape, finite_or_none, percent
from .theme import (
    BAR_WIDTH,
    MUTED_TEXT_COLOUR,
    NA_COLOUR,
    NA_FILL_COLOUR,
    apply_layout,
    bar_chart_height,
    rows_range,
)
from .types import AgreementEntry

DEFAULT_MIN_OVERLAP = 5
"""No percentage below this many shared questions (docs/matching.md default)."""


def is_shown(entry: AgreementEntry, *, min_overlap: int = DEFAULT_MIN_OVERLAP) -> bool:
    """Whether an entry gets a number: enough shared questions and a finite agreement."""
    return entry.overlap >= min_overlap and finite_or_none(entry.agreement) is not None


def _ranked(entries: Sequence[AgreementEntry], *, min_overlap: int) -> list[AgreementEntry]:
    """Shown entries by agreement (highest first; ties: larger overlap, then label); the rest
    after them by overlap (largest first), then label."""
    shown = [e for e in entries if is_shown(e, min_overlap=min_overlap)]
    hidden = [e for e in entries if not is_shown(e, min_overlap=min_overlap)]
    shown.sort(key=lambda e: (-e.agreement, -e.overlap, e.label))
    hidden.sort(key=lambda e: (-e.overlap, e.label))
    return shown + hidden


def agreement_ranking_bar(
    entries: Sequence[AgreementEntry],
    *,
    min_overlap: int = DEFAULT_MIN_OVERLAP,
    title: str = "Who votes like you",
    subtitle: str | None = None,
    x_title: str = "Agreement with your answers (%)",
    bar_text: str = "{agreement} · {overlap} questions, coverage {coverage}",
    hover_text: str = (
        "{label}: {agreement} agreement<br>on {overlap} shared questions "
        "(coverage {coverage} of your answers)"
    ),
    na_text: str = "n/a · {overlap} shared questions, at least {min_overlap} needed",
    na_legend: str = "n/a: too few shared questions",
    filename: str = "agreement-ranking",
) -> go.Figure:
    """Horizontal bars of agreement (%) per faction or deputy, highest at the top.

    Entries with fewer than `min_overlap` shared questions (or no finite agreement) get no
    number: a dotted grey band across the axis (a layout shape, so no trace holds a made-up
    value) labelled with `na_text` and the overlap, listed after the ranked entries. Every
    bar's text gives the overlap n and the coverage. Bars are in the entry's colour; a bar's
    customdata is the entity id (faction or deputy id) for linking (greyed rows have no bar,
    their ids are in `agreement_ranking_rows`).
    """
    ranked = _ranked(entries, min_overlap=min_overlap)
    shown = [k for k, e in enumerate(ranked) if is_shown(e, min_overlap=min_overlap)]
    hidden = [k for k, e in enumerate(ranked) if not is_shown(e, min_overlap=min_overlap)]
    fig = go.Figure()

    def formatted(entry: AgreementEntry) -> dict[str, str | int]:
        agreement = percent(entry.agreement)
        coverage = percent(entry.coverage)
        return {
            "label": escape(entry.label),
            "agreement": "n/a" if agreement is None else f"{agreement:.0f}%",
            "overlap": entry.overlap,
            "coverage": "n/a" if coverage is None else f"{coverage:.0f}%",
            "min_overlap": min_overlap,
        }

    if shown:
        fig.add_trace(
            go.Bar(
                orientation="h",
                width=BAR_WIDTH,
                x=[percent(ranked[k].agreement) for k in shown],
                y=shown,
                name=x_title,
                showlegend=False,
                marker={"color": [colour_or_neutral(ranked[k].colour) for k in shown]},
                text=[bar_text.format(**formatted(ranked[k])) for k in shown],
                textposition="outside",
                cliponaxis=False,
                customdata=[ranked[k].entity_id for k in shown],
                hovertext=[hover_text.format(**formatted(ranked[k])) for k in shown],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    for number, k in enumerate(hidden):
        # A placeholder, not a value: no trace carries a number for this row. A dashed grey
        # band across the axis (first band in the legend) with the reason written on it.
        text = na_text.format(**formatted(ranked[k]))
        fig.add_shape(
            type="rect",
            xref="x",
            yref="y",
            x0=0,
            x1=100,
            y0=k - 0.4,
            y1=k + 0.4,
            fillcolor=NA_FILL_COLOUR,
            line={"color": NA_COLOUR, "width": 1, "dash": "dot"},
            layer="below",
            name=na_legend,
            showlegend=number == 0,
        )
        fig.add_annotation(
            x=1,
            y=k,
            xref="x",
            yref="y",
            text=text,
            hovertext=text,
            xanchor="left",
            showarrow=False,
            font={"color": MUTED_TEXT_COLOUR},
        )
    ticktext = [
        escape(e.label)
        if k in shown
        else f'<span style="color:{MUTED_TEXT_COLOUR}">{escape(e.label)}</span>'
        for k, e in enumerate(ranked)
    ]
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(len(ranked))),
        ticktext=ticktext,
        range=rows_range(len(ranked)),
        showgrid=False,
    )
    fig.update_xaxes(title_text=x_title, range=[0, 100], ticksuffix="%", dtick=20)
    apply_layout(
        fig,
        title=title,
        subtitle=subtitle,
        filename=filename,
        height=bar_chart_height(len(ranked)),
    )
    fig.update_layout(
        barmode="overlay",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0},
        margin={"r": 260},
    )
    return fig


def agreement_ranking_rows(
    entries: Sequence[AgreementEntry], *, min_overlap: int = DEFAULT_MIN_OVERLAP
) -> list[Row]:
    """The chart's rows in its order; `agreement_pct` is None wherever the chart shows "n/a"."""
    return [
        {
            "rank": k + 1,
            "id": e.entity_id,
            "label": e.label,
            "agreement_pct": percent(e.agreement) if is_shown(e, min_overlap=min_overlap) else None,
            "shared_questions": e.overlap,
            "coverage_pct": percent(e.coverage),
            "shown": is_shown(e, min_overlap=min_overlap),
        }
        for k, e in enumerate(_ranked(entries, min_overlap=min_overlap))
    ]
