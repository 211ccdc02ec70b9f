from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

import pytest

from parvaipret.dialogue.models import (
    DeputyFollow,
    DigestSubscription,
    ResponseReaction,
    ResponseReport,
)
from tests.factories import DeputyAccountFactory, DeputyFactory, ResponseFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_reaction_one_per_user_and_response():
    response, user = ResponseFactory(), UserFactory()
    ResponseReaction.objects.create(response=response, user=user, helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResponseReaction.objects.create(response=response, user=user, helpful=False)


def test_report_one_per_user_and_response():
    response, user = ResponseFactory(), UserFactory()
    ResponseReport.objects.create(response=response, user=user, reason="spam")
    with pytest.raises(IntegrityError), transaction.atomic():
        ResponseReport.objects.create(response=response, user=user, reason="abusive")


def test_report_reason_must_be_a_known_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        ResponseReport.objects.create(response=ResponseFactory(), user=UserFactory(), reason="x")


def test_follow_one_per_user_and_deputy():
    user, deputy = UserFactory(), DeputyFactory()
    DeputyFollow.objects.create(user=user, deputy=deputy)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeputyFollow.objects.create(user=user, deputy=deputy)


def test_digest_subscription_one_per_account():
    account = DeputyAccountFactory()
    DigestSubscription.objects.create(account=account)
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestSubscription.objects.create(account=account)


def test_moderators_group_holds_the_moderation_permission():
    group = Group.objects.get(name="Moderators")
    assert list(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("dialogue", "moderate_response")
    ]
    user = UserFactory()
    user.groups.add(group)
    assert user.has_perm("dialogue.moderate_response")
