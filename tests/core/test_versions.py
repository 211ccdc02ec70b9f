"""Data versions (``parvaipret.core.versions``): one query for many tables' stamps, and each
version read once per GET request, afresh in anything that writes."""

from django.http import HttpResponse
from django.test import RequestFactory

import pytest

from parvaipret.core.middleware import VersionMemoMiddleware
from parvaipret.core.versions import table_stamps, versions_read_once
from parvaipret.parliament.models import Deputy
from parvaipret.parliament.selectors import names_version
from tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db


def test_table_stamps_reads_every_aggregate_in_one_query(django_assert_num_queries):
    DeputyFactory.create_batch(3)
    with django_assert_num_queries(1):
        count, newest = table_stamps([("COUNT(*)", Deputy), ("MAX(id)", Deputy)])
    assert count == "3"
    assert newest == str(Deputy.objects.order_by("-id").first().pk)


def test_a_version_is_read_once_inside_the_block_and_afresh_outside(django_assert_num_queries):
    deputy = DeputyFactory(last_name="Bērziņa")
    with (
        versions_read_once(),
        django_assert_num_queries(2),
    ):  # the deputies' stamps and the factions
        first = names_version()
        assert names_version() == first
    deputy.last_name = "Ozoliņa"
    deputy.save()
    assert names_version() != first


@pytest.mark.parametrize(("method", "queries"), [("get", 2), ("head", 2), ("post", 4)])
def test_the_middleware_shares_versions_in_reads_only(method, queries, django_assert_num_queries):
    def view(request):
        assert names_version() == names_version()
        return HttpResponse()

    request = getattr(RequestFactory(), method)("/")
    with django_assert_num_queries(queries):
        VersionMemoMiddleware(view)(request)


def test_a_process_memo_forgets_the_least_recently_used_beyond_its_size():
    from parvaipret.core.cache import ProcessMemo

    memo: ProcessMemo[str] = ProcessMemo(2)
    memo.put("v1", "one")
    memo.put("v2", "two")
    assert memo.get("v1") == "one"  # v1 is now the most recently used
    memo.put("v3", "three")

    assert memo.get("v2") is None
    assert (memo.get("v1"), memo.get("v3")) == ("one", "three")
    ProcessMemo.clear_every()
    assert memo.get("v1") is None
