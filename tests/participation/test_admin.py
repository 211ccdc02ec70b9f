import pytest

from parvaipret.participation.models import Question, QuestionVote
from parvaipret.participation.services import PUBLISH_WITHOUT_VOTE_MESSAGE
from tests.factories import QuestionFactory, QuestionVoteFactory, VoteFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/participation/question/"


def _action(client, action, questions):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [q.pk for q in questions]},
        follow=True,
    )


def test_admin_publish_action_publishes_through_the_service(admin_client, admin_user):
    ready = QuestionVoteFactory(question__published_at=None).question
    unlinked = QuestionFactory(published_at=None)
    response = _action(admin_client, "publish", [ready, unlinked])
    ready.refresh_from_db()
    unlinked.refresh_from_db()
    assert ready.published_at is not None
    assert ready.published_by == admin_user
    assert unlinked.published_at is None
    messages = [str(m) for m in response.context["messages"]]
    assert PUBLISH_WITHOUT_VOTE_MESSAGE.format(question=unlinked.pk) in messages
    assert "1 question published." in messages


def test_admin_unpublish_action_withdraws(admin_client):
    question = QuestionVoteFactory().question
    _action(admin_client, "unpublish", [question])
    question.refresh_from_db()
    assert question.published_at is None


def test_admin_add_form_is_prefilled_from_a_vote(admin_client):
    vote = VoteFactory(motive="Grozījumi Ieroču aprites likumā (1307/Lp14), nodošana komisijām")
    response = admin_client.get(f"{CHANGELIST}add/?vote={vote.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["adminform"].form.initial["explanation"] == vote.motive
    assert f'name="question_votes-0-vote" value="{vote.pk}"' in html


def test_admin_add_form_saves_the_prefilled_vote(admin_client):
    vote = VoteFactory()
    data = {
        "text": "Vai Saeimai būtu jānodod komisijām šis likumprojekts?",
        "explanation": vote.motive,
        "question_votes-TOTAL_FORMS": "1",
        "question_votes-INITIAL_FORMS": "0",
        "question_votes-MIN_NUM_FORMS": "0",
        "question_votes-MAX_NUM_FORMS": "1000",
        "question_votes-0-vote": str(vote.pk),
        "question_votes-0-polarity": "1",
    }
    response = admin_client.post(f"{CHANGELIST}add/?vote={vote.pk}", data)
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.published_at is None  # publishing is a separate, deliberate step
    assert list(QuestionVote.objects.values_list("question_id", "vote_id", "polarity")) == [
        (question.pk, vote.pk, 1)
    ]
