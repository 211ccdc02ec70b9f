"""The dashboard pages: filters in the URL, figures, CSV per figure, links, errors, caching."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from parvaipret.insights import selectors
from tests.factories import BallotFactory, VoteFactory
from tests.insights.conftest import RIGA

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/dashboards/",
    "/en/dashboards/alignment/",
    "/en/dashboards/cohesion/",
    "/en/dashboards/rebels/",
    "/en/dashboards/attendance/",
    "/en/dashboards/map/",
    "/en/dashboards/public/",
]


def rows(response) -> list[dict[str, str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("url", PAGES[1:])
def test_dashboard_pages_render_a_plotly_figure_and_a_csv_link(client, fixture_term, url):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="plotly-graph-div' in html
    assert "Plotly.newPlot" in html
    assert "vendor/plotly/plotly.min.js" in html
    assert "?term=14&amp;format=csv" in html
    assert 'nonce="' in html  # the figure's inline script may run under the CSP


def test_overview_lists_factions_and_deputies_with_the_filters_in_every_link(client, fixture_term):
    response = client.get("/en/dashboards/?period=month&month=2025-02")

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        f'href="/en/dashboards/factions/{fixture_term.factions["CC"].pk}/?term=14&amp;period=month&amp;month=2025-02"'
        in html
    )
    assert html.count("period=month&amp;month=2025-02") >= 6 + 3 + 8


def test_alignment_csv_has_the_hand_computed_cells(client, fixture_term):
    table = rows(client.get("/dashboards/alignment/?format=csv"))

    cells = {
        (r["faction"], r["other_faction"]): (r["agreement_pct"], r["shared_votes"]) for r in table
    }
    assert cells[("AA", "BB")] == ("50.0", "7")
    assert cells[("BB", "CC")] == ("75.0", "6")
    assert cells[("AA", "CC")] == ("57.142857", "7")


def test_alignment_csv_leaves_too_few_shared_votes_empty(client, fixture_term):
    table = rows(client.get("/dashboards/alignment/?month=2025-01&format=csv"))

    cells = {(r["faction"], r["other_faction"]): r["agreement_pct"] for r in table}
    assert cells[("AA", "BB")] == ""


def test_alignment_page_links_each_cell_to_the_split_votes(client, fixture_term):
    fx = fixture_term
    html = client.get("/en/dashboards/alignment/?view=effective").content.decode()

    pair = f"a={fx.factions['AA'].pk}&amp;b={fx.factions['BB'].pk}"
    expected = f"/en/dashboards/alignment/split/?{pair}&amp;term=14&amp;view=effective"
    assert expected in html
    assert (
        'data-click-url="/en/dashboards/alignment/split/?a=__0__&amp;b=__1__&amp;term=14&amp;view=effective"'
        in html
    )


def test_split_votes_page_lists_the_votes_with_both_positions(client, fixture_term):
    fx = fixture_term
    response = client.get(
        f"/en/dashboards/alignment/split/?a={fx.factions['AA'].pk}&b={fx.factions['BB'].pk}"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert [row.vote_id for row in response.context["page"]] == [
        fx.votes[k].pk for k in (6, 5, 4, 0)
    ]
    assert f'href="/en/votes/{fx.votes[6].pk}/"' in html


def test_split_votes_page_needs_two_factions_of_the_term(client, fixture_term):
    assert client.get("/dashboards/alignment/split/?a=1").status_code == 404
    assert client.get("/dashboards/alignment/split/?a=1&b=999999").status_code == 404


def test_cohesion_csv_gives_monthly_values_and_bloc_means(client, fixture_term):
    table = rows(client.get("/dashboards/cohesion/?format=csv"))

    aa = [
        (r["month"], float(r["agreement_index"]), r["coalition"])
        for r in table
        if r["faction"] == "AA"
    ]
    assert aa == [
        ("2025-01", pytest.approx(0.85), "True"),
        ("2025-02", pytest.approx(0.90625), "True"),
    ]
    means = {
        (r["series"], r["month"]): float(r["agreement_index"])
        for r in table
        if r["series"] != "faction"
    }
    assert means[("coalition_mean", "2025-02")] == pytest.approx((0.90625 + 1.0) / 2)
    assert means[("opposition_mean", "2025-01")] == pytest.approx((0.8125 + 1.0) / 2)


def test_cohesion_page_says_when_coalition_data_is_not_loaded(
    client, fixture_term_without_coalition
):
    response = client.get("/en/dashboards/cohesion/")
    table = rows(client.get("/dashboards/cohesion/?format=csv"))

    assert "Coalition data not loaded" in response.content.decode()
    assert {r["series"] for r in table} == {"faction"}
    assert {r["coalition"] for r in table} == {""}


def test_rebels_csv_ranks_by_share_of_votes_against_the_faction(client, fixture_term):
    table = rows(client.get("/dashboards/rebels/?format=csv"))

    assert [(r["deputy"], r["votes_against_faction"], r["votes_counted"]) for r in table][:5] == [
        ("Deputāts3 D3", "1", "7"),
        ("Deputāts5 D7", "1", "7"),
        ("Deputāts7 D5", "1", "7"),
        ("Deputāts1 D1", "1", "8"),
        ("Deputāts2 D2", "1", "8"),
    ]


def test_attendance_csv_ranks_lowest_first(client, fixture_term):
    table = rows(client.get("/dashboards/attendance/?format=csv"))

    assert [(r["deputy"], r["votes_attended"], r["votes_held"]) for r in table][:2] == [
        ("Deputāts3 D3", "7", "8"),
        ("Deputāts8 D6", "7", "8"),
    ]


def test_rebels_page_links_each_deputy_to_their_rebel_votes(client, fixture_term):
    d3 = fixture_term.deputies["d3"]
    html = client.get("/en/dashboards/rebels/").content.decode()

    assert f'href="/en/dashboards/deputies/{d3.pk}/votes/?kind=rebel&amp;term=14"' in html
    assert 'data-click-url="/en/dashboards/deputies/__0__/votes/?kind=rebel&amp;term=14"' in html


def test_map_csv_marks_the_faction_changer(client, fixture_term):
    table = {r["deputy"]: r for r in rows(client.get("/dashboards/map/?format=csv"))}

    assert table["Deputāts5 D7"]["factions"] == "AA → BB"
    assert table["Deputāts5 D7"]["changed_faction"] == "True"
    assert table["Deputāts1 D1"]["changed_faction"] == "False"
    assert all(r["x"] and r["y"] for r in table.values())


def test_public_csv_puts_the_biggest_gap_first_and_no_shares_below_the_minimum(
    client, fixture_term
):
    table = rows(client.get("/dashboards/public/?format=csv"))

    assert [r["question"] for r in table] == ["Jautājums 2?", "Jautājums 1?", "Jautājums 3?"]
    assert table[0]["gap_pp"] == "42.5"
    assert table[2]["too_few_answers"] == "True"
    assert table[2]["citizens_for_pct"] == ""
    assert table[2]["citizens_n"] == ""


def test_public_page_says_too_few_answers(client, fixture_term):
    html = client.get("/en/dashboards/public/").content.decode()

    assert "too few answers" in html
    assert "Jautājums 4?" not in html  # unpublished


def test_deputy_dashboard_shows_the_record_and_links_to_the_plain_page(client, fixture_term):
    d7 = fixture_term.deputies["d7"]
    response = client.get(f"/en/dashboards/deputies/{d7.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["data"].choices["did_not_vote"] == 1
    assert f'href="/en/deputies/{d7.pk}/"' in html
    assert "Balsojums v8" in html  # the rebel vote
    assert "Dialogue with the public" in html
    assert 'class="plotly-graph-div' in html


def test_deputy_dashboard_csv_gives_agreement_with_each_faction(client, fixture_term):
    d7 = fixture_term.deputies["d7"]
    table = rows(client.get(f"/dashboards/deputies/{d7.pk}/?format=csv"))

    assert [(r["faction"], r["agreement_pct"], r["shared_votes"]) for r in table] == [
        ("AA", "57.142857", "7"),
        ("BB", "75.0", "6"),
        ("CC", "71.428571", "7"),
    ]


def test_deputy_votes_page_lists_missed_votes(client, fixture_term):
    d6 = fixture_term.deputies["d6"]
    response = client.get(f"/en/dashboards/deputies/{d6.pk}/votes/?kind=absent")

    assert [row.vote_id for row, _ in response.context["rows"]] == [fixture_term.votes[2].pk]
    assert client.get(f"/dashboards/deputies/{d6.pk}/votes/?kind=other").status_code == 404


def test_faction_dashboard_serves_each_figures_csv(client, fixture_term):
    aa = fixture_term.factions["AA"]
    response = client.get(f"/en/dashboards/factions/{aa.pk}/")
    attendance = rows(client.get(f"/dashboards/factions/{aa.pk}/?figure=attendance&format=csv"))

    assert response.status_code == 200
    assert f'href="/en/factions/{aa.pk}/"' in response.content.decode()
    assert "?term=14&amp;figure=rebels&amp;format=csv" in response.content.decode()
    assert {r["deputy"]: (r["votes_attended"], r["votes_held"]) for r in attendance} == {
        "Deputāts1 D1": ("8", "8"),
        "Deputāts2 D2": ("8", "8"),
        "Deputāts3 D3": ("7", "8"),
        "Deputāts4 D8": ("8", "8"),
        "Deputāts5 D7": ("4", "4"),
    }


def test_invalid_filters_render_the_form_with_errors_and_400(client, fixture_term):
    no_year = client.get("/en/dashboards/alignment/?period=year")
    bad_month = client.get("/en/dashboards/alignment/?month=2025-13")
    no_term = client.get("/en/dashboards/alignment/?term=7")
    reversed_dates = client.get("/en/dashboards/alignment/?start=2025-02-01&end=2025-01-01")

    assert no_year.status_code == 400
    assert "Choose a year." in no_year.content.decode()
    assert bad_month.status_code == 400
    assert no_term.status_code == 400
    assert reversed_dates.status_code == 400
    assert "plotly-graph-div" not in no_year.content.decode()


def test_dashboards_without_any_votes_say_so(client, db):
    response = client.get("/en/dashboards/alignment/")

    assert response.status_code == 200
    assert "No Saeima votes have been loaded yet" in response.content.decode()


def test_pages_read_a_constant_number_of_queries_and_reuse_the_cached_figure(
    client, fixture_term, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        client.get("/dashboards/rebels/")
    # Cached: only the filters and the data version are read again.
    with django_assert_max_num_queries(12):
        response = client.get("/dashboards/rebels/")
    assert response.status_code == 200


def test_new_votes_invalidate_the_cached_figures(client, fixture_term):
    fx = fixture_term
    before = selectors.faction_alignment_data(filters=_whole(fx))
    vote = VoteFactory(
        term=fx.term,
        timestamp=dt.datetime(2025, 2, 20, 10, 0, tzinfo=RIGA),
        for_count=1,
        against_count=1,
        abstain_count=0,
    )
    BallotFactory(vote=vote, deputy=fx.deputies["d1"], faction=fx.factions["AA"], choice="for")
    BallotFactory(vote=vote, deputy=fx.deputies["d4"], faction=fx.factions["BB"], choice="against")

    after = selectors.faction_alignment_data(filters=_whole(fx))

    assert after.key != before.key
    assert (before.votes, after.votes) == (8, 9)
    # AA·BB gains a disagreement: 3.5 of 8.
    assert after.agreement[0][1] == pytest.approx(3.5 / 8)
    table = rows(client.get("/dashboards/alignment/?format=csv"))
    assert {(r["faction"], r["other_faction"]): r["shared_votes"] for r in table}[
        ("AA", "BB")
    ] == "8"


def _whole(fx):
    from parvaipret.insights.forms import DashboardFilters

    return DashboardFilters(term=fx.term)


@pytest.mark.parametrize("url", PAGES)
def test_dashboards_of_a_period_without_votes_render_without_a_figure(client, fixture_term, url):
    response = client.get(f"{url}?period=month&month=2024-01")

    assert response.status_code == 200
    assert "plotly-graph-div" not in response.content.decode()
    assert client.get(f"{url}?period=month&month=2024-01&format=csv").status_code == 200


def test_deputy_and_faction_dashboards_of_a_period_without_votes(client, fixture_term):
    d1 = fixture_term.deputies["d1"]
    aa = fixture_term.factions["AA"]
    deputy = client.get(f"/en/dashboards/deputies/{d1.pk}/?month=2024-01")
    faction = client.get(f"/en/dashboards/factions/{aa.pk}/?month=2024-01")

    assert deputy.status_code == 200
    assert "held no mandate during the selected votes" in deputy.content.decode()
    assert faction.status_code == 200
    assert "No votes in the selected period." in faction.content.decode()


def _record_row(html: str, deputy) -> str:
    """The deputy's table row (or list item) on a dashboard."""
    start = html.index(f"/dashboards/deputies/{deputy.pk}/?")
    ends = [html.find(tag, start) for tag in ("</tr>", "</li>")]
    return html[start : min(end for end in ends if end > 0)]


