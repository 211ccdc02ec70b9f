"""The dashboards' figures as JSON, and the bulk exports' list and downloads."""

from __future__ import annotations

import pytest

from parvaipret.insights.services import exports_rebuild

pytestmark = pytest.mark.django_db


def test_alignment_figure_gives_the_hand_computed_matrix(api_client, fixture_term):
    data = api_client.get("/api/v1/figures/alignment/?term=14").json()

    assert data["filters"] == {
        "term": 14,
        "period": "term",
        "start": None,
        "end": None,
        "topic": None,
        "view": "stated",
    }
    assert data["votes"] == 8
    assert data["min_overlap"] == 5
    assert [f["short_name"] for f in data["factions"]] == ["AA", "BB", "CC"]
    assert data["agreement"][0] == pytest.approx([1.0, 0.5, 4 / 7])
    assert data["shared_votes"] == [[8, 7, 7], [7, 7, 6], [7, 6, 7]]


def test_alignment_figure_takes_the_dashboard_filters(api_client, fixture_term):
    data = api_client.get(
        "/api/v1/figures/alignment/?period=month&month=2025-01&view=effective"
    ).json()

    assert data["filters"]["start"] == "2025-01-01"
    assert data["filters"]["end"] == "2025-01-31"
    assert data["votes"] == 4
    assert data["agreement"][0][1] is None  # AA·BB share 3 votes in January


def test_figures_reject_invalid_filters_with_400(api_client, fixture_term):
    response = api_client.get("/api/v1/figures/cohesion/?period=year")

    assert response.status_code == 400
    assert "year" in response.json()


def test_cohesion_figure_gives_monthly_agreement_index_and_coalition(api_client, fixture_term):
    data = api_client.get("/api/v1/figures/cohesion/").json()
    factions = {f["faction"]["short_name"]: f for f in data["factions"]}

    assert data["coalition_loaded"] is True
    assert factions["AA"]["mean"] == pytest.approx(7.025 / 8)
    assert factions["BB"]["small"] is True
    assert factions["CC"]["months"] == [
        {"month": "2025-01", "agreement_index": 1.0, "votes": 3, "coalition": False},
        {"month": "2025-02", "agreement_index": 1.0, "votes": 4, "coalition": True},
    ]


def test_export_list_links_to_the_files_with_sizes(api_client, fixture_term, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    assert api_client.get("/api/v1/exports/").json() == []
    exports_rebuild()

    listed = api_client.get("/api/v1/exports/").json()

    assert [item["name"] for item in listed] == [
        "saeima14-votes-csv.zip",
        "saeima14-votes.json.gz",
        "questions-answers.csv",
    ]
    zip_entry = listed[0]
    assert zip_entry["url"] == "http://testserver/api/v1/exports/saeima14-votes-csv.zip"
    assert zip_entry["term"] == 14
    assert zip_entry["format"] == "csv"
    assert zip_entry["size"] == (tmp_path / "exports" / "saeima14-votes-csv.zip").stat().st_size

    download = api_client.get(zip_entry["url"])
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="saeima14-votes-csv.zip"'
    assert b"".join(download.streaming_content)[:2] == b"PK"
    json_download = api_client.get("/api/v1/exports/saeima14-votes.json.gz")
    assert json_download["Content-Type"] == "application/gzip"


def test_export_download_serves_only_listed_files(api_client, fixture_term, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    exports_rebuild()
    (tmp_path / "exports" / "secret.txt").write_text("not an export")

    assert api_client.get("/api/v1/exports/secret.txt").status_code == 404
    assert api_client.get("/api/v1/exports/manifest.json").status_code == 404
    assert api_client.get("/api/v1/exports/..%2Fdb.sqlite3").status_code == 404
