import datetime as dt

from django.utils import timezone

import pytest

from parvaipret.core.exceptions import ApplicationError
from parvaipret.participation import services
from parvaipret.participation.models import Answer, Question, QuestionVote, Respondent
from parvaipret.participation.services import AnswerInput
from tests.factories import (
    AnswerFactory,
    QuestionFactory,
    QuestionVoteFactory,
    RespondentFactory,
    UserFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


def _published_question() -> Question:
    return QuestionVoteFactory().question


def _age(answer: Answer, days: int) -> None:
    """Make an answer look `days` old (updated_at decides merge conflicts)."""
    Answer.objects.filter(pk=answer.pk).update(updated_at=timezone.now() - dt.timedelta(days=days))


def test_answer_submit_creates_the_answer():
    respondent = RespondentFactory()
    question = _published_question()
    answer = services.answer_submit(
        respondent=respondent, question=question, choice="for", importance=3
    )
    assert (answer.choice, answer.importance) == ("for", 3)
    assert Answer.objects.get(respondent=respondent, question=question).pk == answer.pk


def test_answer_submit_replaces_previous_answer():
    respondent = RespondentFactory()
    question = _published_question()
    first = services.answer_submit(
        respondent=respondent, question=question, choice="for", importance=2
    )
    second = services.answer_submit(
        respondent=respondent, question=question, choice="against", importance=1
    )
    assert second.pk == first.pk
    assert list(Answer.objects.values_list("choice", "importance")) == [("against", 1)]


def test_answer_submit_skip_deletes_the_answer():
    answer = AnswerFactory(question=_published_question())
    result = services.answer_submit(
        respondent=answer.respondent, question=answer.question, choice="skip"
    )
    assert result is None
    assert not Answer.objects.exists()


def test_answer_submit_unchanged_answer_keeps_its_date():
    answer = AnswerFactory(question=_published_question(), choice="for", importance=2)
    _age(answer, days=3)
    before = Answer.objects.get(pk=answer.pk).updated_at
    services.answer_submit(
        respondent=answer.respondent, question=answer.question, choice="for", importance=2
    )
    assert Answer.objects.get(pk=answer.pk).updated_at == before


def test_answer_submit_rejects_unpublished_question():
    question = QuestionVoteFactory(question__published_at=None).question
    with pytest.raises(ApplicationError) as error:
        services.answer_submit(
            respondent=RespondentFactory(), question=question, choice="for", importance=2
        )
    assert error.value.message == services.UNPUBLISHED_QUESTION_MESSAGE.format(question=question.pk)


@pytest.mark.parametrize("choice", ["maybe", "FOR", ""])
def test_answer_submit_rejects_invalid_choice(choice):
    with pytest.raises(ApplicationError) as error:
        services.answer_submit(
            respondent=RespondentFactory(),
            question=_published_question(),
            choice=choice,
            importance=2,
        )
    assert error.value.message == services.INVALID_CHOICE_MESSAGE.format(choice=choice)


@pytest.mark.parametrize("importance", [0, 4, -1, "2", True])
def test_answer_submit_rejects_importance_out_of_range(importance):
    with pytest.raises(ApplicationError) as error:
        services.answer_submit(
            respondent=RespondentFactory(),
            question=_published_question(),
            choice="for",
            importance=importance,
        )
    assert error.value.message == services.IMPORTANCE_RANGE_MESSAGE.format(importance=importance)
    assert not Answer.objects.exists()


def test_answers_submit_is_all_or_nothing():
    respondent = RespondentFactory()
    good = _published_question()
    with pytest.raises(ApplicationError) as error:
        services.answers_submit(
            respondent=respondent,
            answers=[AnswerInput(good.pk, "for", 2), AnswerInput(999_999, "for", 2)],
        )
    assert error.value.message == services.UNKNOWN_QUESTION_MESSAGE.format(question=999_999)
    assert error.value.extra == {"question": 999_999}
    assert not Answer.objects.exists()


def test_answers_submit_rejects_the_same_question_twice():
    question = _published_question()
    with pytest.raises(ApplicationError) as error:
        services.answers_submit(
            respondent=RespondentFactory(),
            answers=[AnswerInput(question.pk, "for", 2), AnswerInput(question.pk, "against", 2)],
        )
    assert error.value.message == services.DUPLICATE_QUESTION_MESSAGE.format(question=question.pk)


def test_answers_submit_saves_and_skips():
    respondent = RespondentFactory()
    kept, skipped = _published_question(), _published_question()
    AnswerFactory(respondent=respondent, question=skipped)
    saved = services.answers_submit(
        respondent=respondent,
        answers=[AnswerInput(kept.pk, "abstain", 3), AnswerInput(skipped.pk, "skip")],
    )
    assert [(a.question_id, a.choice, a.importance) for a in saved] == [(kept.pk, "abstain", 3)]
    assert list(respondent.answers.values_list("question_id", flat=True)) == [kept.pk]


def test_answers_submit_upserts_over_a_row_it_did_not_see():
    """The race: another request stores the same question between this one's read and its write.
    The write is an upsert on (respondent, question), so the row is updated, never doubled."""
    respondent = RespondentFactory()
    question = _published_question()
    AnswerFactory(respondent=respondent, question=question, choice="for", importance=1)
    saved = services._answers_write(
        respondent=respondent,
        items=[AnswerInput(question.pk, "against", 3)],
        existing={},  # read before the other request's row was there
    )
    assert list(Answer.objects.values_list("respondent", "question", "choice", "importance")) == [
        (respondent.pk, question.pk, "against", 3)
    ]
    assert saved[0].pk == Answer.objects.get().pk


def test_answers_submit_writes_skips_and_changes_in_one_go(django_assert_max_num_queries):
    """One DELETE for the skips, one upsert for every changed answer, nothing for an unchanged
    one: the number of statements does not grow with the number of answers."""
    respondent = RespondentFactory()
    questions = [_published_question() for _ in range(6)]
    AnswerFactory(respondent=respondent, question=questions[0], choice="for", importance=2)
    AnswerFactory(respondent=respondent, question=questions[1], choice="for", importance=2)
    items = [
        AnswerInput(questions[0].pk, "for", 2),  # unchanged
        AnswerInput(questions[1].pk, "skip"),
        *(AnswerInput(q.pk, "against", 3) for q in questions[2:]),
    ]
    # The questions, the stored answers, the DELETE, the upsert (+ a savepoint and its release:
    # the test runs in a transaction).
    with django_assert_max_num_queries(6):
        saved = services.answers_submit(respondent=respondent, answers=items)
    assert [a.question_id for a in saved] == [questions[0].pk, *(q.pk for q in questions[2:])]
    assert sorted(respondent.answers.values_list("question_id", "choice")) == [
        (questions[0].pk, "for"),
        *((q.pk, "against") for q in questions[2:]),
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_of_the_same_question_end_as_one_row(monkeypatch):
    """Two requests of one respondent answer the same question at the same moment: both read
    "no answer yet" before either writes (held at a barrier), both succeed, one row remains."""
    import threading

    from django.db import connection

    respondent = RespondentFactory()
    question = _published_question()
    barrier = threading.Barrier(2, timeout=10)
    write = services._answers_write

    def write_together(**kwargs):
        barrier.wait()
        return write(**kwargs)

    monkeypatch.setattr(services, "_answers_write", write_together)
    errors: list[BaseException] = []

    def submit(choice: str) -> None:
        try:
            services.respondent_answers_submit(
                token=respondent.token, user=None, answers=[AnswerInput(question.pk, choice, 2)]
            )
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(c,)) for c in ("for", "against")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Answer.objects.filter(respondent=respondent, question=question).count() == 1


def test_respondent_resolve_creates_an_anonymous_respondent_only_when_asked():
    assert services.respondent_resolve(token=None) is None
    created = services.respondent_resolve(token=None, create=True)
    assert created.user is None
    assert services.respondent_resolve(token=str(created.token)) == created


def test_respondent_resolve_ignores_bad_tokens_unless_strict():
    assert services.respondent_resolve(token="not-a-uuid") is None
    with pytest.raises(ApplicationError) as error:
        services.respondent_resolve(token="not-a-uuid", strict=True)
    assert error.value.message == services.MALFORMED_RESPONDENT_MESSAGE
    unknown = "00000000-0000-4000-8000-000000000000"
    assert services.respondent_resolve(token=unknown) is None
    with pytest.raises(ApplicationError) as error:
        services.respondent_resolve(token=unknown, strict=True)
    assert error.value.message == services.UNKNOWN_RESPONDENT_MESSAGE


def test_respondent_resolve_does_not_open_an_account_respondent_by_token():
    """A cookie left behind after signing out gives an anonymous visitor nothing."""
    owned = RespondentFactory(user=UserFactory())
    assert services.respondent_resolve(token=owned.token) is None
    fresh = services.respondent_resolve(token=owned.token, create=True)
    assert fresh.pk != owned.pk


def test_respondent_resolve_gives_the_account_its_anonymous_answers_on_sign_in():
    user = UserFactory()
    anonymous = RespondentFactory()
    answer = AnswerFactory(respondent=anonymous, question=_published_question())
    respondent = services.respondent_resolve(token=anonymous.token, user=user)
    assert respondent.pk == anonymous.pk
    assert respondent.user == user
    assert list(respondent.answers.all()) == [answer]


def test_respondent_merge_keeps_the_newer_answer_on_conflict():
    user = UserFactory()
    account = RespondentFactory(user=user)
    anonymous = RespondentFactory()
    both_newer_anonymous, both_newer_account, only_anonymous, only_account = (
        _published_question() for _ in range(4)
    )
    _age(AnswerFactory(respondent=account, question=both_newer_anonymous, choice="for"), 5)
    AnswerFactory(respondent=anonymous, question=both_newer_anonymous, choice="against")
    AnswerFactory(respondent=account, question=both_newer_account, choice="abstain")
    _age(AnswerFactory(respondent=anonymous, question=both_newer_account, choice="for"), 5)
    AnswerFactory(respondent=anonymous, question=only_anonymous, choice="against", importance=3)
    AnswerFactory(respondent=account, question=only_account, choice="for")

    merged = services.respondent_resolve(token=anonymous.token, user=user)

    assert merged.pk == account.pk
    assert not Respondent.objects.filter(pk=anonymous.pk).exists()
    assert dict(merged.answers.values_list("question_id", "choice")) == {
        both_newer_anonymous.pk: "against",
        both_newer_account.pk: "abstain",
        only_anonymous.pk: "against",
        only_account.pk: "for",
    }
    assert merged.answers.get(question=only_anonymous).importance == 3


def test_respondent_resolve_creates_the_account_respondent_when_asked():
    user = UserFactory()
    assert services.respondent_resolve(token=None, user=user) is None
    respondent = services.respondent_resolve(token=None, user=user, create=True)
    assert respondent.user == user
    assert services.respondent_resolve(token=None, user=user) == respondent


def test_question_publish_sets_date_and_editor_once():
    editor = UserFactory(is_staff=True)
    question = QuestionVoteFactory(question__published_at=None).question
    services.question_publish(question=question, editor=editor)
    question.refresh_from_db()
    published_at = question.published_at
    assert published_at is not None
    assert question.published_by == editor
    services.question_publish(question=question, editor=UserFactory())
    question.refresh_from_db()
    assert (question.published_at, question.published_by) == (published_at, editor)


def test_question_publish_needs_a_vote():
    question = QuestionFactory(published_at=None)
    with pytest.raises(ApplicationError) as error:
        services.question_publish(question=question, editor=None)
    assert error.value.message == services.PUBLISH_WITHOUT_VOTE_MESSAGE.format(question=question.pk)


@pytest.mark.parametrize("flag", ["is_secret", "is_candidate_vote"])
def test_question_publish_refuses_votes_without_positions(flag):
    vote = VoteFactory(**{flag: True})
    question = QuestionVoteFactory(question__published_at=None, vote=vote).question
    with pytest.raises(ApplicationError) as error:
        services.question_publish(question=question, editor=None)
    assert error.value.message == services.PUBLISH_UNMATCHABLE_MESSAGE.format(
        question=question.pk, votes=[vote.pk]
    )
    question.refresh_from_db()
    assert question.published_at is None


def test_question_unpublish_withdraws_but_keeps_answers():
    answer = AnswerFactory(question=_published_question())
    services.question_unpublish(question=answer.question)
    answer.question.refresh_from_db()
    assert answer.question.published_at is None
    assert Answer.objects.filter(pk=answer.pk).exists()


def test_question_upsert_for_vote_inserts_then_noops_then_updates():
    vote = VoteFactory()
    wording = {"text": "Vai?", "text_en": "Should?", "explanation": vote.motive}
    question, outcome = services.question_upsert_for_vote(vote=vote, wording=wording)
    assert outcome == "insert"
    assert list(QuestionVote.objects.values_list("question_id", "vote_id", "polarity")) == [
        (question.pk, vote.pk, 1)
    ]
    assert services.question_upsert_for_vote(vote=vote, wording=wording) == (question, "noop")
    again, outcome = services.question_upsert_for_vote(
        vote=vote, wording={**wording, "text_en": "Should it?"}, polarity=-1
    )
    assert (again.pk, outcome) == (question.pk, "update")
    again.refresh_from_db()
    assert again.text_en == "Should it?"
    assert QuestionVote.objects.get().polarity == -1
    assert Question.objects.count() == 1
