"""parvaipret.core.ratelimit (lives here with its first user, the dialogue app)."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

import pytest
from rest_framework.response import Response as ApiResponse
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from parvaipret.core.ratelimit import (
    Rate,
    RateLimitResult,
    rate_limit_hit,
    rate_limited_message,
    ratelimit,
    request_identity,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("rate_window_frozen")


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("5/m", Rate(5, 60)),
        ("100/h", Rate(100, 3600)),
        ("3/15m", Rate(3, 900)),
        ("1/d", Rate(1, 86400)),
    ],
)
def test_rate_parse(text, rate):
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["5", "5/w", "0/m", "five/m", "5/0m"])
def test_rate_parse_rejects_nonsense(text):
    with pytest.raises(ValueError):
        Rate.parse(text)


def test_rate_limit_hit_allows_n_actions_per_window_and_per_identity():
    hits = [rate_limit_hit(scope="t", identity="ip:1.2.3.4", rate="3/h") for _ in range(4)]
    assert [h.allowed for h in hits] == [True, True, True, False]
    assert [h.count for h in hits] == [1, 2, 3, 4]
    assert 0 < hits[-1].retry_after <= 3600
    assert rate_limit_hit(scope="t", identity="ip:5.6.7.8", rate="3/h").allowed
    assert rate_limit_hit(scope="other", identity="ip:1.2.3.4", rate="3/h").allowed


@ratelimit(scope="test-view", rate="2/h")
def _view(request):
    return HttpResponse("ok")


def _post(path="/x/", ip="10.0.0.1", user=None, headers=None):
    request = RequestFactory().post(path, REMOTE_ADDR=ip, headers=headers or {})
    request.user = user or AnonymousUser()
    return request


def test_ratelimit_decorator_returns_429_with_a_clear_message():
    assert [_view(_post()).status_code for _ in range(2)] == [200, 200]
    limited = _view(_post())
    assert limited.status_code == 429
    assert "Too many requests: please wait about " in limited.content.decode()
    assert 0 < int(limited["Retry-After"]) <= 3600
    as_json = _view(_post(headers={"Accept": "application/json"}))
    assert as_json.status_code == 429
    assert as_json["Content-Type"] == "application/json"


def test_ratelimit_counts_signed_in_users_apart_from_their_ip(db):
    alice, bob = UserFactory(), UserFactory()
    for _ in range(2):
        _view(_post(user=alice))
    assert _view(_post(user=alice)).status_code == 429
    assert _view(_post(user=bob)).status_code == 200  # same IP, another user
    assert _view(_post(ip="10.0.0.2")).status_code == 200


def test_ratelimit_ignores_uncounted_methods():
    for _ in range(5):
        request = RequestFactory().get("/x/", REMOTE_ADDR="10.0.0.9")
        request.user = AnonymousUser()
        assert _view(request).status_code == 200


def test_ratelimit_never_trusts_x_forwarded_for():
    request = _post(ip="10.0.0.1", headers={"X-Forwarded-For": "203.0.113.7"})
    assert request_identity(request, "user_or_ip") == "ip:10.0.0.1"
    assert request_identity(request, lambda r: "custom-key") == "custom:custom-key"


class _PingApi(APIView):
    @ratelimit(scope="test-api", rate="1/h")
    def post(self, request):
        return ApiResponse({"ok": True})


def test_ratelimit_on_a_drf_view_answers_json(db):
    user = UserFactory()
    view = _PingApi.as_view()

    def call():
        request = APIRequestFactory().post("/api/ping/", {}, format="json")
        force_authenticate(request, user=user)
        return view(request)

    assert call().status_code == 200
    limited = call()
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/json"
    assert b"Too many requests" in limited.content


def test_ratelimit_rejects_a_bad_rate_when_decorating():
    with pytest.raises(ValueError):
        ratelimit(scope="x", rate="lots")


@pytest.mark.parametrize(
    ("seconds", "message"),
    [
        (30, "Too many requests: please wait about 1 minute and try again."),
        (150, "Too many requests: please wait about 2 minutes and try again."),
        (3500, "Too many requests: please wait about 58 minutes and try again."),
    ],
)
def test_rate_limited_message_says_how_long_to_wait(seconds, message):
    result = RateLimitResult(allowed=False, count=4, limit=3, retry_after=seconds)
    assert rate_limited_message(result) == message
