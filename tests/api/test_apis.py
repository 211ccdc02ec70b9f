"""The open data endpoints: shapes, filters, search, pagination, aggregates only, throttling."""

from __future__ import annotations

import datetime as dt
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from parvaipret.insights.selectors import PUBLIC_MIN_ANSWERS
from parvaipret.parliament import services
from parvaipret.participation.models import Answer
from tests.factories import (
    BillFactory,
    BillStageFactory,
    InitiativeBillFactory,
    InitiativeFactory,
)

pytestmark = pytest.mark.django_db


def ids(page: dict) -> list[int]:
    return [row["id"] for row in page["results"]]


def test_terms_are_looked_up_by_their_number(api_client, fixture_term):
    response = api_client.get("/api/v1/terms/14/")

    assert response.status_code == 200
    assert response.json() == {
        "id": fixture_term.term.pk,
        "number": 14,
        "start": "2022-11-01",
        "end": None,
    }


def test_factions_filter_by_term_number_and_search_by_name(api_client, fixture_term):
    by_term = api_client.get("/api/v1/factions/?term=14").json()
    searched = api_client.get("/api/v1/factions/?search=Frakcija BB").json()

    assert [f["short_name"] for f in by_term["results"]] == ["AA", "BB", "CC"]
    assert by_term["results"][0]["term"] == 14
    assert [f["short_name"] for f in searched["results"]] == ["BB"]
    assert api_client.get("/api/v1/factions/?term=13").json()["count"] == 0


def test_deputies_filter_by_faction_membership_and_search_by_name(api_client, fixture_term):
    fx = fixture_term
    in_bb = api_client.get(f"/api/v1/deputies/?faction={fx.factions['BB'].pk}").json()
    searched = api_client.get("/api/v1/deputies/?search=D7").json()

    assert {d["id"] for d in in_bb["results"]} == {fx.deputies[k].pk for k in ("d4", "d5", "d7")}
    assert [d["full_name"] for d in searched["results"]] == ["Deputāts5 D7"]


def test_memberships_filter_by_deputy_and_date_range(api_client, fixture_term):
    d7 = fixture_term.deputies["d7"]
    all_of_d7 = api_client.get(f"/api/v1/memberships/?deputy={d7.pk}").json()
    in_march = api_client.get(f"/api/v1/memberships/?deputy={d7.pk}&date_from=2025-03-01").json()

    assert [(m["faction_short_name"], m["start"], m["end"]) for m in all_of_d7["results"]] == [
        ("AA", "2022-11-01", "2025-01-31"),
        ("BB", "2025-02-01", None),
    ]
    assert [m["faction_short_name"] for m in in_march["results"]] == ["BB"]


def test_vote_list_has_no_ballots_and_the_detail_has_all_of_them(api_client, fixture_term):
    v1 = fixture_term.votes[0]
    listed = api_client.get("/api/v1/votes/?term=14").json()
    detail = api_client.get(f"/api/v1/votes/{v1.pk}/").json()

    assert listed["count"] == 9  # eight roll calls and the secret ballot
    assert "ballots" not in listed["results"][0]
    assert detail["for_count"] == 6
    assert len(detail["ballots"]) == 8
    ballots = {b["deputy_name"]: (b["faction_short_name"], b["choice"]) for b in detail["ballots"]}
    assert ballots["Deputāts5 D7"] == ("AA", "for")
    assert ballots["Deputāts6 D4"] == ("BB", "against")


