"""CSRF on every form: a POST without the token is refused with 403 on every page URL.

The URL list is walked from the project's resolver (not written by hand), so a form added later
is covered too. The API is the exception by design: DRF checks CSRF only for a session-signed-in
user (a token-header client sends no cookie to forge), which is tested separately below.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation

import pytest

from parvaipret.participation.models import Answer
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("api/", "admin/")
# A value for each converter; the view need not find the object: CSRF is checked before it runs.
SAMPLE_VALUES = {"int": "1", "str": "bill", "slug": "sample", "uuid": str(uuid.uuid4())}
# Deliberately exempt views, each with its reason; any other exemption fails the test.
CSRF_EXEMPT = {
    "legislation:follow_unsubscribe": "RFC 8058 one-click unsubscribe from a mail client; the "
    "secret token in the URL is the proof, and GET only shows a button",
}
_CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _route(pattern) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return ""  # Latvian, the default language, has no prefix
    if isinstance(pattern, RoutePattern):
        return str(pattern._route)
    raise TypeError(f"regex URL pattern {pattern!r}: add a sample path for it")


def _resolve(url: str):
    """Resolve in the default language (an earlier test may have left another one active)."""
    with translation.override(settings.LANGUAGE_CODE):
        return resolve(url)


def page_urls(patterns=None, prefix: str = "") -> list[str]:
    """Every concrete path of the project's URL patterns, converters filled with samples."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    found = []
    for entry in patterns:
        route = prefix + _route(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            found.extend(page_urls(entry.url_patterns, route))
        elif isinstance(entry, URLPattern):
            path = _CONVERTER.sub(lambda m: SAMPLE_VALUES[m.group("converter") or "str"], route)
            found.append("/" + path)
    return found


def test_page_urls_cover_the_citizens_forms():
    urls = page_urls()

    assert "/questions/" in urls
    assert "/accounts/signup/" in urls
    assert "/follow/bill/1/" in urls
    assert "/dialogue/deputies/1/follow/" in urls
    assert "/deputy-office/respond/bill/1/" in urls
    assert not [u for u in urls if u.startswith(("/api/", "/admin/"))]


def test_only_the_listed_views_are_csrf_exempt():
    exempt = {
        _resolve(url).view_name
        for url in page_urls()
        if getattr(_resolve(url).func, "csrf_exempt", False)
    }

    assert exempt == set(CSRF_EXEMPT)


@pytest.mark.parametrize("url", page_urls())
def test_post_without_csrf_token_is_refused_on_every_page(url):
    if _resolve(url).view_name in CSRF_EXEMPT:
        pytest.skip(CSRF_EXEMPT[_resolve(url).view_name])
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())

    posted = client.post(url, {"email": "someone@example.org", "text": "x"})

    assert posted.status_code == 403, f"{url} accepted a POST without a CSRF token"


def test_post_with_csrf_token_is_accepted_by_the_questionnaire():
    question = QuestionFactory()
    client = Client(enforce_csrf_checks=True)
    client.get("/questions/")
    token = client.cookies["csrftoken"].value

    posted = client.post(
        "/questions/",
        {
            f"q{question.pk}-choice": "for",
            f"q{question.pk}-importance": "2",
            "csrfmiddlewaretoken": token,
        },
    )

    assert posted.status_code in (200, 302, 400)
    assert posted.status_code != 403


def test_api_write_with_a_session_needs_the_csrf_token():
    question = QuestionFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    body = {"answers": [{"question": question.pk, "choice": "for", "importance": 2}]}

    refused = client.post("/api/v1/answers/", body, content_type="application/json")
    client.get("/questions/")
    accepted = client.post(
        "/api/v1/answers/",
        body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert accepted.status_code == 201
    assert Answer.objects.count() == 1


def test_api_write_without_a_session_needs_no_csrf_token():
    """A header-token client carries no ambient credential a third-party page could use."""
    question = QuestionFactory()
    client = Client(enforce_csrf_checks=True)
    body = {"answers": [{"question": question.pk, "choice": "for", "importance": 2}]}

    created = client.post("/api/v1/answers/", body, content_type="application/json")

    assert created.status_code == 201
