"""Selector results → ``dashboards`` figures with translated labels, their CSV rows, cached HTML.

The builders live in ``dashboards/`` (pure plotly); this module only passes them the numbers and
the texts of the active language. A figure's HTML fragment is cached under its data's cache key
(which carries the data's version) plus the language, so new votes give a new fragment too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from django.utils import formats, translation
from django.utils.translation import gettext as _

import numpy as np
import plotly.graph_objects as go

import dashboards
from dashboards import (
    AgreementEntry,
    DeputyPoint,
    DeputyTally,
    FactionSeries,
    FactionStance,
    QuestionComparison,
)
from parvaipret.core.cache import cached
from parvaipret.insights.forms import DashboardFilters
from parvaipret.insights.selectors import (
    ALIGNMENT_MIN_OVERLAP,
    AlignmentData,
    CohesionData,
    DeputyRecord,
    FactionAgreement,
    MapData,
    PublicData,
)

HTML_CACHE_PREFIX: Final = "insights:html:v1"
HTML_CACHE_TIMEOUT: Final = 24 * 3600
#: Bars drawn in the rebels and attendance charts (the CSV and the table list everyone).
CHART_LIMIT: Final = 40
#: Questions drawn in the public-vs-parliament chart, biggest gaps first (the CSV lists all).
PUBLIC_CHART_LIMIT: Final = 30

Row = dict[str, str | int | float | bool | None]


def fragment(name: str, key: str, build: Callable[[], go.Figure]) -> str:
    """The figure's HTML fragment (``dashboards.figure_html``), cached per data key and language."""
    cache_key = f"{HTML_CACHE_PREFIX}:{name}:{translation.get_language()}:{key}"

    def html() -> str:
        return dashboards.figure_html(build(), div_id=f"figure-{name}")

    return cached(cache_key, html, HTML_CACHE_TIMEOUT)


def describe(filters: DashboardFilters) -> str:
    """The filters in words, for subtitles: "14. Saeima · 2025 · topic: Education"."""
    parts = [str(filters.term)]
    if filters.period == "year":
        parts.append(str(filters.year))
    elif filters.period == "month" and filters.start:
        parts.append(formats.date_format(filters.start, "F Y"))
    elif filters.period == "custom":
        start = formats.date_format(filters.start, "SHORT_DATE_FORMAT") if filters.start else "…"
        end = formats.date_format(filters.end, "SHORT_DATE_FORMAT") if filters.end else "…"
        parts.append(f"{start}–{end}")
    if filters.topic is not None:
        parts.append(_("topic: %(topic)s") % {"topic": filters.topic.localized_name})
    return " · ".join(parts)


def _votes_text(n: int) -> str:
    return translation.ngettext("%(n)d vote", "%(n)d votes", n) % {"n": n}


# -- alignment ------------------------------------------------------------------------------------


def alignment_figure(data: AlignmentData, filters: DashboardFilters) -> go.Figure:
    view = (
        _("abstaining counts as against") if data.view == "effective" else _("abstaining half-way")
    )
    return dashboards.faction_alignment_heatmap(
        _matrix(data.agreement),
        [f.short_name for f in data.factions],
        [f.id for f in data.factions],
        counts=_counts(data.overlap),
        colours=[f.colour for f in data.factions],
        title=_("Faction alignment: how often two factions voted the same way"),
        subtitle=f"{describe(filters)} · {_votes_text(data.votes)} · {view}",
        x_title=_("Faction"),
        y_title=_("Faction"),
        colorbar_title=_("Agreement (%)"),
        cell_text=_("{row} and {column}: {share} agreement"),
        count_text=_("{n} shared votes"),
        no_data_text=_("no shared votes"),
        too_few_text=_("too few shared votes ({n})"),
        na_text=_("n/a"),
        filename="faction-alignment",
    )


def alignment_rows(data: AlignmentData) -> list[Row]:
    return dashboards.faction_alignment_rows(
        _matrix(data.agreement),
        [f.short_name for f in data.factions],
        [f.id for f in data.factions],
        counts=_counts(data.overlap),
    )


def _matrix(rows: tuple[tuple[float | None, ...], ...]) -> np.ndarray:
    """(F, F) floats with NaN for None; (0, 0) when there is no faction."""
    values = [[float("nan") if v is None else v for v in row] for row in rows]
    return np.array(values, dtype=np.float64).reshape(len(rows), len(rows))


def _counts(rows: tuple[tuple[int, ...], ...]) -> np.ndarray:
    return np.array(rows, dtype=np.int64).reshape(len(rows), len(rows))


# -- cohesion -------------------------------------------------------------------------------------


