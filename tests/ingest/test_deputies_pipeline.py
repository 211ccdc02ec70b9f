"""deputies_sync on the real 2026 DepWeb deputies view, and observations over time."""

from __future__ import annotations

import datetime as dt

import pytest

from parvaipret.ingest.dump import BUNDLED_SAMPLE, dump_import
from parvaipret.ingest.pipelines import deputies_sync
from parvaipret.parliament.models import Deputy, Faction, Membership
from scrapers.saeima.urls import deputies_url
from tests.ingest.conftest import DEPWEB_LIST, SavedPages

pytestmark = pytest.mark.django_db

URL = deputies_url(14)
VERGINA = (
    'drawDep({sname:"Vergina",name:"Ilze",shortStr:"",'
    'lst:"Pie frakcijām nepiederošie deputāti",unid:"3A360C6FE067EA26C22588E0002AE0B5"})'
)


def _fetch_on(day: dt.date, content: bytes | None = None) -> SavedPages:
    moment = dt.datetime(day.year, day.month, day.day, 5, 0, tzinfo=dt.UTC)
    return SavedPages({URL: content or DEPWEB_LIST.read_bytes()}, fetched_at=moment)


def test_deputies_sync_stores_the_100_deputies_with_their_unids_and_factions():
    run = deputies_sync(fetcher=_fetch_on(dt.date(2026, 5, 4)))

    assert (run.status, run.failed) == ("ok", 0)
    assert Deputy.objects.count() == 100
    igors = Deputy.objects.get(first_name="Igors", last_name="Judins")
    assert igors.external_id == "21A69EE21BA55AF2C22588E0002AE1E3"
    assert igors.source_url == URL
    counts = {
        code: Membership.objects.filter(faction__short_name=code).count()
        for code in Faction.objects.values_list("short_name", flat=True)
    }
    assert counts == {"JV": 24, "ZZS": 16, "NA": 12, "AS": 12, "PRO": 9, "LPV": 8}
    assert Membership.objects.filter(faction__isnull=True).count() == 19


def test_deputies_sync_first_observation_invents_no_dates():
    deputies_sync(fetcher=_fetch_on(dt.date(2026, 5, 4)))

    assert not Membership.objects.filter(start__isnull=False).exists()
    assert not Membership.objects.filter(end__isnull=False).exists()


def test_deputies_sync_again_changes_nothing():
    deputies_sync(fetcher=_fetch_on(dt.date(2026, 5, 4)))
    again = deputies_sync(fetcher=_fetch_on(dt.date(2026, 5, 5)))

    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1 + 6 + 100 + 100)


def test_deputies_sync_closes_the_old_membership_the_day_before_a_change_is_seen():
    deputies_sync(fetcher=_fetch_on(dt.date(2026, 5, 4)))
    page = DEPWEB_LIST.read_bytes().decode("utf-8")
    assert VERGINA in page
    # Test input: the real page with one deputy's faction changed (unaffiliated → JV).
    changed = page.replace(
        VERGINA,
        VERGINA.replace('shortStr:""', 'shortStr:"JV"').replace(
            "Pie frakcijām nepiederošie deputāti", "Frakcija JAUNĀ VIENOTĪBA"
        ),
    )

    run = deputies_sync(fetcher=_fetch_on(dt.date(2026, 6, 1), changed.encode("utf-8")))

    assert run.updated == 1
    history = list(
        Membership.objects.filter(deputy__last_name="Vergina")
        .order_by("pk")
        .values_list("faction__short_name", "start", "end")
    )
    assert history == [(None, None, dt.date(2026, 5, 31)), ("JV", dt.date(2026, 6, 1), None)]


def test_deputies_sync_after_the_dump_adds_nothing_for_known_deputies():
    """The dump made the 116 deputies (100 with UNIDs); the DepWeb list finds them by UNID."""
    dump_import(path=BUNDLED_SAMPLE)
    deputies_sync(fetcher=_fetch_on(dt.date(2026, 5, 4)))

    assert Deputy.objects.count() == 116
    # Vergina was JV on the ballots of 16.04.2026 and is unaffiliated in the list fetched later
    history = list(
        Membership.objects.filter(deputy__last_name="Vergina")
        .order_by("pk")
        .values_list("faction__short_name", "start", "end")
    )
    assert history == [("JV", None, dt.date(2026, 5, 3)), (None, dt.date(2026, 5, 4), None)]