def test_vote_list_includes_ballots_on_request_without_a_query_per_vote(
    api_client, fixture_term, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = api_client.get("/api/v1/votes/?include=ballots&limit=100")

    rows = response.json()["results"]
    assert len(rows) == 9
    assert sum(len(row["ballots"]) for row in rows) == 62  # 64 cells, two absent


def test_votes_filter_by_date_range_reading_bill_and_deputy(api_client, fixture_term):
    fx = fixture_term
    bill = BillFactory(term=fx.term, number="1292/Lp14")
    fx.votes[3].bill = bill
    fx.votes[3].reading = "2"
    fx.votes[3].save()

    january = api_client.get("/api/v1/votes/?date_from=2025-01-01&date_to=2025-01-31").json()
    by_bill = api_client.get("/api/v1/votes/?bill=1292/lp14").json()
    second_reading = api_client.get("/api/v1/votes/?reading=2").json()
    d3 = api_client.get(f"/api/v1/votes/?deputy={fx.deputies['d3'].pk}").json()

    assert sorted(ids(january)) == sorted(v.pk for v in fx.votes[:4])
    assert ids(by_bill) == [fx.votes[3].pk]
    assert by_bill["results"][0]["bill_number"] == "1292/Lp14"
    assert ids(second_reading) == [fx.votes[3].pk]
    assert d3["count"] == 7  # absent from v6


def test_votes_search_the_motive_and_paginate_by_limit_and_offset(api_client, fixture_term):
    searched = api_client.get("/api/v1/votes/?search=Slepens").json()
    first = api_client.get("/api/v1/votes/?limit=2").json()
    second = api_client.get("/api/v1/votes/?limit=2&offset=2").json()

    assert ids(searched) == [fixture_term.secret.pk]
    assert first["count"] == 9
    assert len(first["results"]) == 2
    assert first["next"].endswith("limit=2&offset=2")
    assert not set(ids(first)) & set(ids(second))


def test_bills_come_with_their_stages_and_filter_by_number_and_stage(api_client, fixture_term):
    bill = BillFactory(term=fixture_term.term, number="1180/Lp14")
    BillStageFactory(bill=bill, kind="submitted", sequence=0, date=dt.date(2025, 1, 2))
    BillStageFactory(bill=bill, kind="reading_1", sequence=1, date=dt.date(2025, 1, 16))
    BillFactory(term=fixture_term.term, number="1181/Lp14")

    by_number = api_client.get("/api/v1/bills/?number=1180/Lp14").json()
    by_stage = api_client.get("/api/v1/bills/?stage=reading_1").json()

    assert [s["kind"] for s in by_number["results"][0]["stages"]] == ["submitted", "reading_1"]
    assert [b["number"] for b in by_stage["results"]] == ["1180/Lp14"]


def test_initiatives_come_with_their_bill_links(api_client, fixture_term):
    bill = BillFactory(term=fixture_term.term, number="1292/Lp14")
    initiative = InitiativeFactory(title="Par atklātu algu valsts pārvaldē")
    InitiativeBillFactory(initiative=initiative, bill=bill, kind="led_to")
    InitiativeFactory(title="Cita iniciatīva")

    response = api_client.get("/api/v1/initiatives/?bill=1292/Lp14").json()

    assert [i["title"] for i in response["results"]] == ["Par atklātu algu valsts pārvaldē"]
    assert response["results"][0]["bill_links"] == [
        {
            "bill": bill.pk,
            "bill_number": "1292/Lp14",
            "kind": "led_to",
            "note": "",
            "confirmed_at": None,
        }
    ]


def test_question_results_give_totals_only_and_hide_shares_below_the_minimum(
    api_client, fixture_term
):
    fx = fixture_term
    response = api_client.get("/api/v1/question-results/?limit=10")
    rows = {row["id"]: row for row in response.json()["results"]}

    assert set(rows) == {fx.questions[k].pk for k in ("q1", "q2", "q3")}  # q4 unpublished
    assert rows[fx.questions["q1"].pk]["answers"] == {
        "total": 12,
        "shown": True,
        "min_answers": PUBLIC_MIN_ANSWERS,
        "for": 9,
        "against": 2,
        "abstain": 1,
    }
    assert rows[fx.questions["q3"].pk]["answers"] == {
        "total": 3,
        "shown": False,
        "min_answers": PUBLIC_MIN_ANSWERS,
        "for": None,
        "against": None,
        "abstain": None,
    }
    assert rows[fx.questions["q2"].pk]["votes"] == [{"vote": fx.votes[4].pk, "polarity": -1}]
    body = response.content.decode()
    assert "respondent" not in body
    assert "importance" not in body


def test_question_results_totals_are_not_inflated_by_a_filter_across_votes(
    api_client, fixture_term
):
    from tests.factories import QuestionVoteFactory

    fx = fixture_term
    QuestionVoteFactory(question=fx.questions["q1"], vote=fx.votes[1])  # a second link
    response = api_client.get("/api/v1/question-results/?term=14&topic=education").json()

    assert [row["answers"]["total"] for row in response["results"]] == [12]
    assert Answer.objects.filter(question=fx.questions["q1"]).count() == 12


def test_anonymous_clients_are_throttled_by_a_scoped_rate(
    api_client, fixture_term, settings, tmp_path
):
    from parvaipret.insights.services import exports_rebuild

    settings.DATA_DIR = tmp_path
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "600/min", "user": "1200/min", "exports": "2/min"},
    }
    exports_rebuild(terms=[14])

    statuses = [
        api_client.get("/api/v1/exports/questions-answers.csv").status_code for _ in range(3)
    ]

    assert statuses == [200, 200, 429]
    assert api_client.get("/api/v1/terms/").status_code == 200  # other endpoints unaffected