def test_cached_tables_show_new_votes_and_renamed_deputies(client, fixture_term):
    fx = fixture_term
    d1 = fx.deputies["d1"]
    pages = ("/en/dashboards/rebels/", "/en/dashboards/attendance/", "/en/dashboards/")
    before = {url: client.get(url).content.decode() for url in pages}
    vote = VoteFactory(
        term=fx.term,
        timestamp=dt.datetime(2025, 2, 20, 10, 0, tzinfo=RIGA),
        for_count=1,
        against_count=0,
        abstain_count=0,
    )
    BallotFactory(vote=vote, deputy=d1, faction=fx.factions["AA"], choice="for")
    d1.last_name = "Pārdēvēts"
    d1.save()

    after = {url: client.get(url).content.decode() for url in pages}

    for url in pages:
        assert "Pārdēvēts" not in before[url]
        assert "Pārdēvēts" in _record_row(after[url], d1), url
    assert _record_row(after["/en/dashboards/attendance/"], d1) != _record_row(
        before["/en/dashboards/attendance/"], d1
    )


def test_cached_tables_follow_the_filters_and_the_language(client, fixture_term):
    whole = client.get("/en/dashboards/rebels/").content.decode()
    month = client.get("/en/dashboards/rebels/?period=month&month=2024-01").content.decode()
    latvian = client.get("/dashboards/rebels/").content.decode()

    assert "period=month" not in _record_row(whole, fixture_term.deputies["d1"])
    assert "No deputy held a mandate during these votes." in month
    assert 'href="/dashboards/deputies/' in latvian
    assert 'href="/en/dashboards/deputies/' not in latvian


