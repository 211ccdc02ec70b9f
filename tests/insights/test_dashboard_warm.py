"""Rebuilding the dashboards' cache after an ingest: one task per figure, term and view."""

from __future__ import annotations

from django.core.cache import cache

from parvaipret.insights import selectors
from parvaipret.insights.forms import DashboardFilters
from parvaipret.insights.tasks import WARMED_FIGURES, dashboard_warm, dashboards_rebuild
from tests.insights.conftest import build_fixture_term


def test_dashboards_rebuild_fans_out_every_figure_and_view(db):
    fixture = build_fixture_term()

    summary = dashboards_rebuild.delay(terms=[fixture.term.number]).get()

    assert summary["tasks"] == len(WARMED_FIGURES) * 2


def test_dashboard_warm_leaves_the_figure_in_the_cache_under_the_selectors_key(db):
    fixture = build_fixture_term()
    filters = DashboardFilters(term=fixture.term, view="effective")

    key = dashboard_warm.delay("alignment", fixture.term.number, "effective").get()
    warmed = cache.get(key)
    served = selectors.faction_alignment_data(filters=filters)

    assert key.startswith(f"{selectors.CACHE_PREFIX}:alignment:")
    assert served.key == key
    assert warmed.agreement == served.agreement


def test_dashboard_warm_fills_every_figure(db):
    fixture = build_fixture_term()

    keys = [dashboard_warm.delay(f, fixture.term.number).get() for f in WARMED_FIGURES]

    assert all(cache.get(key) is not None for key in keys)
    assert len(set(keys)) == len(WARMED_FIGURES)
