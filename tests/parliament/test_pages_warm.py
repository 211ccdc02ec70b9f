"""Pages rendered ahead after an ingest (``parliament.pages_warm``, ``core.pages``): the newest
roll calls' and the current deputies' pages, in every language, so the first visitor gets the
cached fragments."""

from __future__ import annotations

import datetime as dt

import pytest

from parvaipret.core.pages import localized_paths, pages_render
from parvaipret.ingest.dump import BUNDLED_SAMPLE, dump_import
from parvaipret.parliament.models import Deputy, Membership, Vote
from parvaipret.parliament.selectors import deputy_ids_current, vote_ids_newest
from parvaipret.parliament.tasks import pages_warm
from tests.factories import DeputyFactory, MembershipFactory, TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(db):
    dump_import(path=BUNDLED_SAMPLE)


def test_every_page_is_rendered_in_every_language():
    assert localized_paths("parliament:vote_detail", [(7,), (9,)]) == [
        "/votes/7/",
        "/votes/9/",
        "/en/votes/7/",
        "/en/votes/9/",
        "/ru/votes/7/",
        "/ru/votes/9/",
    ]


def test_a_warmed_vote_page_is_served_from_the_cache(sample, client, django_assert_max_num_queries):
    vote = Vote.objects.order_by("-timestamp").first()

    report = pages_render(localized_paths("parliament:vote_detail", [(vote.pk,)]), force=True)

    assert (report.rendered, report.failed) == (3, 0)
    with django_assert_max_num_queries(7):  # the warm count of test_views: versions, no rows
        response = client.get(f"/en/votes/{vote.pk}/")
    assert response.status_code == 200


def test_a_page_that_fails_is_counted_and_the_others_are_still_rendered(sample):
    vote = Vote.objects.first()

    report = pages_render(["/votes/999999999/", f"/votes/{vote.pk}/"], force=True)

    assert (report.rendered, report.failed) == (1, 1)


def test_nothing_is_rendered_when_the_cache_is_the_workers_own():
    report = pages_render(["/votes/"])

    assert report.skipped
    assert report.rendered == 0


def test_the_task_warms_the_newest_votes_and_the_current_deputies(sample, monkeypatch):
    rendered: list[str] = []

    def record(paths, **kwargs):
        from parvaipret.core.pages import WarmReport

        rendered.extend(paths)
        return WarmReport(rendered=len(rendered), failed=0)

    monkeypatch.setattr("parvaipret.core.pages.pages_render", record)

    result = pages_warm(newest_votes=5)

    assert result["rendered"] == len(rendered)
    newest = vote_ids_newest(limit=5)
    assert len(newest) == 5
    assert all(f"/ru/votes/{pk}/" in rendered for pk in newest)
    deputies = deputy_ids_current()
    assert len(deputies) == Deputy.objects.filter(memberships__isnull=False).distinct().count()
    assert all(f"/deputies/{pk}/" in rendered for pk in deputies)
    assert {"/", "/en/", "/ru/", "/votes/", "/en/votes/", "/ru/votes/"} <= set(rendered)


def test_current_deputies_are_those_of_the_newest_term():
    old, new = TermFactory(number=13), TermFactory(number=14)
    left, stayed, arrived = DeputyFactory(), DeputyFactory(), DeputyFactory()
    before, after = (
        {"start": dt.date(2018, 11, 6), "end": dt.date(2022, 10, 31)},
        {
            "start": dt.date(2022, 11, 1),
            "end": None,
        },
    )
    MembershipFactory(term=old, deputy=left, **before)
    MembershipFactory(term=old, deputy=stayed, **before)
    MembershipFactory(term=new, deputy=stayed, **after)
    MembershipFactory(term=new, deputy=arrived, **after)

    assert deputy_ids_current() == sorted([stayed.pk, arrived.pk])
    assert Membership.objects.count() == 4
