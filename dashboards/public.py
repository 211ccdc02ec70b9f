"""Public vs parliament: how citizens answered each question next to how the Saeima voted.

The gap of a question is |citizens' For share − Saeima's For share| in percentage points, the
Saeima's share taken over deputies who voted For, Against or Abstain. The For share is what
decides a Saeima vote (an abstention counts like Against for the outcome), so this is the gap a
reader can check against the result. Questions are sorted by gap, biggest first.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ._common import Row, escape, percent, share, swatch_label
from .theme import CHOICE_COLOURS, MUTED_TEXT_COLOUR, NA_COLOUR, ROW_HEIGHT, apply_layout
from .types import Choice, QuestionComparison

CHOICES: tuple[Choice, ...] = ("for", "against", "abstain")
BLOCK = 3.5
"""y units per question: up to two lines of header, the citizens' bar, the Saeima's bar."""
CITIZENS_OFFSET = 1.3
SAEIMA_OFFSET = 2.3
HEADER_BOTTOM_OFFSET = 0.8
"""The header sits on this line, just above the citizens' bar, and grows upwards."""
HEADER_LINE_CHARACTERS = 64
HEADER_LINES = 2


def _shares(counts: tuple[int, int, int]) -> list[float | None]:
    total = sum(counts)
    return [share(count, total) for count in counts]


def question_gap(question: QuestionComparison) -> float | None:
    """|citizens' For share − Saeima's For share| in [0, 1]; None if either side has no data."""
    citizens = share(question.citizen_counts[0], sum(question.citizen_counts))
    saeima = share(question.saeima_counts[0], sum(question.saeima_counts))
    if citizens is None or saeima is None:
        return None
    return abs(citizens - saeima)


def _ranked(questions: Sequence[QuestionComparison]) -> list[QuestionComparison]:
    """Biggest gap first; questions without a gap last; ties keep the input order."""
    with_gap = [q for q in questions if question_gap(q) is not None]
    without = [q for q in questions if question_gap(q) is None]
    return sorted(with_gap, key=lambda q: -(question_gap(q) or 0.0)) + without


def _faction_order(questions: Sequence[QuestionComparison]) -> list[tuple[str, str | None]]:
    """Every faction that appears, (label, colour), in order of first appearance."""
    seen: dict[str, str | None] = {}
    for question in questions:
        for stance in question.factions:
            seen.setdefault(stance.label, stance.colour)
    return list(seen.items())


