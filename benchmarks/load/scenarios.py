"""The traffic mix of the load test, and the book of accepted answers it checks afterwards.

Every answer submission answers exactly one question the virtual respondent has not answered
yet, so each accepted request (200/201) must leave exactly one new ``Answer`` row: after the run,
the rows of the respondents the test created are compared with what the server accepted.

A request whose outcome the client cannot know (no response, a 5xx) is "uncertain": its answer
may or may not be stored, and the check allows either (but never two, and never one that was
not asked for). A 4xx (validation, 429 rate limited) is a definite "not stored".
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks.load.loadgen import Request, Response, Scenario, json_body

RESPONDENT_HEADER = "X-Respondent-Token"
CHOICES = ("for", "against", "abstain")


@dataclass
class Ids:
    """Ids read from the database before the run, so requests hit real rows."""

    questions: list[int]
    votes: list[int]
    deputies: list[int]
    factions: list[int]


@dataclass
class VirtualRespondent:
    token: str | None = None
    remaining: list[int] = field(default_factory=list)


@dataclass
class AnswerBook:
    """What the server accepted, per respondent token; the ground truth for the check."""

    accepted: dict[str, set[int]] = field(default_factory=dict)
    uncertain: dict[str, set[int]] = field(default_factory=dict)
    accepted_requests: int = 0
    created_respondents: int = 0
    uncertain_creates: int = 0  # a first submission with no answer: a respondent may exist
    rejected: int = 0  # 4xx

    def tokens(self) -> set[str]:
        return set(self.accepted) | set(self.uncertain)

    def answerable(self) -> list[str]:
        return [token for token, questions in self.accepted.items() if questions]


@dataclass(frozen=True)
class IntegrityReport:
    accepted: int
    stored_for_accepted: int
    lost: int  # accepted but not in the database
    unexpected: int  # in the database but never asked for (a duplicate or a ghost)
    uncertain: int
    uncertain_stored: int
    orphan_respondents: int  # created since the start, unknown to the client
    orphan_allowed: int

    @property
    def passed(self) -> bool:
        return (
            self.lost == 0
            and self.unexpected == 0
            and self.orphan_respondents <= self.orphan_allowed
        )

    def line(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return (
            f"answers: {verdict}: {self.accepted} accepted, {self.stored_for_accepted} of them in "
            f"the database, {self.lost} lost, {self.unexpected} duplicated or unexpected; "
            f"{self.uncertain} uncertain ({self.uncertain_stored} stored), "
            f"{self.orphan_respondents} orphan respondents (≤ {self.orphan_allowed} allowed)"
        )


class Mix:
    """The scenarios of one run, sharing the answer book and the respondents."""

    def __init__(
        self,
        ids: Ids,
        *,
        seed: int = 7,
        dashboards: Sequence[str] = (),
        only: Sequence[str] = (),
    ) -> None:
        self.ids = ids
        self.rng = random.Random(seed)
        self.book = AnswerBook()
        self.users: dict[int, VirtualRespondent] = {}
        self.dashboards = list(dashboards)
        self.only = list(only)

    # --- builders ------------------------------------------------------------------------------

    def _page(self, path: str) -> Request:
        return Request("GET", path, {"Accept": "text/html", "Accept-Language": "lv"})

    def _api(self, path: str, headers: dict[str, str] | None = None) -> Request:
        return Request("GET", path, {"Accept": "application/json", **(headers or {})})

    def answer_request(self, user: int) -> Request | None:
        if not self.ids.questions:
            return None
        respondent = self.users.setdefault(user, VirtualRespondent())
        if respondent.token is None or not respondent.remaining:
            respondent.token = None
            respondent.remaining = self.rng.sample(self.ids.questions, len(self.ids.questions))
        question = respondent.remaining.pop()
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if respondent.token:
            headers[RESPONDENT_HEADER] = respondent.token
        body = {
            "answers": [
                {
                    "question": question,
                    "choice": self.rng.choice(CHOICES),
                    "importance": self.rng.randint(1, 3),
                }
            ]
        }
        return Request("POST", "/api/v1/answers/", headers, json_body(body))

    def answer_response(self, user: int, request: Request, response: Response) -> None:
        respondent = self.users[user]
        question = json.loads(request.body)["answers"][0]["question"]
        sent_token = request.headers.get(RESPONDENT_HEADER)
        if response.status in (200, 201):
            token = str(uuid.UUID(json.loads(response.body)["token"]))
            if response.status == 201:
                self.book.created_respondents += 1
            respondent.token = token
            self.book.accepted.setdefault(token, set()).add(question)
            self.book.accepted_requests += 1
        elif response.status == 0 or response.status >= 500:
            if sent_token:
                self.book.uncertain.setdefault(sent_token, set()).add(question)
            else:
                self.book.uncertain_creates += 1
                respondent.token = None  # that respondent, if it exists, is unknown to us
        else:
            self.book.rejected += 1

    def results_request(self, user: int) -> Request | None:
        tokens = self.book.answerable()
        if not tokens:
            return self._api("/api/v1/questions/")
        token = tokens[self.rng.randrange(len(tokens))]
        return self._api("/api/v1/results/", {RESPONDENT_HEADER: token})

    def scenarios(self) -> list[Scenario]:
        ids, rng = self.ids, self.rng
        mix = [
            Scenario("page: home", 8, "read", lambda u: self._page("/")),
            Scenario("page: votes", 8, "read", lambda u: self._page("/votes/")),
            Scenario(
                "page: vote",
                8,
                "read",
                lambda u: self._page(f"/votes/{rng.choice(ids.votes)}/") if ids.votes else None,
            ),
            Scenario(
                "page: deputy",
                6,
                "read",
                lambda u: (
                    self._page(f"/deputies/{rng.choice(ids.deputies)}/") if ids.deputies else None
                ),
            ),
            Scenario("api: deputies", 10, "read", lambda u: self._api("/api/v1/deputies/")),
            Scenario("api: questions", 10, "read", lambda u: self._api("/api/v1/questions/")),
            Scenario("api: results", 10, "read", self.results_request),
            Scenario("api: answer", 25, "write", self.answer_request, handle=self.answer_response),
        ]
        if self.dashboards:
            mix.append(
                Scenario(
                    "page: dashboards",
                    15,
                    "read",
                    lambda u: self._page(rng.choice(self.dashboards)),
                )
            )
        if self.only:
            mix = [s for s in mix if s.name in self.only]
            if not mix:
                raise ValueError(f"no scenario named {self.only}")
        return mix
