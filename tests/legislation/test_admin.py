"""Editors see suggested decisions on an initiative's admin page and confirm one."""

from __future__ import annotations

from django.urls import reverse

import pytest

from parvaipret.ingest.bills_sample import legislation_sample_load
from parvaipret.legislation.models import Bill, Event, Initiative, InitiativeBill
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(username="editor", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def manabalss_initiative(sitting_2026_04_16):
    legislation_sample_load()
    return InitiativeFactory(title="PAR ATKLĀTU ALGU VALSTS PĀRVALDĒ", signatures=8055)


def test_initiative_change_page_lists_the_suggested_decision(client, editor, manabalss_initiative):
    url = reverse("admin:legislation_initiative_change", args=[manabalss_initiative.pk])

    page = client.get(url).content.decode()

    assert "928/Lm14" in page
    assert "0.96" in page
    assert (
        reverse("admin:legislation_initiative_confirm_decision", args=[manabalss_initiative.pk])
        in page
    )


def test_confirming_a_suggestion_links_the_decision_with_the_editor(
    client, editor, manabalss_initiative
):
    decision = Bill.objects.get(number="928/Lm14")

    response = client.post(
        reverse("admin:legislation_initiative_confirm_decision", args=[manabalss_initiative.pk]),
        {"bill": decision.pk},
    )

    assert response.status_code == 302
    link = InitiativeBill.objects.get(initiative=manabalss_initiative)
    assert (link.bill, link.kind, link.confirmed_by) == (decision, "decision", editor)
    assert link.confirmed_at is not None
    assert Event.objects.filter(kind="decision", initiative=manabalss_initiative).count() == 1


def test_confirm_best_decision_action(client, editor, manabalss_initiative):
    client.post(
        reverse("admin:legislation_initiative_changelist"),
        {"action": "confirm_best_decision", "_selected_action": [manabalss_initiative.pk]},
    )

    link = InitiativeBill.objects.get(initiative=manabalss_initiative)
    assert (link.bill.number, link.confirmed_by) == ("928/Lm14", editor)


def test_confirm_view_refuses_get(client, editor, manabalss_initiative):
    url = reverse("admin:legislation_initiative_confirm_decision", args=[manabalss_initiative.pk])
    assert client.get(url).status_code == 405


def test_an_editors_status_change_is_an_event(client, editor, sitting_2026_04_16):
    legislation_sample_load()
    initiative = Initiative.objects.get(external_id="928/Lm14")
    url = reverse("admin:legislation_initiative_change", args=[initiative.pk])
    data = {
        "source": "saeima",
        "external_id": "928/Lm14",
        "title": initiative.title,
        "signatures": "10177",
        "status": "forwarded",
        "bill_links-TOTAL_FORMS": "1",
        "bill_links-INITIAL_FORMS": "1",
        "bill_links-MIN_NUM_FORMS": "0",
        "bill_links-MAX_NUM_FORMS": "1000",
        "bill_links-0-id": str(initiative.bill_links.get().pk),
        "bill_links-0-initiative": str(initiative.pk),
        "bill_links-0-bill": str(initiative.bill_links.get().bill_id),
        "bill_links-0-kind": "decision",
        "bill_links-0-note": "",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(kind="status", initiative=initiative)
    assert event.summary.endswith("not given → forwarded by the Saeima")