def test_default_anonymous_rate_is_generous_but_finite(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]

    assert rates["anon"] == "600/min"
    assert (
        "parvaipret.api.throttling.AnonThrottle"
        in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    )


def _statuses(client, n: int) -> list[int]:
    return [client.get("/api/v1/terms/").status_code for _ in range(n)]


def _rates(settings, **rates: str) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
    }


def test_anonymous_clients_are_counted_once_by_their_own_rate(api_client, fixture_term, settings):
    _rates(settings, anon="3/min", user="1/min")

    assert _statuses(api_client, 4) == [200, 200, 200, 429]


def test_signed_in_clients_are_counted_by_the_user_rate(api_client, fixture_term, settings):
    from tests.factories import UserFactory

    _rates(settings, anon="1/min", user="2/min")
    api_client.force_authenticate(UserFactory())

    assert _statuses(api_client, 3) == [200, 200, 429]


# --- the cached deputy list ----------------------------------------------------------------------

DEAD_REDIS = {
    "default": {
        "BACKEND": "parvaipret.core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def _names(api_client, path: str = "/api/v1/deputies/?limit=100") -> dict[int, tuple]:
    response = api_client.get(path)
    assert response.status_code == 200
    return {
        row["id"]: (row["full_name"], row["external_id"], row["wikidata_id"])
        for row in response.json()["results"]
    }


def test_deputy_list_comes_from_the_cache(api_client, fixture_term):
    first = api_client.get("/api/v1/deputies/").content

    with CaptureQueriesContext(connection) as queries:
        again = api_client.get("/api/v1/deputies/").content
        paged = api_client.get("/api/v1/deputies/?limit=2&offset=1").json()

    assert again == first
    assert [q["sql"] for q in queries if "first_name" in q["sql"]] == []  # names_version only
    assert paged["count"] == len(fixture_term.deputies)
    assert ids(paged) == [row["id"] for row in json.loads(first)["results"][1:3]]


def test_deputy_list_shows_a_renamed_deputy_at_once(api_client, fixture_term):
    deputy = fixture_term.deputies["d3"]
    assert _names(api_client)[deputy.pk][0] == deputy.full_name

    services.deputy_upsert(
        term=fixture_term.term,
        first_name="Pārdēvētais",
        last_name=deputy.last_name,
        external_id=deputy.external_id,
        wikidata_id="Q4242",
    )

    assert _names(api_client)[deputy.pk] == (
        f"Pārdēvētais {deputy.last_name}",
        deputy.external_id,
        "Q4242",
    )
    assert _names(api_client, "/api/v1/deputies/")[deputy.pk][0].startswith("Pārdēvētais")


def test_deputy_list_shows_a_new_deputy_at_once(api_client, fixture_term):
    before = _names(api_client)

    deputy, outcome = services.deputy_upsert(
        term=fixture_term.term, first_name="Jauna", last_name="Deputāte", external_id="AB" * 16
    )

    after = _names(api_client)
    assert outcome == "insert"
    assert set(after) - set(before) == {deputy.pk}
    assert after[deputy.pk][0] == "Jauna Deputāte"


def test_deputy_list_filters_never_read_the_cached_rows(api_client, fixture_term):
    api_client.get("/api/v1/deputies/")  # the whole list is cached now
    deputy = fixture_term.deputies["d7"]
    services.deputy_upsert(
        term=fixture_term.term,
        first_name="Meklējamais",
        last_name=deputy.last_name,
        external_id=deputy.external_id,
    )

    searched = api_client.get("/api/v1/deputies/?search=Meklējamais").json()

    assert ids(searched) == [deputy.pk]


def test_deputy_list_works_while_the_cache_server_is_down(api_client, fixture_term, settings):
    cached = api_client.get("/api/v1/deputies/").content
    settings.CACHES = DEAD_REDIS  # Django's test signals rebuild the cache handlers

    for path in ("/api/v1/deputies/", "/api/v1/deputies/?search=D7"):
        assert api_client.get(path).status_code == 200
    assert api_client.get("/api/v1/deputies/").content == cached
