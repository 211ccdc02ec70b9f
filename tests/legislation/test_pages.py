"""The public pages, the Atom feeds and the legislation API on the bundled real sample."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.urls import reverse

import pytest

from parvaipret.ingest.bills_sample import legislation_sample_load
from parvaipret.legislation.models import Bill, Initiative, Subscription

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def sample(sitting_2026_04_16):
    legislation_sample_load()


def test_bill_page_shows_each_stage_with_its_vote_and_the_factions(client, sample):
    bill = Bill.objects.get(number="1292/Lp14")

    page = client.get(reverse("legislation:bill_detail", args=[bill.pk])).content.decode()

    for text in ("31.03.2026", "13.04.2026", "16.04.2026", "Noraidīts", "4595"):
        assert text in page
    assert "21 for, 44 against, 12 abstained" in page
    assert 'class="badge" style="background:' in page
    assert reverse("legislation:bill_feed", args=[bill.pk]) in page


def test_decision_page_says_its_verb_is_not_known_yet(client, sample):
    bill = Bill.objects.get(number="928/Lm14")

    page = client.get(reverse("legislation:bill_detail", args=[bill.pk])).content.decode()

    assert "never from its vote" in page
    assert "Par atklātu algu valsts pārvaldē" in page


def test_initiative_page_shows_the_timeline_with_unknown_dates(client, sample):
    initiative = Initiative.objects.get(external_id="936/Lm14")

    page = client.get(reverse("legislation:initiative_detail", args=[initiative.pk]))
    html = page.content.decode()

    assert page.status_code == 200
    assert "Nodrošināt iespēju brīvprātīgi izņemt 2. pensiju līmeņa uzkrāto kapitālu" in html
    assert "11\u00a0391" in html
    assert html.count("date unknown") == 4
    assert 'name="email"' in html


def test_lists_and_search_pages_find_by_number_and_words(client, sample):
    bills = client.get(reverse("legislation:bill_list"), {"q": "1292/Lp14"}).content.decode()
    initiatives = client.get(reverse("legislation:initiative_list"), {"q": "pensiju"})
    search = client.get(reverse("legislation:search"), {"q": "Saeimas vēlēšanu"}).content.decode()

    assert "Grozījumi Saeimas vēlēšanu likumā" in bills
    assert "953/Lm14" not in bills
    assert "2. pensiju" in initiatives.content.decode()
    assert "1292/Lp14" in search


def test_pages_of_missing_objects_are_404(client, db):
    assert client.get(reverse("legislation:bill_detail", args=[999])).status_code == 404
    assert client.get(reverse("legislation:initiative_detail", args=[999])).status_code == 404
    assert client.get(reverse("legislation:initiative_feed", args=[999])).status_code == 404


def _parse_atom(content: bytes) -> ET.Element:
    root = ET.fromstring(content)  # noqa: S314 - our own feed, parsed to check it is Atom
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None, name
    return root


def test_initiative_feed_is_valid_atom_with_one_entry_per_step(client, sample):
    initiative = Initiative.objects.get(external_id="928/Lm14")

    response = client.get(reverse("legislation:initiative_feed", args=[initiative.pk]))

    assert response["Content-Type"].startswith("application/atom+xml")
    entries = _parse_atom(response.content).findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles == [
        "928/Lm14: Saeima decision",
        "submitted to the Saeima",
        "signatures collected — 10\u00a0177",
        "published",
    ]
    assert len(set(ids)) == 4
    assert all(i.startswith(f"http://127.0.0.1:8000/initiatives/{initiative.pk}/#") for i in ids)
    for entry in entries:
        assert entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
        assert entry.find(f"{ATOM}published") is None  # no date is known for any step


def test_bill_feed_dates_each_stage_by_its_card(client, sample):
    bill = Bill.objects.get(number="1292/Lp14")

    response = client.get(reverse("legislation:bill_feed", args=[bill.pk]))

    entries = _parse_atom(response.content).findall(f"{ATOM}entry")
    published = [entry.findtext(f"{ATOM}published")[:10] for entry in entries]
    assert published == ["2026-04-16", "2026-04-13", "2026-03-31"]
    assert "21 for, 44 against, 12 abstained" in entries[0].findtext(f"{ATOM}summary")


def test_initiative_timeline_api(client, sample):
    initiative = Initiative.objects.get(external_id="928/Lm14")

    response = client.get(f"/api/v1/initiatives/{initiative.pk}/timeline/")

    assert response.status_code == 200
    steps = response.json()
    assert [(s["kind"], s["date"], s["bill_number"]) for s in steps] == [
        ("published", None, None),
        ("signatures", None, None),
        ("submitted", None, None),
        ("decision", None, "928/Lm14"),
    ]
    assert steps[1]["detail"] == "10\u00a0177"


def test_bill_timeline_api_gives_the_vote_and_positions(client, sample):
    bill = Bill.objects.get(number="1292/Lp14")

    steps = client.get(f"/api/v1/bills/{bill.pk}/timeline/").json()

    referral = steps[-1]
    assert (referral["kind"], referral["date"], referral["detail"]) == (
        "referred",
        "2026-04-16",
        "Noraidīts",
    )
    assert (referral["vote"]["for_count"], referral["vote"]["outcome_label"]) == (21, "Noraidīts")
    assert referral["positions"][0] == {
        "faction_id": referral["positions"][0]["faction_id"],
        "faction": "JV",
        "position": "against",
        "for_count": 0,
        "against_count": 25,
        "abstain_count": 0,
        "did_not_vote_count": 0,
    }


def test_follow_api_by_email_answers_the_same_and_sends_a_confirmation(
    client, sample, django_capture_on_commit_callbacks, mailoutbox
):
    initiative = Initiative.objects.get(external_id="928/Lm14")

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(
            "/api/v1/follow/", {"initiative": initiative.pk, "email": "a@example.org"}
        )
        again = client.post(
            "/api/v1/follow/", {"initiative": initiative.pk, "email": "a@example.org"}
        )

    assert (first.status_code, first.json()) == (202, {"status": "confirmation_sent"})
    assert again.json() == first.json()
    assert Subscription.objects.get().is_active is False
    assert len(mailoutbox) == 2


def test_follow_api_needs_exactly_one_target(client, db):
    response = client.post("/api/v1/follow/", {"email": "a@example.org"})
    assert response.status_code == 400
