"""The OpenAPI 3 schema of the whole API validates with no warning (drf-spectacular)."""

from __future__ import annotations

from django.core.management import call_command

import yaml


def test_openapi_schema_validates_without_warnings(tmp_path):
    schema_file = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema_file))

    schema = yaml.safe_load(schema_file.read_text(encoding="utf-8"))
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/terms/",
        "/api/v1/factions/",
        "/api/v1/deputies/",
        "/api/v1/memberships/",
        "/api/v1/votes/",
        "/api/v1/votes/{id}/",
        "/api/v1/bills/",
        "/api/v1/initiatives/",
        "/api/v1/question-results/",
        "/api/v1/figures/alignment/",
        "/api/v1/figures/cohesion/",
        "/api/v1/exports/",
        "/api/v1/exports/{name}",
    ):
        assert path in schema["paths"], path


def test_openapi_schema_lists_ballots_only_as_optional_in_the_vote_list(tmp_path):
    schema_file = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(schema_file))
    components = yaml.safe_load(schema_file.read_text(encoding="utf-8"))["components"]["schemas"]

    assert "ballots" in components["VoteList"]["properties"]
    assert "ballots" not in components["VoteList"]["required"]
    assert "ballots" in components["VoteDetail"]["required"]
    assert set(components["AnswerTotals"]["properties"]) == {
        "total",
        "shown",
        "min_answers",
        "for",
        "against",
        "abstain",
    }
