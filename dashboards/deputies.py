"""Deputies ranked by rebellions against their faction and by attendance (horizontal bars)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from ._common import Row, colour_or_neutral, escape, percent, share
from .theme import BAR_WIDTH, MUTED_TEXT_COLOUR, apply_layout, bar_chart_height, rows_range
from .types import DeputyTally


def _ranked(
    tallies: Sequence[DeputyTally], *, descending: bool, limit: int | None
) -> list[DeputyTally]:
    """Known shares first (by share; ties: larger total first, i.e. more evidence, then name);
    deputies with nothing counted (total 0) last, by name."""
    known = [t for t in tallies if t.total > 0]
    unknown = sorted((t for t in tallies if t.total <= 0), key=lambda t: t.name)
    sign = -1 if descending else 1
    known.sort(key=lambda t: (sign * t.count / t.total, -t.total, t.name))
    ranked = known + unknown
    return ranked if limit is None else ranked[:limit]


def _tally_bar(
    ranked: Sequence[DeputyTally],
    *,
    title: str,
    subtitle: str | None,
    x_title: str,
    bar_text: str,
    hover_text: str,
    na_text: str,
    no_faction_label: str,
    x_range: list[float] | None,
    filename: str,
) -> go.Figure:
    fig = go.Figure()
    positions = list(range(len(ranked)))
    factions: dict[str, list[int]] = {}
    for k, tally in enumerate(ranked):
        factions.setdefault(tally.faction, []).append(k)
    for faction, members in factions.items():
        tallies = [ranked[k] for k in members]
        shares = [percent(share(t.count, t.total)) for t in tallies]
        texts = [
            ""
            if value is None
            else bar_text.format(share=f"{value:.1f}%", count=t.count, total=t.total)
            for t, value in zip(tallies, shares, strict=True)
        ]
        colours = [colour_or_neutral(t.colour) for t in tallies]
        fig.add_trace(
            go.Bar(
                orientation="h",
                width=BAR_WIDTH,
                x=shares,
                y=members,
                name=escape(faction) if faction else no_faction_label,
                marker={"color": colours[0] if len(set(colours)) == 1 else colours},
                text=texts,
                textposition="outside",
                cliponaxis=False,
                customdata=[t.deputy_id for t in tallies],
                hovertext=[
                    hover_text.format(
                        deputy=escape(t.name),
                        faction=escape(t.faction) if t.faction else no_faction_label,
                        share="n/a" if value is None else f"{value:.1f}%",
                        count=t.count,
                        total=t.total,
                    )
                    for t, value in zip(tallies, shares, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    for k, tally in enumerate(ranked):
        if tally.total <= 0:
            # No bar to hang a label on: the gap is explained in place, never drawn as 0 %.
            fig.add_annotation(
                x=0,
                y=k,
                text=na_text,
                xanchor="left",
                showarrow=False,
                font={"color": MUTED_TEXT_COLOUR},
            )
    ticktext = [escape(t.name) for t in ranked]
    fig.update_yaxes(
        tickmode="array",
        tickvals=positions,
        ticktext=ticktext,
        range=rows_range(len(ranked)),
        showgrid=False,
    )
    fig.update_xaxes(title_text=x_title, ticksuffix="%", rangemode="tozero")
    if x_range is not None:
        fig.update_xaxes(range=x_range)
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
        margin={"r": 120},
    )
    return fig


def rebels_bar(
    tallies: Sequence[DeputyTally],
    *,
    limit: int | None = None,
    title: str = "Votes against own faction",
    subtitle: str | None = None,
    x_title: str = "Votes against own faction (% of votes counted)",
    bar_text: str = "{share} ({count} of {total})",
    hover_text: str = (
        "{deputy} ({faction})<br>"
        "voted against the faction line in {count} of {total} votes ({share})"
    ),
    na_text: str = "n/a (no votes counted)",
    no_faction_label: str = "Unaffiliated",
    filename: str = "rebels",
) -> go.Figure:
    """Deputies ranked by their rebellion rate: votes against their faction's line / votes counted.

    Each `DeputyTally` gives `count` = rebellions, `total` = votes counted; highest rate at the top,
    ties by larger total, then name; total 0 is shown last as `na_text`. One trace per faction (legend,
    faction colours); each bar's customdata is the deputy id. `limit` keeps the top N.
    """
    ranked = _ranked(tallies, descending=True, limit=limit)
    return _tally_bar(
        ranked,
        title=title,
        subtitle=subtitle,
        x_title=x_title,
        bar_text=bar_text,
        hover_text=hover_text,
        na_text=na_text,
        no_faction_label=no_faction_label,
        x_range=None,
        filename=filename,
    )


def attendance_bar(
    tallies: Sequence[DeputyTally],
    *,
    lowest_first: bool = True,
    limit: int | None = None,
    title: str = "Attendance at votes",
    subtitle: str | None = None,
    x_title: str = "Votes attended (% of votes held during the mandate)",
    bar_text: str = "{share} ({count} of {total})",
    hover_text: str = "{deputy} ({faction})<br>attended {count} of {total} votes ({share})",
    na_text: str = "n/a (no votes held)",
    no_faction_label: str = "Unaffiliated",
    filename: str = "attendance",
) -> go.Figure:
    """Deputies ranked by attendance: `count` votes attended of `total` votes held in their mandate.

    Lowest attendance at the top by default (`lowest_first=False` for highest; ties: larger total
    first); the x axis spans 0–100 %. Same bars, colours, customdata (deputy id) and `limit` as `rebels_bar`.
    """
    ranked = _ranked(tallies, descending=not lowest_first, limit=limit)
    return _tally_bar(
        ranked,
        title=title,
        subtitle=subtitle,
        x_title=x_title,
        bar_text=bar_text,
        hover_text=hover_text,
        na_text=na_text,
        no_faction_label=no_faction_label,
        x_range=[0, 100],
        filename=filename,
    )


def _rows(ranked: Sequence[DeputyTally], count_key: str, total_key: str, pct_key: str) -> list[Row]:
    return [
        {
            "rank": k + 1,
            "deputy_id": t.deputy_id,
            "deputy": t.name,
            "faction": t.faction,
            count_key: t.count,
            total_key: t.total,
            pct_key: percent(share(t.count, t.total)),
        }
        for k, t in enumerate(ranked)
    ]


def rebels_rows(tallies: Sequence[DeputyTally], *, limit: int | None = None) -> list[Row]:
    """The rebels chart's bars as rows, in the chart's order."""
    ranked = _ranked(tallies, descending=True, limit=limit)
    return _rows(ranked, "votes_against_faction", "votes_counted", "rebellion_pct")


def attendance_rows(
    tallies: Sequence[DeputyTally], *, lowest_first: bool = True, limit: int | None = None
) -> list[Row]:
    """The attendance chart's bars as rows, in the chart's order."""
    ranked = _ranked(tallies, descending=not lowest_first, limit=limit)
    return _rows(ranked, "votes_attended", "votes_held", "attendance_pct")
