"""The ballot table's indexes and constraints, as the migrations leave them (any database).

Two million ballots a term: every index is paid for on each insert, so a ballot keeps only the
indexes some lookup needs, and never at the price of a constraint.
"""

from __future__ import annotations

from django.db import connection

import pytest

from parvaipret.parliament.models import Ballot

pytestmark = pytest.mark.django_db


def _constraints() -> dict[str, dict]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, Ballot._meta.db_table)


def _indexed_column_lists() -> list[list[str]]:
    return [c["columns"] for c in _constraints().values() if c["index"] or c["unique"]]


def test_lookups_by_vote_or_by_deputy_are_served_by_the_two_composite_indexes():
    unique = [c["columns"] for c in _constraints().values() if c["unique"] and not c["primary_key"]]

    assert ["vote_id", "deputy_id"] in unique
    assert ["deputy_id", "vote_id"] in _indexed_column_lists()


def test_the_redundant_deputy_index_is_gone_and_the_vote_and_faction_indexes_stay():
    indexed = _indexed_column_lists()

    assert ["deputy_id"] not in indexed  # (deputy, vote) serves every lookup by deputy
    # Without planner statistics PostgreSQL seq-scans `vote_id IN (…)` if only the unique
    # (vote, deputy) index leads with the vote: the ingest's re-runs ask exactly that.
    assert ["vote_id"] in indexed
    assert ["faction_id"] in indexed  # no composite leads with the faction


def test_every_foreign_key_of_a_ballot_is_still_enforced_by_the_database():
    foreign = {
        tuple(c["columns"]): c["foreign_key"][0]
        for c in _constraints().values()
        if c["foreign_key"]
    }

    assert foreign == {
        ("vote_id",): "parliament_vote",
        ("deputy_id",): "parliament_deputy",
        ("faction_id",): "parliament_faction",
    }