def test_cached_filter_fields_show_the_submitted_values(client, fixture_term):
    effective = client.get("/en/dashboards/cohesion/?view=effective").content.decode()
    default = client.get("/en/dashboards/cohesion/").content.decode()
    again = client.get("/en/dashboards/cohesion/?view=effective").content.decode()
    bad = client.get("/en/dashboards/cohesion/?period=month&month=2024-13")

    assert '<option value="effective" selected>' in effective
    assert '<option value="effective" selected>' not in default
    assert '<option value="effective" selected>' in again
    assert bad.status_code == 400
    assert "has-error" in bad.content.decode()


def test_public_page_counts_answers_again_after_the_refresh_interval_and_says_so(
    client, fixture_term, settings
):
    from django.core.cache import cache

    from parvaipret.participation.models import Answer, Question
    from parvaipret.participation.selectors import ANSWERS_VERSION_KEY
    from tests.factories import AnswerFactory

    settings.PUBLIC_ANSWERS_REFRESH_SECONDS = 120
    q3 = Question.objects.get(text="Jautājums 3?")
    html = client.get("/en/dashboards/public/").content.decode()
    assert "The answers are counted again every 2 minutes." in html
    assert rows(client.get("/dashboards/public/?format=csv"))[2]["too_few_answers"] == "True"

    AnswerFactory.create_batch(10, question=q3, choice=Answer.Choice.FOR)
    assert rows(client.get("/dashboards/public/?format=csv"))[2]["too_few_answers"] == "True"

    cache.delete(ANSWERS_VERSION_KEY)  # the interval is over
    by_question = {r["question"]: r for r in rows(client.get("/dashboards/public/?format=csv"))}
    assert by_question["Jautājums 3?"]["too_few_answers"] == "False"
    assert by_question["Jautājums 3?"]["citizens_n"] == "13"