def public_vs_parliament_gaps(
    questions: Sequence[QuestionComparison],
    *,
    limit: int | None = None,
    choice_colours: Mapping[str, str] | None = None,
    title: str = "Citizens and the Saeima",
    subtitle: str | None = None,
    x_title: str = "Share of answers or ballots (%)",
    factions_title: str = "Faction positions",
    for_label: str = "For",
    against_label: str = "Against",
    abstain_label: str = "Abstain",
    no_position_label: str = "No majority",
    citizens_tick: str = "Citizens (n = {n})",
    saeima_tick: str = "Saeima: {outcome} ({n} voted)",
    adopted_text: str = "adopted",
    rejected_text: str = "rejected",
    unknown_outcome_text: str = "outcome unknown",
    header_text: str = "{question} · gap {gap} points",
    header_no_gap_text: str = "{question}",
    bar_hover: str = "{side}: {choice} {share} ({count} of {n})",
    faction_hover: str = "{faction}: {position}<br>For {yes} · Against {no} · Abstain {abstain}",
    citizens_label: str = "Citizens",
    saeima_label: str = "Saeima",
    no_data_text: str = "no data yet",
    filename: str = "citizens-vs-saeima",
) -> go.Figure:
    """Per question, two 100 % stacked bars (citizens' answers, the Saeima's ballots) and a
    grid of faction positions, questions sorted by gap (see module docstring), biggest first.

    Left: for each question a bold header (label and gap), then the citizens' bar and the
    Saeima's bar, each split For / Against / Abstain in % with the count n in the tick label
    and the counts on hover; a side with no answers or ballots shows `no_data_text`, not 0 %.
    Right: one column per faction (tick in the faction's colour), a square in the colour of the
    faction's position on the Saeima's row, an open circle for no majority. Every bar and square
    has the question id as customdata. `limit` keeps the N biggest gaps.
    """
    colours = {**CHOICE_COLOURS, **(choice_colours or {})}
    choice_names = {"for": for_label, "against": against_label, "abstain": abstain_label}
    ranked = _ranked(questions)
    if limit is not None:
        ranked = ranked[:limit]
    factions = _faction_order(ranked)
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        column_widths=[0.68, 0.32],
        horizontal_spacing=0.03,
    )

    bar_y: list[float] = []
    sides: list[tuple[QuestionComparison, str, tuple[int, int, int]]] = []
    tickvals: list[float] = []
    ticktext: list[str] = []
    for r, question in enumerate(ranked):
        citizens_y, saeima_y = BLOCK * r + CITIZENS_OFFSET, BLOCK * r + SAEIMA_OFFSET
        outcome = (
            unknown_outcome_text
            if question.adopted is None
            else adopted_text
            if question.adopted
            else rejected_text
        )
        for y, side, counts, tick in (
            (
                citizens_y,
                citizens_label,
                question.citizen_counts,
                citizens_tick.format(n=sum(question.citizen_counts)),
            ),
            (
                saeima_y,
                saeima_label,
                question.saeima_counts,
                saeima_tick.format(outcome=outcome, n=sum(question.saeima_counts)),
            ),
        ):
            bar_y.append(y)
            sides.append((question, side, counts))
            tickvals.append(y)
            ticktext.append(tick)
            if sum(counts) == 0:
                fig.add_annotation(
                    x=0,
                    y=y,
                    xref="x",
                    yref="y",
                    text=no_data_text,
                    xanchor="left",
                    showarrow=False,
                    font={"color": MUTED_TEXT_COLOUR},
                )
        gap = percent(question_gap(question))
        header = (
            header_no_gap_text.format(question=question.label)
            if gap is None
            else header_text.format(question=question.label, gap=f"{gap:.1f}")
        )
        lines = textwrap.wrap(header, HEADER_LINE_CHARACTERS) or [""]
        if len(lines) > HEADER_LINES:
            lines = [
                *lines[: HEADER_LINES - 1],
                textwrap.shorten(
                    " ".join(lines[HEADER_LINES - 1 :]), HEADER_LINE_CHARACTERS, placeholder=" …"
                ),
            ]
        shown = "<br>".join(escape(line) for line in lines)
        fig.add_annotation(
            x=0,
            y=BLOCK * r + HEADER_BOTTOM_OFFSET,
            xref="paper",
            yref="y",
            text=f"<b>{shown}</b>",
            hovertext=escape(header),
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            align="left",
        )

    for c, choice in enumerate(CHOICES):
        values = [percent(_shares(counts)[c]) for _, _, counts in sides]
        fig.add_trace(
            go.Bar(
                orientation="h",
                x=values,
                y=bar_y,
                width=0.8,
                name=choice_names[choice],
                legendgroup=choice,
                marker={"color": colours[choice], "line": {"color": "#ffffff", "width": 1}},
                text=["" if v is None or v < 8 else f"{v:.0f}%" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                customdata=[question.question_id for question, _, _ in sides],
                hovertext=[
                    bar_hover.format(
                        side=side,
                        choice=choice_names[choice],
                        share="n/a" if v is None else f"{v:.1f}%",
                        count=counts[c],
                        n=sum(counts),
                    )
                    for (_, side, counts), v in zip(sides, values, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=1,
            col=1,
        )

    marker_groups: dict[Choice | None, dict[str, list[object]]] = {}
    for r, question in enumerate(ranked):
        for stance in question.factions:
            group = marker_groups.setdefault(
                stance.position, {"x": [], "y": [], "customdata": [], "hovertext": []}
            )
            group["x"].append(stance.label)
            group["y"].append(BLOCK * r + SAEIMA_OFFSET)
            group["customdata"].append(question.question_id)
            group["hovertext"].append(
                faction_hover.format(
                    faction=escape(stance.label),
                    position=no_position_label
                    if stance.position is None
                    else choice_names[stance.position],
                    yes=stance.counts[0],
                    no=stance.counts[1],
                    abstain=stance.counts[2],
                )
            )
    for position in (*CHOICES, None):
        if position not in marker_groups:
            continue
        group = marker_groups[position]
        fig.add_trace(
            go.Scatter(
                mode="markers",
                name=no_position_label if position is None else choice_names[position],
                legendgroup=position or "none",
                showlegend=position is None,
                marker={
                    "symbol": "circle-open" if position is None else "square",
                    "size": 18,
                    "color": NA_COLOUR if position is None else colours[position],
                    "line": {"width": 2 if position is None else 0},
                },
                hovertemplate="%{hovertext}<extra></extra>",
                **group,
            ),
            row=1,
            col=2,
        )

    count = len(ranked)
    fig.update_yaxes(
        tickmode="array",
        tickvals=tickvals,
        ticktext=ticktext,
        autorange=False,
        range=[BLOCK * max(count, 1) - 0.7, -0.8],
        showgrid=False,
        zeroline=False,
        row=1,
        col=1,
    )
    fig.update_yaxes(showgrid=False, zeroline=False, ticks="", row=1, col=2)
    fig.update_xaxes(title_text=x_title, range=[0, 100], ticksuffix="%", dtick=25, row=1, col=1)
    fig.update_xaxes(
        title_text=factions_title,
        type="category",
        categoryorder="array",
        categoryarray=[label for label, _ in factions],
        tickmode="array",
        tickvals=[label for label, _ in factions],
        ticktext=[swatch_label(label, colour) for label, colour in factions],
        tickangle=-45,
        showgrid=True,
        row=1,
        col=2,
    )
    apply_layout(
        fig,
        title=title,
        subtitle=subtitle,
        filename=filename,
        height=max(360, 190 + round(BLOCK * ROW_HEIGHT * count)),
    )
    fig.update_layout(
        barmode="stack",
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "x": 0.0,
            "traceorder": "normal",
        },
    )
    return fig


def public_vs_parliament_rows(
    questions: Sequence[QuestionComparison], *, limit: int | None = None
) -> list[Row]:
    """One row per question in the chart's order: counts, shares (%), outcome, gap (points) and a
    `position_<faction>` column per faction ("for"/"against"/"abstain", None = no majority)."""
    ranked = _ranked(questions)
    if limit is not None:
        ranked = ranked[:limit]
    rows: list[Row] = []
    for r, question in enumerate(ranked):
        row: Row = {"rank": r + 1, "question_id": question.question_id, "question": question.label}
        for side, counts, total_key in (
            ("citizens", question.citizen_counts, "citizens_n"),
            ("saeima", question.saeima_counts, "saeima_voted"),
        ):
            for choice, count in zip(CHOICES, counts, strict=True):
                row[f"{side}_{choice}"] = count
            row[total_key] = sum(counts)
            for choice, value in zip(CHOICES, _shares(counts), strict=True):
                row[f"{side}_{choice}_pct"] = percent(value)
        row["adopted"] = question.adopted
        row["gap_pp"] = percent(question_gap(question))
        for stance in question.factions:
            row[f"position_{stance.label}"] = stance.position
        rows.append(row)
    return rows
