"""Writes of the participation app: answers, respondents, and publishing questions."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Final

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from parvaipret.core.exceptions import ApplicationError
from parvaipret.core.upsert import Outcome, row_upsert
from parvaipret.parliament.models import Vote
from parvaipret.participation.models import Answer, Question, QuestionVote, Respondent, Topic

SKIP: Final = "skip"

UNKNOWN_QUESTION_MESSAGE: Final = "Unknown question: {question}."
UNPUBLISHED_QUESTION_MESSAGE: Final = "Question {question} is not published."
INVALID_CHOICE_MESSAGE: Final = "Invalid choice {choice!r}: use for, against, abstain or skip."
IMPORTANCE_RANGE_MESSAGE: Final = (
    "Importance must be a whole number from 1 to 3, got {importance!r}."
)
DUPLICATE_QUESTION_MESSAGE: Final = "Question {question} is answered twice in one submission."
UNKNOWN_RESPONDENT_MESSAGE: Final = gettext_noop("Unknown respondent token.")
MALFORMED_RESPONDENT_MESSAGE: Final = gettext_noop("The respondent token is not a valid UUID.")
PUBLISH_WITHOUT_VOTE_MESSAGE: Final = "Question {question} stands for no vote: link a vote first."
PUBLISH_UNMATCHABLE_MESSAGE: Final = (
    "Question {question} stands for a secret ballot or a vote on persons ({votes}), "
    "which has no comparable positions."
)
PUBLISH_WITHOUT_TEXT_MESSAGE: Final = "Question {question} has no Latvian wording."


@dataclass(frozen=True)
class AnswerInput:
    """One answer of a submission; ``choice`` None or "skip" removes the answer."""

    question_id: int
    choice: str | None
    importance: int = 2


def respondent_create(*, user: AbstractBaseUser | None = None) -> Respondent:
    respondent = Respondent(user=user)
    # The token and share id are fresh uuid4 values: checking them for uniqueness would cost two
    # queries for a collision that does not happen. Their unique constraints remain the guard.
    respondent.full_clean(exclude=["token", "share_id"])
    respondent.save()
    return respondent


def respondent_resolve(
    *,
    token: str | uuid.UUID | None,
    user: AbstractBaseUser | None = None,
    create: bool = False,
    strict: bool = False,
) -> Respondent | None:
    """The respondent behind a private token and/or a signed-in user.

    - Anonymous visitor: the token's respondent, if it is an anonymous one (an account's
      respondent is reachable only by signing in, so an old cookie left after logging out reveals
      nothing).
    - Signed-in user: the account's respondent; an anonymous token presented at the same time is
      merged into it (``respondent_claim``), which is how signing in keeps earlier answers.
    - ``create`` makes a new respondent when there is none; ``strict`` raises
      ``ApplicationError`` for a malformed or unknown token instead of ignoring it (the API).
    """
    anonymous = _respondent_by_token(token, strict=strict)
    signed_in = user is not None and user.is_authenticated
    if signed_in:
        if anonymous is not None and anonymous.user_id is None:
            return respondent_claim(respondent=anonymous, user=user)
        respondent = Respondent.objects.filter(user=user).first()
        if respondent is None and create:
            respondent = respondent_create(user=user)
        return respondent
    if anonymous is not None and anonymous.user_id is not None:
        if strict:
            raise ApplicationError(UNKNOWN_RESPONDENT_MESSAGE)
        anonymous = None
    if anonymous is None and create:
        anonymous = respondent_create()
    return anonymous


@transaction.atomic
def respondent_claim(*, respondent: Respondent, user: AbstractBaseUser) -> Respondent:
    """Keep an anonymous respondent's answers on ``user``'s account.

    If the account has no respondent yet, this one becomes it. Otherwise its answers are merged
    into the account's respondent (``respondent_merge``) and it is deleted.
    """
    existing = Respondent.objects.select_for_update().filter(user=user).first()
    if existing is None:
        respondent.user = user
        respondent.full_clean()
        respondent.save(update_fields=["user", "updated_at"])
        return respondent
    if existing.pk == respondent.pk:
        return existing
    return respondent_merge(source=respondent, target=existing)


@transaction.atomic
def respondent_merge(*, source: Respondent, target: Respondent) -> Respondent:
    """Move ``source``'s answers to ``target`` and delete ``source``.

    Where both answered the same question, the newer answer (``updated_at``) wins; on a tie the
    target's stays.
    """
    theirs = {a.question_id: a for a in Answer.objects.filter(respondent=target)}
    for answer in Answer.objects.filter(respondent=source):
        kept = theirs.get(answer.question_id)
        if kept is None:
            Answer.objects.filter(pk=answer.pk).update(respondent=target)
        elif answer.updated_at > kept.updated_at:
            # .update() keeps updated_at as it was: the answer is as new as when it was given.
            Answer.objects.filter(pk=kept.pk).update(
                choice=answer.choice, importance=answer.importance, updated_at=answer.updated_at
            )
    source.delete()
    return target


# Columns of a respondent's own download (JSON keys of each answer, CSV header).
EXPORT_COLUMNS: Final = (
    "question_id",
    "question",
    "vote_ids",
    "choice",
    "importance",
    "answered_at",
    "changed_at",
)


def respondent_export(*, respondent: Respondent) -> dict:
    """Everything stored about a respondent, for their own download.

    The private token is left out on purpose: the file may be kept or sent somewhere less safe
    than the browser, and whoever holds the token can change the answers.
    """
    answers = (
        Answer.objects.filter(respondent=respondent)
        .select_related("question")
        .prefetch_related("question__question_votes")
        .order_by("question_id")
    )
    return {
        "respondent": {
            "created_at": respondent.created_at.isoformat(timespec="seconds"),
            "on_account": respondent.user_id is not None,
            "share_answers": respondent.share_answers,
            "share_id": str(respondent.share_id),
        },
        "answers": [
            {
                "question_id": answer.question_id,
                "question": answer.question.text,
                "vote_ids": [qv.vote_id for qv in answer.question.question_votes.all()],
                "choice": answer.choice,
                "importance": answer.importance,
                "answered_at": answer.created_at.isoformat(timespec="seconds"),
                "changed_at": answer.updated_at.isoformat(timespec="seconds"),
            }
            for answer in answers
        ],
    }


@transaction.atomic
def respondent_delete(*, respondent: Respondent) -> int:
    """Delete a respondent's answers and the respondent itself; returns the answers deleted.

    An account stays (only its respondent goes): deleting answers is not closing an account.
    """
    deleted, _ = Answer.objects.filter(respondent=respondent).delete()
    Respondent.objects.filter(pk=respondent.pk).delete()
    return deleted


@transaction.atomic
def respondent_set_share_answers(*, respondent: Respondent, share_answers: bool) -> Respondent:
    respondent.share_answers = share_answers
    respondent.save(update_fields=["share_answers", "updated_at"])
    return respondent


def answer_submit(
    *, respondent: Respondent, question: Question, choice: str | None, importance: int = 2
) -> Answer | None:
    """Record a respondent's answer: one per question, a new answer replaces the old one.

    ``choice`` None or "skip" deletes the answer and returns None. Only published questions can
    be answered. An unchanged answer is left as it is (see ``_answers_write``).
    """
    if not question.is_published:
        raise ApplicationError(
            UNPUBLISHED_QUESTION_MESSAGE.format(question=question.pk),
            {"question": question.pk},
        )
    if choice not in (None, SKIP):
        _check_choice(choice, question.pk)
        _check_importance(importance, question.pk)
    existing = {
        answer.question_id: answer
        for answer in Answer.objects.filter(respondent=respondent, question=question)
    }
    saved = _answers_write(
        respondent=respondent,
        items=[AnswerInput(question_id=question.pk, choice=choice, importance=importance)],
        existing=existing,
    )
    return saved[0] if saved else None


def answer_delete(*, respondent: Respondent, question: Question) -> int:
    deleted, _ = Answer.objects.filter(respondent=respondent, question=question).delete()
    return deleted


def answers_submit(*, respondent: Respondent, answers: Iterable[AnswerInput]) -> list[Answer]:
    """Several answers at once, all or nothing (a questionnaire page, an API call).

    Every item is checked before anything is written: unknown or unpublished questions, invalid
    choices and importance out of range raise ``ApplicationError`` naming the question. Returns
    the answers kept (skipped ones left out), in the order given.
    """
    items = _answers_checked(answers)
    existing = {
        answer.question_id: answer
        for answer in Answer.objects.filter(
            respondent=respondent, question_id__in=[item.question_id for item in items]
        )
    }
    return _answers_write(respondent=respondent, items=items, existing=existing)


@dataclass(frozen=True)
class AnswersSubmitted:
    """The outcome of ``respondent_answers_submit``."""

    respondent: Respondent
    created: bool  # a new respondent was made for this submission
    answers: list[Answer]  # all the respondent's answers now, by question id


@transaction.atomic
def respondent_answers_submit(
    *,
    token: str | uuid.UUID | None,
    user: AbstractBaseUser | None,
    answers: Iterable[AnswerInput],
) -> AnswersSubmitted:
    """The answer API's unit of work, in one transaction.

    The respondent comes from the token and/or the user with the strict rules of
    ``respondent_resolve``; every item is checked as in ``answers_submit``; only then is a new
    respondent created when there is none, so a rejected call leaves no respondent behind. One
    read of the respondent's answers serves both to leave unchanged answers alone and as the
    answers returned (a new respondent has none to read).
    """
    respondent = respondent_resolve(token=token, user=user, strict=True)
    items = _answers_checked(answers)
    created = respondent is None
    if respondent is None:
        respondent = respondent_resolve(token=None, user=user, create=True)
        existing: dict[int, Answer] = {}
    else:
        existing = {answer.question_id: answer for answer in respondent.answers.all()}
    _answers_write(respondent=respondent, items=items, existing=existing)
    return AnswersSubmitted(
        respondent=respondent,
        created=created,
        answers=sorted(existing.values(), key=attrgetter("question_id")),
    )


@transaction.atomic
def question_publish(*, question: Question, editor: AbstractBaseUser | None) -> Question:
    """Put a question before citizens. Already published questions keep their date.

    A question must have Latvian wording and stand for at least one vote, none of them a secret
    ballot or a vote on persons (they carry no comparable position).
    """
    if not question.text.strip():
        raise ApplicationError(PUBLISH_WITHOUT_TEXT_MESSAGE.format(question=question.pk))
    votes = list(question.votes.all())
    if not votes:
        raise ApplicationError(PUBLISH_WITHOUT_VOTE_MESSAGE.format(question=question.pk))
    unmatchable = [v.pk for v in votes if not v.is_matchable]
    if unmatchable:
        raise ApplicationError(
            PUBLISH_UNMATCHABLE_MESSAGE.format(question=question.pk, votes=unmatchable)
        )
    if question.is_published:
        return question
    question.published_at = timezone.now()
    question.published_by = editor
    question.save(update_fields=["published_at", "published_by", "updated_at"])
    return question


@transaction.atomic
def question_unpublish(*, question: Question) -> Question:
    """Withdraw a question from the questionnaire; its answers stay but no longer count."""
    if question.is_published:
        question.published_at = None
        question.save(update_fields=["published_at", "updated_at"])
    return question


@transaction.atomic
def question_upsert_for_vote(
    *, vote: Vote, wording: Mapping[str, str], polarity: int = 1
) -> tuple[Question, Outcome]:
    """The question standing for ``vote`` alone, created or brought up to ``wording``.

    ``wording`` holds the Question text fields (``text``, ``text_en``, ``text_ru``,
    ``explanation``, …). Used by the sample loader; returns the outcome so a re-run that changes
    nothing is visible as "noop".
    """
    question = (
        Question.objects.filter(question_votes__vote=vote).order_by("id").first()
        if vote.pk
        else None
    )
    if question is None:
        question = Question(**wording)
        question.full_clean()
        question.save()
        QuestionVote.objects.create(question=question, vote=vote, polarity=polarity)
        return question, "insert"
    changed = [field for field, value in wording.items() if getattr(question, field) != value]
    for field in changed:
        setattr(question, field, wording[field])
    link = QuestionVote.objects.get(question=question, vote=vote)
    if link.polarity != polarity:
        link.polarity = polarity
        link.save(update_fields=["polarity"])
        changed.append("polarity")
    if not changed:
        return question, "noop"
    question.full_clean()
    question.save()
    return question, "update"


# --- rows of a data dump ------------------------------------------------------------------------
# `ingest.dump_tables` restores published questions exported by another database, keyed by their
# public id; an empty value keeps the stored one. Answers are never in a dump.


@transaction.atomic
def topic_upsert(
    *, slug: str, name: str, name_en: str = "", name_ru: str = ""
) -> tuple[Topic, Outcome]:
    return row_upsert(
        model=Topic,
        lookup={"slug": slug},
        values={"name": name, "name_en": name_en, "name_ru": name_ru},
    )


@transaction.atomic
def question_import(
    *, public_id: uuid.UUID, values: Mapping[str, Any], topic: Topic | None = None
) -> tuple[Question, Outcome]:
    """The question `public_id`, created or brought up to `values` (its texts, explanations and
    `published_at`; who published it is not carried over)."""
    return row_upsert(
        model=Question,
        lookup={"public_id": public_id},
        values={**values, "topic_id": topic.pk if topic else None},
        clean_exclude=["topic"],
    )


@transaction.atomic
def question_vote_upsert(
    *, question: Question, vote: Vote, polarity: int = 1
) -> tuple[QuestionVote, Outcome]:
    """`question` stands for `vote` with `polarity` (+1: "Par" means yes, -1: it means no)."""
    return row_upsert(
        model=QuestionVote,
        lookup={"question": question, "vote": vote},
        values={"polarity": polarity},
        clean_exclude=["question", "vote"],
    )


def _answers_checked(answers: Iterable[AnswerInput]) -> list[AnswerInput]:
    """The items, once each is known to be writable; else ``ApplicationError`` for the first
    problem (a question twice, then per item: unknown, unpublished, choice, importance)."""
    items = list(answers)
    seen: set[int] = set()
    for item in items:
        if item.question_id in seen:
            raise ApplicationError(
                DUPLICATE_QUESTION_MESSAGE.format(question=item.question_id),
                {"question": item.question_id},
            )
        seen.add(item.question_id)
    # Only the publication date: the question texts are not needed here.
    published = dict(Question.objects.filter(pk__in=seen).values_list("pk", "published_at"))
    for item in items:
        if item.question_id not in published:
            raise ApplicationError(
                UNKNOWN_QUESTION_MESSAGE.format(question=item.question_id),
                {"question": item.question_id},
            )
        if published[item.question_id] is None:
            raise ApplicationError(
                UNPUBLISHED_QUESTION_MESSAGE.format(question=item.question_id),
                {"question": item.question_id},
            )
        if item.choice not in (None, SKIP):
            _check_choice(item.choice, item.question_id)
            _check_importance(item.importance, item.question_id)
    return items


def _answers_write(
    *, respondent: Respondent, items: list[AnswerInput], existing: dict[int, Answer]
) -> list[Answer]:
    """Write checked items: at most one DELETE (the skips) and one upsert (the rest).

    ``existing`` holds the respondent's stored answers, by question id, for at least the items'
    questions; it is brought up to date in place. An answer whose choice and importance are
    unchanged is not written: it keeps its date, which decides conflicts on merging.

    The upsert is an ``INSERT … ON CONFLICT (respondent, question) DO UPDATE``, so two concurrent
    submissions of the same question end as one row (the later one's values) without a read
    lock or a savepoint. Returns the answers kept, in the order of ``items``.
    """
    skipped: list[int] = []
    kept: list[Answer] = []
    changed: list[Answer] = []
    for item in items:
        if item.choice is None or item.choice == SKIP:
            skipped.append(item.question_id)
            continue
        old = existing.get(item.question_id)
        if old is not None and (old.choice, old.importance) == (item.choice, item.importance):
            kept.append(old)
            continue
        answer = Answer(
            respondent=respondent,
            question_id=item.question_id,
            choice=item.choice,
            importance=item.importance,
        )
        kept.append(answer)
        changed.append(answer)
    with transaction.atomic(savepoint=False):  # both statements or neither; no savepoint
        if skipped:
            Answer.objects.filter(respondent=respondent, question_id__in=skipped).delete()
        if changed:
            Answer.objects.bulk_create(
                changed,
                update_conflicts=True,
                unique_fields=["respondent", "question"],
                update_fields=["choice", "importance", "updated_at"],
            )
    for question_id in skipped:
        existing.pop(question_id, None)
    for answer in changed:
        old = existing.get(answer.question_id)
        if old is not None:
            answer.created_at = old.created_at  # the row's own: the update keeps it
        existing[answer.question_id] = answer
    return kept


def _respondent_by_token(token: str | uuid.UUID | None, *, strict: bool) -> Respondent | None:
    if token in (None, ""):
        return None
    try:
        value = token if isinstance(token, uuid.UUID) else uuid.UUID(str(token))
    except ValueError:
        if strict:
            raise ApplicationError(MALFORMED_RESPONDENT_MESSAGE) from None
        return None
    respondent = Respondent.objects.filter(token=value).first()
    if respondent is None and strict:
        raise ApplicationError(UNKNOWN_RESPONDENT_MESSAGE)
    return respondent


def _check_choice(choice: str, question_id: int) -> None:
    if choice not in Answer.Choice.values:
        raise ApplicationError(
            INVALID_CHOICE_MESSAGE.format(choice=choice), {"question": question_id}
        )


def _check_importance(importance: object, question_id: int) -> None:
    valid = (
        isinstance(importance, int)
        and not isinstance(importance, bool)
        and Answer.IMPORTANCE_MIN <= importance <= Answer.IMPORTANCE_MAX
    )
    if not valid:
        raise ApplicationError(
            IMPORTANCE_RANGE_MESSAGE.format(importance=importance), {"question": question_id}
        )
