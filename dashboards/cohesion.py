"""Faction cohesion (Agreement Index) month by month, coalition solid and opposition dashed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from ._common import Row, colour_or_neutral, escape, finite_or_none, require_length
from .theme import NEUTRAL_COLOUR, TEXT_COLOUR, apply_layout
from .types import FactionSeries

COALITION_DASH = "solid"
OPPOSITION_DASH = "dash"


def _month_key(month: dt.date | str) -> str:
    if isinstance(month, dt.date):
        return f"{month.year:04d}-{month.month:02d}"
    return month


def _coalition_flags(series: FactionSeries, months: int) -> list[bool]:
    if isinstance(series.coalition, bool):
        return [series.coalition] * months
    flags = [bool(flag) for flag in series.coalition]
    require_length(f"coalition of {series.label!r}", flags, months)
    return flags


def _validated(
    months: Sequence[dt.date | str], series: Sequence[FactionSeries]
) -> tuple[list[str], list[npt.NDArray[np.float64]], list[list[bool]]]:
    keys = [_month_key(month) for month in months]
    values: list[npt.NDArray[np.float64]] = []
    flags: list[list[bool]] = []
    for item in series:
        require_length(f"values of {item.label!r}", item.values, len(keys))
        require_length(f"counts of {item.label!r}", item.counts, len(keys))
        values.append(np.asarray(item.values, dtype=np.float64))
        flags.append(_coalition_flags(item, len(keys)))
    return keys, values, flags


def bloc_means(
    values: Sequence[npt.NDArray[np.float64]], flags: Sequence[Sequence[bool]], *, coalition: bool
) -> tuple[list[float | None], list[int]]:
    """Per month, the unweighted mean of the bloc's factions' Agreement Index, and how many
    factions it averages (factions without votes that month are left out; none → None)."""
    months = len(values[0]) if values else 0
    means: list[float | None] = []
    factions: list[int] = []
    for m in range(months):
        in_bloc = [
            v[m]
            for v, f in zip(values, flags, strict=True)
            if f[m] == coalition and np.isfinite(v[m])
        ]
        means.append(float(np.mean(in_bloc)) if in_bloc else None)
        factions.append(len(in_bloc))
    return means, factions


def _segments(
    values: npt.NDArray[np.float64], flags: Sequence[bool]
) -> dict[bool, list[float | None]]:
    """Split one line into a coalition part and an opposition part.

    Where the flag changes between two months, the later part also gets the earlier month's point,
    so the line stays continuous and the segment after the change is drawn in the new style.
    """
    parts: dict[bool, list[float | None]] = {
        True: [None] * len(values),
        False: [None] * len(values),
    }
    for m, value in enumerate(values):
        parts[flags[m]][m] = finite_or_none(value)
        if m > 0 and flags[m] != flags[m - 1]:
            parts[flags[m]][m - 1] = finite_or_none(values[m - 1])
    return parts


def cohesion_over_time_lines(
    months: Sequence[dt.date | str],
    series: Sequence[FactionSeries],
    *,
    title: str = "Faction cohesion over time",
    subtitle: str | None = None,
    x_title: str = "Month",
    y_title: str = "Agreement Index<br><sub>1 = all voted alike, 0 = even three-way split</sub>",
    coalition_mean_label: str = "Coalition mean",
    opposition_mean_label: str = "Opposition mean",
    coalition_text: str = "coalition",
    opposition_text: str = "opposition",
    point_text: str = "{faction} ({bloc}), {month}: Agreement Index {value} over {n} votes",
    mean_text: str = "{bloc_label}, {month}: {value} (mean of {n} factions)",
    show_bloc_means: bool = True,
    filename: str = "cohesion-over-time",
) -> go.Figure:
    """Lines of each faction's monthly Agreement Index (Hix–Noury–Roland, 0–1).

    `months` (M) are `datetime.date` (day ignored) or "YYYY-MM" strings; each `FactionSeries` holds
    M values (NaN = no votes that month: the line breaks there) and M vote counts, shown on hover.
    Months in coalition are drawn solid, in opposition dashed; `show_bloc_means` adds two thick
    neutral lines, the unweighted mean over each bloc's factions per month (see `bloc_means`).
    Each point's customdata is `[faction_id, votes]` (bloc means: `[None, factions]`).
    """
    keys, values, flags = _validated(months, series)
    fig = go.Figure()
    bloc_names = {True: coalition_text, False: opposition_text}
    for item, line, item_flags in zip(series, values, flags, strict=True):
        colour = colour_or_neutral(item.colour)
        hover = [
            point_text.format(
                faction=escape(item.label),
                bloc=bloc_names[item_flags[m]],
                month=keys[m],
                value="n/a" if finite_or_none(line[m]) is None else f"{line[m]:.2f}",
                n=int(item.counts[m]),
            )
            for m in range(len(keys))
        ]
        customdata = [[item.faction_id, int(count)] for count in item.counts]
        parts = _segments(line, item_flags)
        drawn = [flag for flag in (True, False) if any(v is not None for v in parts[flag])]
        for k, flag in enumerate(drawn):
            fig.add_trace(
                go.Scatter(
                    x=keys,
                    y=parts[flag],
                    mode="lines+markers",
                    name=item.label,
                    legendgroup=f"faction-{item.faction_id}",
                    showlegend=k == 0,
                    line={
                        "color": colour,
                        "dash": COALITION_DASH if flag else OPPOSITION_DASH,
                        "width": 2,
                    },
                    marker={"color": colour, "size": 6},
                    customdata=customdata,
                    hovertext=hover,
                    hovertemplate="%{hovertext}<extra></extra>",
                    meta={"faction_id": item.faction_id, "coalition": flag},
                )
            )
    if show_bloc_means and series:
        for flag, label in ((True, coalition_mean_label), (False, opposition_mean_label)):
            means, counted = bloc_means(values, flags, coalition=flag)
            if all(mean is None for mean in means):
                continue
            fig.add_trace(
                go.Scatter(
                    x=keys,
                    y=means,
                    mode="lines",
                    name=label,
                    line={
                        "color": TEXT_COLOUR if flag else NEUTRAL_COLOUR,
                        "dash": COALITION_DASH if flag else OPPOSITION_DASH,
                        "width": 4,
                    },
                    opacity=0.75,
                    customdata=[[None, n] for n in counted],
                    hovertext=[
                        mean_text.format(
                            bloc_label=label,
                            month=keys[m],
                            value="n/a" if means[m] is None else f"{means[m]:.2f}",
                            n=counted[m],
                        )
                        for m in range(len(keys))
                    ],
                    hovertemplate="%{hovertext}<extra></extra>",
                    meta={"bloc": "coalition" if flag else "opposition"},
                )
            )
    fig.update_xaxes(
        title_text=x_title, type="date", tickformat="%b %Y", dtick="M1" if len(keys) <= 12 else None
    )
    fig.update_yaxes(title_text=y_title, range=[0, 1.02], tickformat=".1f")
    apply_layout(fig, title=title, subtitle=subtitle, filename=filename, height=520)
    fig.update_layout(hovermode="closest")
    return fig


def cohesion_over_time_rows(
    months: Sequence[dt.date | str],
    series: Sequence[FactionSeries],
    *,
    show_bloc_means: bool = True,
) -> list[Row]:
    """Long-format rows: per faction then per month; bloc means after, as `series` rows."""
    keys, values, flags = _validated(months, series)
    rows: list[Row] = []
    for item, line, item_flags in zip(series, values, flags, strict=True):
        for m, month in enumerate(keys):
            rows.append(
                {
                    "series": "faction",
                    "month": month,
                    "faction_id": item.faction_id,
                    "faction": item.label,
                    "coalition": item_flags[m],
                    "agreement_index": finite_or_none(line[m]),
                    "votes": int(item.counts[m]),
                    "factions": None,
                }
            )
    if show_bloc_means and series:
        for flag in (True, False):
            means, counted = bloc_means(values, flags, coalition=flag)
            if all(mean is None for mean in means):
                continue
            for m, month in enumerate(keys):
                rows.append(
                    {
                        "series": "coalition_mean" if flag else "opposition_mean",
                        "month": month,
                        "faction_id": None,
                        "faction": None,
                        "coalition": flag,
                        "agreement_index": means[m],
                        "votes": None,
                        "factions": counted[m],
                    }
                )
    return rows
