"""A period's summary per faction: cohesion and attendance side by side."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ._common import Row, colour_or_neutral, escape, finite_or_none, percent, share
from .theme import BAR_WIDTH, MUTED_TEXT_COLOUR, apply_layout, bar_chart_height, rows_range
from .types import FactionSummary

DEFAULT_MIN_MEMBERS = 4
"""Cohesion of a faction with 1–3 members says little (one member always agrees with itself)."""


def _cohesion(summary: FactionSummary, min_members: int) -> float | None:
    if summary.members < min_members or summary.cohesion_votes <= 0:
        return None
    return finite_or_none(summary.cohesion)


def faction_summary_bars(
    summaries: Sequence[FactionSummary],
    *,
    min_members: int = DEFAULT_MIN_MEMBERS,
    title: str = "Factions: cohesion and attendance",
    subtitle: str | None = None,
    cohesion_title: str = "Cohesion (mean Agreement Index, 0–1)",
    attendance_title: str = "Attendance (% of possible ballots)",
    cohesion_text: str = "{value} ({n} votes)",
    attendance_text: str = "{value} ({count} of {total})",
    cohesion_hover: str = (
        "{faction}, {members} members: mean Agreement Index {value} over {n} votes"
    ),
    attendance_hover: str = "{faction}: {count} of {total} possible ballots cast ({value})",
    small_faction_text: str = "n/a ({members} members)",
    no_data_text: str = "n/a",
    filename: str = "faction-summary",
) -> go.Figure:
    """Two panels of horizontal bars, one row per faction in the given order.

    Left: mean Agreement Index with the number of votes; factions with fewer than `min_members`
    members (or no votes) show `small_faction_text` / `no_data_text` instead of a bar. Right:
    attendance = ballots cast / ballots possible with both counts. Bars use the faction colours;
    customdata is the faction id.
    """
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.2)
    positions = list(range(len(summaries)))
    colours = [colour_or_neutral(s.colour) for s in summaries]
    cohesion = [_cohesion(s, min_members) for s in summaries]
    attendance = [percent(share(s.ballots_cast, s.ballots_possible)) for s in summaries]
    fig.add_trace(
        go.Bar(
            orientation="h",
            width=BAR_WIDTH,
            x=cohesion,
            y=positions,
            showlegend=False,
            name=cohesion_title,
            marker={"color": colours},
            text=[
                "" if v is None else cohesion_text.format(value=f"{v:.2f}", n=s.cohesion_votes)
                for s, v in zip(summaries, cohesion, strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=[s.faction_id for s in summaries],
            hovertext=[
                cohesion_hover.format(
                    faction=escape(s.label),
                    members=s.members,
                    value="n/a" if v is None else f"{v:.2f}",
                    n=s.cohesion_votes,
                )
                for s, v in zip(summaries, cohesion, strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Bar(
            orientation="h",
            width=BAR_WIDTH,
            x=attendance,
            y=positions,
            showlegend=False,
            name=attendance_title,
            marker={"color": colours},
            text=[
                ""
                if v is None
                else attendance_text.format(
                    value=f"{v:.1f}%", count=s.ballots_cast, total=s.ballots_possible
                )
                for s, v in zip(summaries, attendance, strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=[s.faction_id for s in summaries],
            hovertext=[
                attendance_hover.format(
                    faction=escape(s.label),
                    count=s.ballots_cast,
                    total=s.ballots_possible,
                    value="n/a" if v is None else f"{v:.1f}%",
                )
                for s, v in zip(summaries, attendance, strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        ),
        row=1,
        col=2,
    )
    for k, (summary, c_value, a_value) in enumerate(
        zip(summaries, cohesion, attendance, strict=True)
    ):
        if c_value is None:
            text = (
                small_faction_text.format(members=summary.members)
                if summary.members < min_members
                else no_data_text
            )
            fig.add_annotation(
                x=0,
                y=k,
                xref="x",
                yref="y",
                text=text,
                xanchor="left",
                showarrow=False,
                font={"color": MUTED_TEXT_COLOUR},
            )
        if a_value is None:
            fig.add_annotation(
                x=0,
                y=k,
                xref="x2",
                yref="y2",
                text=no_data_text,
                xanchor="left",
                showarrow=False,
                font={"color": MUTED_TEXT_COLOUR},
            )
    fig.update_yaxes(
        tickmode="array",
        tickvals=positions,
        ticktext=[escape(s.label) for s in summaries],
        range=rows_range(len(summaries)),
        showgrid=False,
        row=1,
        col=1,
    )
    fig.update_xaxes(title_text=cohesion_title, range=[0, 1], dtick=0.2, row=1, col=1)
    fig.update_xaxes(title_text=attendance_title, range=[0, 100], ticksuffix="%", row=1, col=2)
    apply_layout(
        fig,
        title=title,
        subtitle=subtitle,
        filename=filename,
        height=bar_chart_height(len(summaries)),
    )
    fig.update_layout(margin={"r": 140})
    return fig


def faction_summary_rows(
    summaries: Sequence[FactionSummary], *, min_members: int = DEFAULT_MIN_MEMBERS
) -> list[Row]:
    """One row per faction in the given order; `cohesion` is None where the chart shows n/a."""
    return [
        {
            "faction_id": s.faction_id,
            "faction": s.label,
            "members": s.members,
            "cohesion": _cohesion(s, min_members),
            "cohesion_votes": s.cohesion_votes,
            "ballots_cast": s.ballots_cast,
            "ballots_possible": s.ballots_possible,
            "attendance_pct": percent(share(s.ballots_cast, s.ballots_possible)),
        }
        for s in summaries
    ]
