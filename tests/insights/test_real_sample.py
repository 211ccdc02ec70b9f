"""The dashboards on the bundled real sitting of 16 April 2026 (30 roll calls, 116 deputies)."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from parvaipret.ingest.dump import BUNDLED_CALENDAR, BUNDLED_SAMPLE, dump_import
from parvaipret.parliament.models import Deputy, Faction

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def real_sitting(db) -> None:
    dump_import(path=BUNDLED_SAMPLE, calendar=BUNDLED_CALENDAR)


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_every_dashboard_opens_on_the_real_sitting(client, real_sitting):
    deputy = Deputy.objects.get(first_name="Maija", last_name="Armaņeva")
    faction = Faction.objects.get(short_name="JV")
    pages = [
        "/dashboards/",
        "/dashboards/alignment/",
        "/dashboards/cohesion/",
        "/dashboards/rebels/",
        "/dashboards/attendance/",
        "/dashboards/map/",
        "/dashboards/public/",
        f"/dashboards/deputies/{deputy.pk}/",
        f"/dashboards/factions/{faction.pk}/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        if url == "/dashboards/public/":  # no question is published in the bare dump
            assert "No published question stands for a vote" in html
        elif url != "/dashboards/":
            assert "plotly-graph-div" in html, url


def test_attendance_on_the_real_sitting_matches_the_ballots_file(client, real_sitting):
    """Registered in a vote = a row in ballots.csv (Par, Pret, Atturas or Nebalsoja)."""
    with (BUNDLED_SAMPLE / "ballots.csv").open(encoding="utf-8") as f:
        rows_per_deputy = Counter(row["full_name"] for row in csv.DictReader(f))

    table = csv_rows(client.get("/dashboards/attendance/?format=csv"))
    attended = {row["deputy"]: int(row["votes_attended"]) for row in table}

    assert sum(attended.values()) == 2670
    assert {name: n for name, n in attended.items() if n} == dict(rows_per_deputy)


def test_alignment_on_the_real_sitting_matches_majorities_counted_from_the_ballots_file(
    client, real_sitting
):
    """Each faction's plurality per vote counted straight from ballots.csv (a tie is no
    position); the diagonal of the heatmap is the number of votes where it had one, and a pair's
    stated agreement is the mean of 1 (same), ½ (one abstained), 0 (opposite)."""
    counts: dict[tuple[str, str], Counter] = {}
    with (BUNDLED_SAMPLE / "ballots.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["choice"] in ("Par", "Pret", "Atturas") and row["faction_short"]:
                counts.setdefault((row["vote_id"], row["faction_short"]), Counter())[
                    row["choice"]
                ] += 1
    majority: dict[str, dict[str, str]] = {}
    for (vote, faction), tally in counts.items():
        (top, n), *rest = tally.most_common()
        if not rest or rest[0][1] < n:
            majority.setdefault(faction, {})[vote] = top
    value = {"Par": 1.0, "Pret": -1.0, "Atturas": 0.0}

    def expected(a: str, b: str) -> tuple[float, int]:
        shared = majority[a].keys() & majority[b].keys()
        score = sum(1 - abs(value[majority[a][v]] - value[majority[b][v]]) / 2 for v in shared)
        return 100 * score / len(shared), len(shared)

    table = csv_rows(client.get("/dashboards/alignment/?format=csv"))

    assert {row["faction"] for row in table} == set(majority)
    for row in table:
        pct, shared = expected(row["faction"], row["other_faction"])
        assert int(row["shared_votes"]) == shared
        assert float(row["agreement_pct"]) == pytest.approx(pct)
