"""Celery tasks of the dashboards: rebuilding the bulk exports (after each ingest and nightly)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="insights.exports_rebuild")
def exports_rebuild(terms: list[int] | None = None) -> dict:
    """Rewrite DATA_DIR/exports/ for ``terms`` (Saeima numbers; None = every term with votes)."""
    from parvaipret.insights.services import exports_rebuild as service

    files = service(terms=terms)
    return {"files": len(files), "bytes": sum(f.size for f in files)}


# The whole-term figures every dashboard opens with; each is one task per term and view, so the
# rebuild after an ingest spreads over as many worker processes as there are.
WARMED_FIGURES = ("alignment", "cohesion", "records", "map", "public")


@shared_task(name="insights.dashboard_warm")
def dashboard_warm(figure: str, term: int, view: str = "stated") -> str:
    """Compute one figure's data for a whole term into the dashboards' cache; returns its key.

    The public (citizens') figure is cached per language, so it is warmed in each one.
    """
    from django.conf import settings
    from django.utils import translation

    from parvaipret.insights import selectors
    from parvaipret.insights.forms import DashboardFilters
    from parvaipret.parliament.models import Term

    filters = DashboardFilters(term=Term.objects.get(number=term), view=view)
    compute = {
        "alignment": selectors.faction_alignment_data,
        "cohesion": selectors.cohesion_data,
        "records": selectors.deputy_records,
        "map": selectors.deputy_map_data,
        "public": selectors.public_data,
    }[figure]
    languages = [code for code, _ in settings.LANGUAGES] if figure == "public" else [None]
    key = ""
    for language in languages:
        with translation.override(language):
            key = getattr(compute(filters=filters), "key", "") or key
    return key


@shared_task(name="insights.dashboards_rebuild")
def dashboards_rebuild(terms: list[int] | None = None, queue: str | None = None) -> dict:
    """Fan out ``dashboard_warm`` for every figure × term × view as a Celery group."""
    from celery import group

    from parvaipret.parliament.models import Term

    numbers = terms or list(
        Term.objects.filter(votes__isnull=False)
        .distinct()
        .order_by("number")
        .values_list("number", flat=True)
    )
    signatures = [
        dashboard_warm.s(figure, number, view)
        for number in numbers
        for figure in WARMED_FIGURES
        for view in ("stated", "effective")
    ]
    fanned = group(signatures).apply_async(**({"queue": queue} if queue else {}))
    return {"tasks": len(signatures), "group_id": fanned.id}
