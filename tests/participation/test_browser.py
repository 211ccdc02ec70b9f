"""A citizen in headless Chromium: answers the real sample questions and sees who votes alike.

Loads the real bundled sitting of 16 April 2026 (`import_dump`) and the sample questions, then
drives the questionnaire like a person. Writes
test-artifacts/screenshots/questionnaire-results.png.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

from django.core.management import call_command

import pytest

import parvaipret
from parvaipret.participation.models import Answer, Question, Respondent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "test-artifacts" / "screenshots" / "questionnaire-results.png"
DUMP = Path(parvaipret.__file__).parent / "ingest" / "fixtures" / "saeima14-2026-04-16"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: (choice, importance) for the first six sample questions, in the order the page lists them.
ANSWERS = [
    ("against", "3"),
    ("against", "2"),
    ("abstain", "2"),
    ("for", "1"),
    ("for", "3"),
    ("against", "2"),
]


@pytest.fixture
def page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which Django's async-safety check
    # mistakes for async code around the test's own database work.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.errors = []
            page.on("pageerror", lambda error: page.errors.append(str(error)))
            yield page
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def sample(transactional_db) -> list[Question]:
    call_command("import_dump", str(DUMP), stdout=io.StringIO())
    call_command("load_sample_questions", stdout=io.StringIO())
    return list(Question.objects.filter(published_at__isnull=False))


def test_citizen_answers_six_real_questions_and_sees_the_ranking(page, live_server, sample):
    page.goto(f"{live_server.url}/questions/")
    fieldsets = page.locator("fieldset.question")
    assert fieldsets.count() == 8
    assert "Redakcijas vienkāršots" in fieldsets.first.inner_text()

    answered = []
    for number, (choice, importance) in enumerate(ANSWERS):
        fieldset = fieldsets.nth(number)
        question_id = int(fieldset.get_attribute("id").removeprefix("question-"))
        fieldset.locator(f"label.choice-{choice}").click()
        fieldset.locator("select").select_option(importance)
        answered.append((question_id, choice, int(importance)))
    page.get_by_role("button", name="Save and see my results").click()

    page.wait_for_url(re.compile(r"/results/$"))
    respondent = Respondent.objects.get()
    assert sorted(respondent.answers.values_list("question_id", "choice", "importance")) == sorted(
        answered
    )

    factions = page.locator("ol.ranking-faction > li")
    assert factions.count() == 6
    first = factions.first.locator(".score-main").inner_text()
    assert re.fullmatch(r"\d+%", first)
    scores = [int(s.rstrip("%")) for s in factions.locator(".score-main").all_inner_texts()]
    assert scores == sorted(scores, reverse=True)
    assert factions.first.get_attribute("data-overlap") == "6"

    factions.first.locator("summary").first.click()
    breakdown = factions.first.locator("table.breakdown tbody tr")
    assert breakdown.count() == 6

    page.wait_for_selector("#factions-chart .main-svg", timeout=20_000)
    page.wait_for_selector("#map-chart .main-svg", timeout=20_000)
    assert page.locator("#map-chart .scatterlayer .point").count() > 90  # deputies and you
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert page.errors == []

    # The private link brings the same results back in a fresh browser (no cookie).
    restore = page.locator("a.restore-link").first.get_attribute("href")
    assert restore.endswith(f"/r/{respondent.token}/")
    elsewhere = page.context.browser.new_context().new_page()
    elsewhere.goto(restore)
    elsewhere.wait_for_url(re.compile(r"/results/$"))
    again = elsewhere.locator("ol.ranking-faction > li .score-main").all_inner_texts()
    assert [int(s.rstrip("%")) for s in again] == scores
    assert Answer.objects.filter(respondent=respondent).count() == 6
