"""The vote, deputy, faction and sitting pages on the real sitting of 16 April 2026."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from parvaipret.ingest.dump import BUNDLED_SAMPLE, dump_import
from parvaipret.parliament.models import Deputy, Faction, Membership, Sitting, Vote
from tests.factories import BillFactory, DeputyFactory, MembershipFactory, TermFactory, VoteFactory

pytestmark = pytest.mark.django_db

REFERRAL_1292 = "e8ee3055-f869-4dba-80ee-07c13a4617dd"


@pytest.fixture
def sample(db):
    dump_import(path=BUNDLED_SAMPLE)


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_vote_page_shows_motive_tallies_faction_bars_and_every_ballot(client, sample):
    vote = Vote.objects.get(external_id=REFERRAL_1292)
    html = _text(client.get(f"/votes/{vote.pk}/"))

    assert "Grozījumi Saeimas vēlēšanu likumā (1292/Lp14), nodošana komisijām" in html
    assert "16.04.2026 09:21:03" in html
    assert (
        'href="https://titania.saeima.lv/LIVS14/SaeimaLIVS2_DK.nsf/Voting?ReadForm&amp;parentID=e8ee3055'
        in html
    )
    # the page lists all 87 ballots, each linking to its deputy
    assert len(re.findall(r'<tr><td><a href="/deputies/\d+/">', html)) == 87
    assert "Andrejs Judins" in html
    assert "Igors Judins" in html
    # one bar per faction plus the unaffiliated row
    assert html.count('<div class="bar"') == 7
    assert 'class="for" style="width:' in html


def test_vote_page_faction_tallies_add_up_to_the_printed_tallies(client, sample):
    vote = Vote.objects.get(external_id=REFERRAL_1292)
    tallies = client.get(f"/votes/{vote.pk}/").context["tallies"]

    assert sum(t.for_count for t in tallies) == 21
    assert sum(t.against_count for t in tallies) == 44
    assert sum(t.abstain_count for t in tallies) == 12
    assert sum(t.did_not_vote_count for t in tallies) == 10
    by_code = {t.faction.short_name if t.faction else "": t for t in tallies}
    assert (by_code["JV"].for_count, by_code["JV"].against_count) == (0, 25)
    assert tallies[-1].faction is None


def test_vote_page_is_one_handful_of_queries(client, sample, django_assert_max_num_queries):
    """Cold: the data versions and each fragment's rows, nothing per ballot. Warm: the vote and
    the versions the cached fragments are keyed on."""
    vote = Vote.objects.get(external_id=REFERRAL_1292)
    with django_assert_max_num_queries(11):
        client.get(f"/votes/{vote.pk}/")
    with django_assert_max_num_queries(7):
        client.get(f"/votes/{vote.pk}/")


def test_vote_page_links_the_bill_when_one_is_linked(client):
    term = TermFactory(number=14)
    bill = BillFactory(term=term, number="1292/Lp14")
    vote = VoteFactory(term=term, bill=bill)

    html = _text(client.get(f"/votes/{vote.pk}/"))

    assert f'href="/bills/{bill.pk}/">1292/Lp14</a>' in html


def test_secret_vote_page_says_it_is_left_out_of_matching(client):
    vote = VoteFactory(is_secret=True, for_count=55, against_count=30)

    html = _text(client.get(f"/en/votes/{vote.pk}/"))

    assert "Secret ballot" in html
    assert "left out of matching" in html


def test_sitting_page_lists_its_30_votes_in_order(client, sample):
    sitting = Sitting.objects.get()
    html = _text(client.get(f"/sittings/{sitting.pk}/"))

    times = re.findall(r"<tr><td>(\d\d:\d\d:\d\d)</td>", html)
    assert len(times) == 30
    assert times == sorted(times)
    assert (times[0], times[-1]) == ("09:21:03", "12:05:54")
    assert "Grozījums Operatīvās darbības likumā (1252/Lp14), 2.lasījums" in html


def test_sitting_list_shows_the_sitting_with_its_vote_count(client, sample):
    html = _text(client.get("/sittings/"))

    assert "16.04.2026" in html
    assert '<td class="num">30</td>' in html


def test_deputy_page_shows_faction_history_attendance_and_recent_ballots(client, sample):
    deputy = Deputy.objects.get(first_name="Igors", last_name="Judins")
    html = _text(client.get(f"/en/deputies/{deputy.pk}/"))

    assert "unaffiliated" in html
    assert "Took part in 24 of 30 roll calls held during the mandate (80.0 %)" in html
    assert len(re.findall(r'<a href="/en/votes/\d+/">', html)) == 24
    assert (
        "https://titania.saeima.lv/personal/deputati/saeima14_depweb_public.nsf/0/21A69EE21BA55AF2C22588E0002AE1E3"
        in html
    )


def test_deputy_attendance_counts_only_the_roll_calls_of_the_mandate(client):
    term = TermFactory(number=14)
    deputy = DeputyFactory(first_name="Ilze", last_name="Indriksone")
    MembershipFactory(deputy=deputy, term=term, faction=None, start=dt.date(2026, 4, 1), end=None)
    riga = dt.timezone(dt.timedelta(hours=3))
    VoteFactory(term=term, timestamp=dt.datetime(2026, 3, 5, 10, 0, tzinfo=riga))
    inside = VoteFactory(term=term, timestamp=dt.datetime(2026, 4, 16, 10, 0, tzinfo=riga))
    VoteFactory(term=term, timestamp=dt.datetime(2026, 4, 16, 11, 0, tzinfo=riga))
    inside.ballots.create(deputy=deputy, choice="did_not_vote")

    attendance = client.get(f"/deputies/{deputy.pk}/").context["attendance"]

    assert (attendance.votes_held, attendance.present, attendance.did_not_vote) == (2, 1, 1)
    assert attendance.percentage == 50.0


def test_absent_deputy_has_no_ballots_and_zero_attendance(client, sample):
    deputy = Deputy.objects.get(first_name="Evika", last_name="Siliņa")
    html = _text(client.get(f"/en/deputies/{deputy.pk}/"))

    assert "Took part in 0 of 30 roll calls" in html
    assert "No ballots recorded." in html


def test_faction_page_lists_members_on_the_given_day(client, sample):
    jv = Faction.objects.get(short_name="JV")
    response = client.get(f"/en/factions/{jv.pk}/", {"date": "2026-04-16"})
    html = _text(response)

    # 28 in the roster plus Ilze Vergina, who voted as JV that day
    members = response.context["members"]
    assert len(members) == 29
    assert "29 members on 16.04.2026" in html
    assert "Ilze Vergina" in html


def test_faction_page_defaults_to_the_day_of_the_last_vote(client, sample):
    jv = Faction.objects.get(short_name="JV")
    response = client.get(f"/factions/{jv.pk}/")

    assert response.context["on"] == dt.date(2026, 4, 16)


def test_faction_page_date_outside_a_membership_shows_only_members_that_day(client, sample):
    jv = Faction.objects.get(short_name="JV")
    vergina = Membership.objects.get(deputy__last_name="Vergina")
    vergina.end = dt.date(2026, 4, 30)
    vergina.save()

    later = client.get(f"/factions/{jv.pk}/", {"date": "2026-05-04"}).context["members"]
    earlier = client.get(f"/factions/{jv.pk}/", {"date": "2026-04-16"}).context["members"]

    assert len(earlier) - len(later) == 1
    assert "Vergina" not in {m.deputy.last_name for m in later}


def test_pages_of_missing_rows_are_404(client, db):
    for url in ("/votes/999/", "/deputies/999/", "/factions/999/", "/sittings/999/"):
        assert client.get(url).status_code == 404


def test_list_pages_show_the_sample(client, sample):
    assert "Igors Judins" in _text(client.get("/deputies/"))
    assert "Frakcija JAUNĀ VIENOTĪBA" in _text(client.get("/factions/"))
    assert "(1292/Lp14), nodošana komisijām" in _text(client.get("/votes/"))


def test_deputy_faction_and_sitting_pages_do_not_query_per_row(
    client, sample, django_assert_max_num_queries
):
    deputy = Deputy.objects.get(first_name="Igors", last_name="Judins")
    jv = Faction.objects.get(short_name="JV")
    sitting = Sitting.objects.get()

    # The deputy page: cold, the versions its fragments are keyed on and each fragment's rows;
    # warm, the deputy, the versions and the live follower count.
    with django_assert_max_num_queries(15):
        client.get(f"/deputies/{deputy.pk}/")
    with django_assert_max_num_queries(10):
        client.get(f"/deputies/{deputy.pk}/")
    with django_assert_max_num_queries(13):
        client.get(f"/factions/{jv.pk}/")
    with django_assert_max_num_queries(10):
        client.get(f"/factions/{jv.pk}/")
    with django_assert_max_num_queries(6):
        client.get(f"/sittings/{sitting.pk}/")
