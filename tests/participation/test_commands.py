"""`load_sample_questions` on the real bundled votes of 16 April 2026."""

import csv
import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

import parvaipret
from parvaipret.participation.management.commands.load_sample_questions import (
    EDITORS_NOTE,
    REFERRAL_NOTE,
    SAMPLE_QUESTIONS,
)
from parvaipret.participation.models import Question
from tests.factories import VoteFactory

pytestmark = pytest.mark.django_db
RIGA = ZoneInfo("Europe/Riga")  # votes.csv gives local time without a zone
DUMP = Path(parvaipret.__file__).parent / "ingest" / "fixtures" / "saeima14-2026-04-16"


def _real_votes() -> dict[str, dict[str, str]]:
    with (DUMP / "votes.csv").open(encoding="utf-8") as handle:
        return {row["vote_id"]: row for row in csv.DictReader(handle)}


def _run() -> str:
    out = io.StringIO()
    call_command("load_sample_questions", stdout=out)
    return out.getvalue()


def test_sample_questions_stand_for_real_bundled_votes():
    real = _real_votes()
    assert len(SAMPLE_QUESTIONS) == 8
    for sample in SAMPLE_QUESTIONS:
        motive = real[sample.vote_external_id]["motive"]
        number = motive[motive.rindex("(") + 1 : motive.rindex(")")]
        assert f"({number})" in sample.lv, (sample.lv, motive)
        assert f"({number})" in sample.en
        assert f"({number})" in sample.ru


def test_load_sample_questions_fails_clearly_without_the_votes():
    with pytest.raises(CommandError) as error:
        _run()
    assert "8 of the 8 sample votes are not loaded" in str(error.value)
    assert "import_dump" in str(error.value)
    assert not Question.objects.exists()


def test_load_sample_questions_publishes_once_and_is_idempotent():
    real = _real_votes()
    for sample in SAMPLE_QUESTIONS:
        row = real[sample.vote_external_id]
        VoteFactory(
            external_id=row["vote_id"],
            motive=row["motive"],
            timestamp=dt.datetime.fromisoformat(row["timestamp"]).replace(tzinfo=RIGA),
        )
    assert "8 inserted, 0 updated, 0 unchanged; 8 newly published" in _run()
    assert "0 inserted, 0 updated, 8 unchanged; 0 newly published" in _run()

    questions = Question.objects.filter(published_at__isnull=False)
    assert questions.count() == 8
    for question in questions:
        vote = question.votes.get()
        assert question.text.endswith(EDITORS_NOTE["lv"])
        assert question.text_en.endswith(EDITORS_NOTE["en"])
        assert question.text_ru.endswith(EDITORS_NOTE["ru"])
        if real[vote.external_id]["motive"].endswith("nodošana komisijām"):
            assert question.explanation == REFERRAL_NOTE[0]
    assert questions.exclude(explanation="").count() == 7  # all but the inquiry (124/P14)


@pytest.mark.slow
def test_load_sample_questions_after_import_dump_gives_ranked_results(db):
    from parvaipret.participation.models import Answer, Respondent
    from parvaipret.participation.selectors import respondent_results

    call_command("import_dump", str(DUMP), stdout=io.StringIO())
    _run()
    respondent = Respondent.objects.create()
    for question in Question.objects.all():
        Answer.objects.create(respondent=respondent, question=question, choice="against")
    results = respondent_results(respondent=respondent)
    assert (results.answered, results.scored) == (8, 8)
    assert {f.label for f in results.factions} == {"AS", "JV", "LPV", "NA", "PRO", "ZZS"}
    assert all(f.stated is not None for f in results.factions)
    assert len(results.deputies) > 90