def _series(data: CohesionData) -> list[FactionSeries]:
    return [
        FactionSeries(
            faction_id=s.faction.id,
            label=s.faction.short_name,
            colour=s.faction.colour,
            coalition=s.coalition if s.coalition is not None else True,
            values=[float("nan") if v is None else v for v in s.values],
            counts=s.counts,
        )
        for s in data.series
    ]


def cohesion_figure(data: CohesionData, filters: DashboardFilters) -> go.Figure:
    loaded = data.coalition_loaded
    subtitle = f"{describe(filters)} · {_votes_text(data.votes)}"
    if not loaded:
        subtitle += " · " + _("coalition data not loaded")
    return dashboards.cohesion_over_time_lines(
        list(data.months),
        _series(data),
        title=_("Faction cohesion over time (Agreement Index per month)"),
        subtitle=subtitle,
        x_title=_("Month"),
        y_title=_("Agreement Index<br><sub>1 = all voted alike, 0 = even three-way split</sub>"),
        coalition_mean_label=_("Coalition mean"),
        opposition_mean_label=_("Opposition mean"),
        coalition_text=_("coalition"),
        opposition_text=_("opposition"),
        point_text=_("{faction} ({bloc}), {month}: Agreement Index {value} over {n} votes")
        if loaded
        else _("{faction}, {month}: Agreement Index {value} over {n} votes"),
        mean_text=_("{bloc_label}, {month}: {value} (mean of {n} factions)"),
        show_bloc_means=loaded,
        filename="cohesion-over-time",
    )


def cohesion_rows(data: CohesionData) -> list[Row]:
    rows = dashboards.cohesion_over_time_rows(
        list(data.months), _series(data), show_bloc_means=data.coalition_loaded
    )
    if not data.coalition_loaded:
        for row in rows:
            row["coalition"] = None  # not loaded: not guessed
    return rows


# -- rebels and attendance ----------------------------------------------------------------------


def _tallies(records: tuple[DeputyRecord, ...], *, rebels: bool) -> list[DeputyTally]:
    return [
        DeputyTally(
            deputy_id=r.deputy_id,
            name=r.name,
            faction=r.faction,
            colour=r.colour,
            count=r.rebel_votes if rebels else r.present,
            total=r.rebel_counted if rebels else r.possible,
        )
        for r in records
    ]


def rebels_figure(
    records: tuple[DeputyRecord, ...], subtitle: str, *, limit: int | None = CHART_LIMIT
) -> go.Figure:
    return dashboards.rebels_bar(
        _tallies(records, rebels=True),
        limit=limit,
        title=_("Votes against their own faction"),
        subtitle=subtitle,
        # xgettext:no-python-format
        x_title=_("Votes against the faction's majority (% of votes counted)"),
        bar_text=_("{share} ({count} of {total})"),
        hover_text=_(
            "{deputy} ({faction})<br>voted against the faction line in {count} of {total} "
            "votes ({share})"
        ),
        na_text=_("n/a (no votes counted)"),
        no_faction_label=_("Unaffiliated"),
        filename="rebels",
    )


def rebels_rows(records: tuple[DeputyRecord, ...]) -> list[Row]:
    return dashboards.rebels_rows(_tallies(records, rebels=True))


def attendance_figure(
    records: tuple[DeputyRecord, ...], subtitle: str, *, limit: int | None = CHART_LIMIT
) -> go.Figure:
    return dashboards.attendance_bar(
        _tallies(records, rebels=False),
        limit=limit,
        title=_("Attendance at votes (lowest first)"),
        subtitle=subtitle,
        # xgettext:no-python-format
        x_title=_("Registered in the vote (% of votes held during the mandate)"),
        bar_text=_("{share} ({count} of {total})"),
        hover_text=_("{deputy} ({faction})<br>registered in {count} of {total} votes ({share})"),
        na_text=_("n/a (no votes held)"),
        no_faction_label=_("Unaffiliated"),
        filename="attendance",
    )


def attendance_rows(records: tuple[DeputyRecord, ...]) -> list[Row]:
    return dashboards.attendance_rows(_tallies(records, rebels=False))


# -- the deputy map -------------------------------------------------------------------------------


def _points(data: MapData) -> list[DeputyPoint]:
    return [
        DeputyPoint(deputy_id=r.deputy_id, name=r.name, factions=r.factions, colour=r.colour)
        for r in data.deputies
    ]


def _coords(data: MapData) -> np.ndarray:
    """(D, 2) coordinates, NaN for deputies that could not be placed."""
    coords = np.full((len(data.deputies), 2), np.nan)
    for k, (x, y) in enumerate(data.coords):
        coords[k] = (np.nan if x is None else x, np.nan if y is None else y)
    return coords


