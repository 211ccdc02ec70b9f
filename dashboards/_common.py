"""Small helpers shared by the builders: NaN handling, percentages, coloured tick labels."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from .theme import NEUTRAL_COLOUR

Row = dict[str, str | int | float | bool | None]
"""One CSV row as the `*_rows()` functions return it (keys are the CSV header)."""


def finite_or_none(value: float | None) -> float | None:
    """A float for plotly/CSV, with NaN, ±inf and None all turned into None (a gap)."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


PERCENT_DIGITS = 6
"""Rounding of plotted/CSV percentages: drops float noise (100 * 0.3 = 30.000000000000004)
while staying far finer than any label, so formatting a label from it never rounds twice
in a visible way (92.9487… must print 92.9, which rounding to 2 digits first would make 93.0)."""


def percent(value: float | None) -> float | None:
    """A share in [0, 1] as a percentage (6 decimals); NaN and None become None."""
    number = finite_or_none(value)
    return None if number is None else round(100.0 * number, PERCENT_DIGITS)


def share(count: int, total: int) -> float | None:
    """count / total, or None when total is 0 (nothing to divide by is not 0 %)."""
    return count / total if total > 0 else None


def colour_or_neutral(colour: str | None) -> str:
    """The colour the data gave, or the theme's neutral grey when the data has none."""
    return colour if colour else NEUTRAL_COLOUR


def swatch_label(label: str, colour: str | None) -> str:
    """A tick label preceded by a square in the faction's colour (plotly renders this HTML)."""
    return (
        f'<span style="color:{html.escape(colour_or_neutral(colour), quote=True)}">■</span> '
        f"{html.escape(label)}"
    )


def escape(text: str) -> str:
    """Escape data text for plotly's HTML-subset labels (names can contain '<' or '&')."""
    return html.escape(text, quote=False)


def require_length(name: str, values: Sequence[object], expected: int) -> None:
    """Raise ValueError unless a parallel sequence has the expected length."""
    if len(values) != expected:
        raise ValueError(f"{name} has {len(values)} items, expected {expected}")
