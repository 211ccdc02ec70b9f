"""The cached tables of the vote, votes and deputy pages: never stale after an ingest, per
language, and the pages still render when the cache server is down."""

from __future__ import annotations

import dataclasses
import re

import pytest

from parvaipret.ingest.dump import BUNDLED_SAMPLE, dump_import
from parvaipret.parliament import services
from parvaipret.parliament.models import Ballot, Deputy, Vote

pytestmark = pytest.mark.django_db

REFERRAL_1292 = "e8ee3055-f869-4dba-80ee-07c13a4617dd"


@pytest.fixture
def sample(db):
    dump_import(path=BUNDLED_SAMPLE)
    return Vote.objects.get(external_id=REFERRAL_1292)


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _ballot_cell(html: str, deputy: Deputy) -> str:
    """The ballot column of the deputy's row in a vote page's table."""
    row = re.search(
        rf'<a href="/deputies/{deputy.pk}/">[^<]*</a></td><td>.*?</td>(<td.*?</td>)', html
    )
    assert row, f"no row for {deputy}"
    return row.group(1)


def _switch_one_ballot(vote: Vote) -> Deputy:
    """An ingest that turns one deputy's For into Against (with the printed tallies)."""
    ballot = vote.ballots.filter(choice=Ballot.Choice.FOR).select_related("deputy").first()
    rows = [
        services.BallotData(
            b.deputy_id,
            Ballot.Choice.AGAINST if b.pk == ballot.pk else b.choice,
            b.faction_id,
        )
        for b in vote.ballots.all()
    ]
    data = services.VoteData(**{name: getattr(vote, name) for name in services._VOTE_FIELDS})
    data = dataclasses.replace(
        data, for_count=vote.for_count - 1, against_count=vote.against_count + 1
    )
    _, outcome = services.vote_upsert(data=data, ballots=rows)
    assert outcome == "update"
    return ballot.deputy


def test_vote_page_shows_a_changed_ballot_right_after_the_ingest(client, sample):
    first = _text(client.get(f"/votes/{sample.pk}/"))
    deputy = _switch_one_ballot(sample)
    assert "choice-for" in _ballot_cell(first, deputy)

    again = _text(client.get(f"/votes/{sample.pk}/"))

    assert "choice-against" in _ballot_cell(again, deputy)
    tallies = client.get(f"/votes/{sample.pk}/").context["tallies"]
    assert sum(t.for_count for t in tallies) == 20
    assert sum(t.against_count for t in tallies) == 45


def test_vote_page_shows_a_renamed_deputy(client, sample):
    _text(client.get(f"/votes/{sample.pk}/"))
    deputy = sample.ballots.select_related("deputy").first().deputy
    services.deputy_upsert(
        term=sample.term,
        first_name="Pārdēvētais",
        last_name=deputy.last_name,
        external_id=deputy.external_id,
    )

    assert "Pārdēvētais" in _text(client.get(f"/votes/{sample.pk}/"))


def test_vote_page_shows_a_faction_recoloured(client, sample):
    _text(client.get(f"/votes/{sample.pk}/"))
    faction = sample.ballots.exclude(faction=None).select_related("faction").first().faction
    services.faction_upsert(term=sample.term, short_name=faction.short_name, colour="#123456")

    assert "background:#123456" in _text(client.get(f"/votes/{sample.pk}/"))


def test_vote_list_shows_a_changed_motive(client, sample):
    assert "Grozījumi Saeimas vēlēšanu likumā" in _text(client.get("/votes/"))
    data = services.VoteData(**{name: getattr(sample, name) for name in services._VOTE_FIELDS})
    services.vote_upsert(data=dataclasses.replace(data, motive="Jauns motīvs pēc ingest"))

    assert "Jauns motīvs pēc ingest" in _text(client.get("/votes/"))


def test_deputy_page_shows_a_changed_ballot(client, sample):
    ballot = sample.ballots.filter(choice=Ballot.Choice.FOR).select_related("deputy").first()
    before = _text(client.get(f"/deputies/{ballot.deputy_id}/"))
    assert f'href="/votes/{sample.pk}/"' in before
    _switch_one_ballot(sample)

    after = client.get(f"/deputies/{ballot.deputy_id}/")
    row = re.search(rf'href="/votes/{sample.pk}/">.*?</tr>', _text(after), re.S)

    assert "choice-against" in row.group(0)


@pytest.mark.translations
def test_cached_tables_are_kept_per_language(client, sample):
    latvian = _text(client.get(f"/votes/{sample.pk}/"))
    english = _text(client.get(f"/en/votes/{sample.pk}/"))
    russian = _text(client.get(f"/ru/votes/{sample.pk}/"))

    assert 'href="/deputies/' in latvian
    assert 'href="/en/deputies/' in english
    assert 'href="/ru/deputies/' in russian
    assert "Every deputy's ballot" in english
    assert "Every deputy's ballot" not in latvian
    # and back: the Latvian page is not served the English fragment
    assert "Every deputy's ballot" not in _text(client.get(f"/votes/{sample.pk}/"))


def test_pages_render_while_the_cache_server_is_down(client, sample, settings):
    settings.CACHES = {  # Django's test signals rebuild the cache handlers on this change
        "default": {
            "BACKEND": "parvaipret.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    deputy = Deputy.objects.first()

    for path in (f"/votes/{sample.pk}/", "/votes/", f"/deputies/{deputy.pk}/"):
        assert client.get(path).status_code == 200
