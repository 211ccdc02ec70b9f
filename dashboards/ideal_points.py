"""The deputy map: estimated ideal points of all deputies, coloured by faction, and the citizen."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go

from ._common import Row, colour_or_neutral, escape, finite_or_none, require_length
from .theme import MUTED_TEXT_COLOUR, TEXT_COLOUR, apply_layout
from .types import DeputyPoint

DEPUTY_SYMBOL = "circle"
CHANGED_FACTION_SYMBOL = "diamond"
CITIZEN_SYMBOL = "star"


def _validated(points: npt.ArrayLike, deputies: Sequence[DeputyPoint]) -> npt.NDArray[np.float64]:
    coords = np.asarray(points, dtype=np.float64)
    if coords.ndim != 2 or coords.shape[1] != 2:
        raise ValueError(f"points must have shape (D, 2), got {coords.shape}")
    require_length("deputies", deputies, coords.shape[0])
    return coords


def _citizen(citizen: npt.ArrayLike | None) -> tuple[float | None, float | None] | None:
    if citizen is None:
        return None
    xy = np.asarray(citizen, dtype=np.float64)
    if xy.shape != (2,):
        raise ValueError(f"citizen must be an (x, y) pair, got shape {xy.shape}")
    return finite_or_none(xy[0]), finite_or_none(xy[1])


def ideal_point_map(
    points: npt.ArrayLike,
    deputies: Sequence[DeputyPoint],
    *,
    citizen: npt.ArrayLike | None = None,
    citizen_cloud: npt.ArrayLike | None = None,
    title: str = "Deputy map",
    subtitle: str | None = None,
    x_title: str = "Dimension 1",
    y_title: str = "Dimension 2",
    no_faction_label: str = "Unaffiliated",
    changed_faction_label: str = "Changed faction",
    citizen_label: str = "You",
    citizen_cloud_label: str = "Your position with fewer answers",
    factions_text: str = "Factions: {factions}",
    filename: str = "deputy-map",
) -> go.Figure:
    """Scatter of deputies' 2-D ideal points, grouped by current faction (its colour).

    `points` is (D, 2), parallel to `deputies`; a deputy with a NaN coordinate (too few votes to
    place) is not drawn but keeps its row. Per faction, deputies who stayed are one trace
    (circles); those whose `factions` hold more than one faction are a second trace in the same
    legend group, drawn as diamonds with a dark outline, and a legend entry explains the diamond.
    Every hover lists the deputy's factions in order ("A → B"; "" = `no_faction_label`). Traces
    follow the order in which factions first appear in `deputies`. `citizen` (x, y) adds a star labelled
    `citizen_label`; `citizen_cloud` (K, 2), e.g. bootstrap positions, adds faint dots around it.
    Axes have equal scale. Each deputy's customdata is the deputy id (the citizen's is None).
    """
    coords = _validated(points, deputies)
    you = _citizen(citizen)
    fig = go.Figure()
    groups: dict[str, list[int]] = {}
    for k, deputy in enumerate(deputies):
        groups.setdefault(deputy.current_faction, []).append(k)
    for faction, members in groups.items():
        # Deputies who changed faction get their own trace (diamond, dark outline) in the same
        # legend group, so the legend keeps the faction's plain circle.
        stayed = [k for k in members if not deputies[k].changed_faction]
        moved = [k for k in members if deputies[k].changed_faction]
        for subset, changed in ((stayed, False), (moved, True)):
            if not subset:
                continue
            group = [deputies[k] for k in subset]
            colours = [colour_or_neutral(d.colour) for d in group]
            fig.add_trace(
                go.Scatter(
                    x=[finite_or_none(coords[k, 0]) for k in subset],
                    y=[finite_or_none(coords[k, 1]) for k in subset],
                    mode="markers",
                    name=escape(faction) if faction else no_faction_label,
                    legendgroup=f"faction:{faction}",
                    showlegend=not changed or not stayed,
                    marker={
                        "color": colours[0] if len(set(colours)) == 1 else colours,
                        "size": 12 if changed else 10,
                        "symbol": CHANGED_FACTION_SYMBOL if changed else DEPUTY_SYMBOL,
                        "line": {
                            "color": TEXT_COLOUR if changed else "#ffffff",
                            "width": 2 if changed else 1,
                        },
                        "opacity": 0.9,
                    },
                    customdata=[d.deputy_id for d in group],
                    hovertext=[
                        f"<b>{escape(d.name)}</b><br>"
                        + factions_text.format(
                            factions=" → ".join(escape(f) or no_faction_label for f in d.factions)
                            or no_faction_label
                        )
                        for d in group
                    ],
                    hovertemplate="%{hovertext}<extra></extra>",
                    meta={"changed_faction": changed},
                )
            )
    if any(d.changed_faction for d in deputies):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=changed_faction_label,
                marker={
                    "symbol": CHANGED_FACTION_SYMBOL,
                    "size": 12,
                    "color": "#ffffff",
                    "line": {"color": TEXT_COLOUR, "width": 2},
                },
                hoverinfo="skip",
            )
        )
    if citizen_cloud is not None:
        cloud = np.asarray(citizen_cloud, dtype=np.float64)
        if cloud.ndim != 2 or cloud.shape[1] != 2:
            raise ValueError(f"citizen_cloud must have shape (K, 2), got {cloud.shape}")
        fig.add_trace(
            go.Scatter(
                x=[finite_or_none(v) for v in cloud[:, 0]],
                y=[finite_or_none(v) for v in cloud[:, 1]],
                mode="markers",
                name=citizen_cloud_label,
                marker={"color": MUTED_TEXT_COLOUR, "size": 5, "opacity": 0.25},
                hoverinfo="skip",
            )
        )
    if you is not None:
        fig.add_trace(
            go.Scatter(
                x=[you[0]],
                y=[you[1]],
                mode="markers+text",
                name=citizen_label,
                text=[citizen_label],
                textposition="top center",
                textfont={"size": 15, "color": TEXT_COLOUR},
                marker={
                    "symbol": CITIZEN_SYMBOL,
                    "size": 20,
                    "color": "#ffd60a",
                    "line": {"color": TEXT_COLOUR, "width": 1.5},
                },
                customdata=[None],
                hovertext=[citizen_label],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=x_title, zeroline=True, showgrid=True)
    fig.update_yaxes(
        title_text=y_title, zeroline=True, showgrid=True, scaleanchor="x", scaleratio=1
    )
    apply_layout(fig, title=title, subtitle=subtitle, filename=filename, height=620)
    return fig


def ideal_point_rows(
    points: npt.ArrayLike,
    deputies: Sequence[DeputyPoint],
    *,
    citizen: npt.ArrayLike | None = None,
) -> list[Row]:
    """One row per deputy in input order (NaN coordinates as None), then the citizen if given."""
    coords = _validated(points, deputies)
    rows: list[Row] = [
        {
            "kind": "deputy",
            "deputy_id": d.deputy_id,
            "deputy": d.name,
            "faction": d.current_faction or None,
            "factions": " → ".join(d.factions) or None,
            "changed_faction": d.changed_faction,
            "x": finite_or_none(coords[k, 0]),
            "y": finite_or_none(coords[k, 1]),
        }
        for k, d in enumerate(deputies)
    ]
    you = _citizen(citizen)
    if you is not None:
        rows.append(
            {
                "kind": "citizen",
                "deputy_id": None,
                "deputy": None,
                "faction": None,
                "factions": None,
                "changed_faction": None,
                "x": you[0],
                "y": you[1],
            }
        )
    return rows
