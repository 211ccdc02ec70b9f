"""The questionnaire form: a choice and an importance per published question on the page."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from parvaipret.participation.models import Answer, Question
from parvaipret.participation.services import SKIP, AnswerInput

CHOICES = [
    (Answer.Choice.FOR, _("For")),
    (Answer.Choice.AGAINST, _("Against")),
    (Answer.Choice.ABSTAIN, _("Abstain")),
    (SKIP, _("Skip")),
]
IMPORTANCE = [(1, _("a little")), (2, _("normal")), (3, _("very important"))]


def choice_field(question_id: int) -> str:
    return f"choice-{question_id}"


def importance_field(question_id: int) -> str:
    return f"importance-{question_id}"


class QuestionnaireForm(forms.Form):
    """Fields ``choice-<id>`` and ``importance-<id>`` for each question.

    A question whose choice is not posted at all is left as it is; "skip" removes its answer.
    """

    def __init__(self, *args, questions: Iterable[Question], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.question_ids = [q.pk for q in questions]
        for question_id in self.question_ids:
            self.fields[choice_field(question_id)] = forms.ChoiceField(
                choices=CHOICES, required=False, widget=forms.RadioSelect
            )
            self.fields[importance_field(question_id)] = forms.TypedChoiceField(
                choices=IMPORTANCE, coerce=int, required=False, empty_value=2
            )

    def answers(self) -> list[AnswerInput]:
        items = []
        for question_id in self.question_ids:
            choice = self.cleaned_data.get(choice_field(question_id))
            if not choice:
                continue
            items.append(
                AnswerInput(
                    question_id=question_id,
                    choice=choice,
                    importance=self.cleaned_data.get(importance_field(question_id)) or 2,
                )
            )
        return items
