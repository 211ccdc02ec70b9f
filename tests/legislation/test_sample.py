"""`load_sample_legislation`: the bundled real legislation, through the real pipelines."""

from __future__ import annotations

import io
import json

from django.core.management import call_command

import pytest

from parvaipret.core.management.commands.load_sample import STEPS
from parvaipret.ingest.bills_sample import LEGISLATION_FIXTURES, legislation_sample_load
from parvaipret.legislation.models import Bill, Event, Initiative, InitiativeBill
from parvaipret.parliament.models import Vote
from scrapers.initiatives_file import parse_initiatives_file
from scrapers.saeima.bills import parse_collective_submission_title
from tests.legislation.pages import LEGISLATION, URL_953_TEXT, VOTE_1292_REFERRAL

pytestmark = pytest.mark.django_db


def test_load_sample_runs_the_legislation_step_right_after_import_dump():
    commands = [command for command, _arguments, _what in STEPS]
    assert commands[commands.index("import_dump") + 1] == "load_sample_legislation"


def test_load_sample_legislation_loads_the_real_documents(sitting_2026_04_16):
    out = io.StringIO()
    call_command("load_sample_legislation", stdout=out)

    assert sorted(Bill.objects.values_list("number", "kind")) == [
        ("1292/Lp14", "bill"),
        ("928/Lm14", "decision"),
        ("936/Lm14", "decision"),
        ("953/Lm14", "decision"),
    ]
    referral = Bill.objects.get(number="1292/Lp14").stages.get(kind="referred")
    assert referral.vote.external_id == VOTE_1292_REFERRAL
    assert referral.vote.outcome_label == "Noraidīts"
    decision = Bill.objects.get(number="953/Lm14")
    assert (decision.decision_verb, decision.decision_verb_text, decision.decision_text_url) == (
        "",
        "piekrist",
        URL_953_TEXT,
    )
    assert decision.fetched_at is None  # a bundled copy: when it was fetched is not known
    assert len(decision.checksum) == 64
    assert Bill.objects.get(number="928/Lm14").title == (
        "Par 10 177 Latvijas pilsoņu kolektīvā iesnieguma “Par atklātu algu valsts pārvaldē” "
        "turpmāko virzību"
    )
    assert sorted(
        InitiativeBill.objects.values_list("initiative__external_id", "bill__number", "kind")
    ) == [("928/Lm14", "928/Lm14", "decision"), ("936/Lm14", "936/Lm14", "decision")]
    assert Vote.objects.exclude(outcome_label="").count() == 30
    assert "0 failed" in out.getvalue()


def test_load_sample_legislation_twice_changes_nothing(sitting_2026_04_16):
    legislation_sample_load()
    events = Event.objects.count()

    again = legislation_sample_load()

    assert [(r.inserted, r.updated, r.failed) for r in again.runs] == [(0, 0, 0)] * 3
    assert Event.objects.count() == events


def test_bundled_initiatives_hold_only_what_the_decision_titles_say():
    motives = json.loads(
        (LEGISLATION_FIXTURES / "collective_submission_decisions.json").read_text()
    )
    parsed = parse_initiatives_file(
        (LEGISLATION_FIXTURES / "initiatives.csv").read_bytes(), name="initiatives.csv"
    )

    assert parsed.errors == ()
    for record, entry in zip(parsed.records, motives["decisions"], strict=True):
        submission = parse_collective_submission_title(entry["motive"])
        assert (record.external_id, record.saeima_decision) == (entry["number"],) * 2
        assert (record.title_lv, record.signatures) == (
            submission.initiative_title,
            submission.signatures,
        )
        assert (record.published, record.author, record.status, record.url) == (None,) * 4


def test_bundled_pages_are_byte_identical_to_the_test_fixtures():
    for name in json.loads((LEGISLATION_FIXTURES / "pages.json").read_text())["pages"].values():
        assert (LEGISLATION_FIXTURES / name).read_bytes() == (LEGISLATION / name).read_bytes()


def test_bundled_initiatives_show_their_timelines(client, sitting_2026_04_16):
    legislation_sample_load()
    for external_id, title in [
        ("928/Lm14", "Par atklātu algu valsts pārvaldē"),
        ("936/Lm14", "Nodrošināt iespēju brīvprātīgi izņemt 2. pensiju līmeņa uzkrāto kapitālu"),
    ]:
        initiative = Initiative.objects.get(external_id=external_id)
        page = client.get(f"/initiatives/{initiative.pk}/").content.decode()
        assert title in page
        assert f">{external_id}</a>: Saeima decision" in page