def map_figure(data: MapData, filters: DashboardFilters) -> go.Figure:
    explained = ", ".join(f"{100 * e:.0f}%" for e in data.explained)
    return dashboards.ideal_point_map(
        _coords(data),
        _points(data),
        title=_("Deputy map: who votes with whom"),
        subtitle=f"{describe(filters)} · "
        + _("%(used)d of %(votes)d votes used · variance explained: %(explained)s")
        % {"used": data.votes_used, "votes": data.votes, "explained": explained or "—"},
        x_title=_("Dimension 1"),
        y_title=_("Dimension 2"),
        no_faction_label=_("Unaffiliated"),
        changed_faction_label=_("Changed faction"),
        factions_text=_("Factions: {factions}"),
        filename="deputy-map",
    )


def map_rows(data: MapData) -> list[Row]:
    return dashboards.ideal_point_rows(_coords(data), _points(data))


# -- public vs parliament -----------------------------------------------------------------------


def _comparisons(data: PublicData) -> list[QuestionComparison]:
    return [
        QuestionComparison(
            question_id=q.question_id,
            label=q.label,
            citizen_counts=q.citizen_counts or (0, 0, 0),
            saeima_counts=q.saeima_counts,
            adopted=q.adopted,
            factions=[
                FactionStance(
                    faction_id=s.faction.id,
                    label=s.faction.short_name,
                    colour=s.faction.colour,
                    position=s.position,
                    counts=s.counts,
                )
                for s in q.factions
            ],
        )
        for q in data.questions
    ]


def public_figure(data: PublicData, filters: DashboardFilters) -> go.Figure:
    return dashboards.public_vs_parliament_gaps(
        _comparisons(data),
        limit=PUBLIC_CHART_LIMIT,
        title=_("Citizens and the Saeima: the biggest gaps first"),
        subtitle=describe(filters)
        + " · "
        + _("citizens' shares only with at least %(n)d answers") % {"n": data.min_answers},
        x_title=_("Share of answers or ballots (%)"),
        factions_title=_("Faction positions"),
        for_label=_("For"),
        against_label=_("Against"),
        abstain_label=_("Abstain"),
        no_position_label=_("No majority"),
        citizens_tick=_("Citizens"),
        saeima_tick=_("Saeima: {outcome} ({n} voted)"),
        adopted_text=_("adopted"),
        rejected_text=_("rejected"),
        unknown_outcome_text=_("outcome unknown"),
        header_text=_("{question} · gap {gap} points"),
        header_no_gap_text="{question}",
        bar_hover=_("{side}: {choice} {share} ({count} of {n})"),
        faction_hover=_("{faction}: {position}<br>For {yes} · Against {no} · Abstain {abstain}"),
        citizens_label=_("Citizens"),
        saeima_label=_("Saeima"),
        no_data_text=_("too few answers"),
        filename="citizens-vs-saeima",
    )


def public_rows(data: PublicData) -> list[Row]:
    """The chart's rows (all questions); a too-few question has its count but no shares."""
    rows = dashboards.public_vs_parliament_rows(_comparisons(data))
    by_id = {q.question_id: q for q in data.questions}
    for row in rows:
        question = by_id[int(row["question_id"])]
        row["question"] = question.label
        row["too_few_answers"] = question.citizen_counts is None
        if question.citizen_counts is None:
            for key in list(row):
                if key.startswith("citizens_"):
                    row[key] = None
            row["citizens_n"] = None
    return rows


# -- agreement of a deputy or a faction with the factions -----------------------------------------


def agreement_figure(
    agreements: tuple[FactionAgreement, ...], view: str, *, title: str, subtitle: str
) -> go.Figure:
    entries = [
        AgreementEntry(
            entity_id=a.faction.id,
            label=a.faction.short_name,
            colour=a.faction.colour,
            agreement=float("nan") if a.value(view) is None else a.value(view),
            overlap=a.overlap,
            coverage=float("nan"),
        )
        for a in agreements
    ]
    return dashboards.agreement_ranking_bar(
        entries,
        min_overlap=ALIGNMENT_MIN_OVERLAP,
        title=title,
        subtitle=subtitle,
        x_title=_("Agreement (%)"),
        bar_text=_("{agreement} · {overlap} shared votes"),
        hover_text=_("{label}: {agreement} agreement on {overlap} shared votes"),
        na_text=_("n/a · {overlap} shared votes, at least {min_overlap} needed"),
        na_legend=_("n/a: too few shared votes"),
        filename="agreement-with-factions",
    )


def agreement_rows(agreements: tuple[FactionAgreement, ...]) -> list[Row]:
    def pct(value: float | None) -> float | None:
        return None if value is None else round(100 * value, 6)

    return [
        {
            "faction_id": a.faction.id,
            "faction": a.faction.short_name,
            "agreement_pct": pct(a.stated),
            "agreement_effective_pct": pct(a.effective),
            "shared_votes": a.overlap,
        }
        for a in agreements
    ]
