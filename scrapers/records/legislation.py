"""Records for bills, decisions, agenda outcomes and citizens' initiatives.

Every value is copied from the source or left as None: labels such as a stage result
("Noraidīts") or an agenda outcome ("Nod. kom.") stay verbatim; enums are only added where the
source's own vocabulary maps one-to-one (a card column header, a decision verb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

LIVS_NUMBER_RE = re.compile(r"^(?P<n>\d+)/(?P<kind>Lp|Lm|P|J)(?P<term>\d+)$")


class DocumentKind(StrEnum):
    """The LIVS document series, the letters in `1292/Lp14`."""

    BILL = "Lp"  # likumprojekts
    DECISION = "Lm"  # lēmuma projekts
    REQUEST = "P"  # pieprasījums
    QUESTION = "J"  # jautājums


class StageKind(StrEnum):
    """A step of a bill or decision.

    The first group names the columns of a LIVS card (`Iesniegts`, `Prezidijs`, ...); the last
    group names final outcomes, used only for `BillRecord.outcome`.
    """

    SUBMITTED = "submitted"  # Iesniegts
    PRESIDIUM = "presidium"  # Prezidijs
    REFERRED_TO_COMMITTEES = "referred_to_committees"  # Nodošana komisijām
    READING_1 = "reading_1"  # 1. lasījums
    READING_2 = "reading_2"  # 2. lasījums
    READING_3 = "reading_3"  # 3. lasījums
    RECONSIDERATION = "reconsideration"  # Otrreizēja caurlūkošana (returned by the President)
    PLENARY = "plenary"  # Saeimas sēde (decisions, requests: one sitting, no readings)
    PROCLAIMED = "proclaimed"  # Izsludināts
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class DecisionVerb(StrEnum):
    """What a decision does with a collective submission (the verb after "nolemj")."""

    FORWARD = "forward"  # nodot (to a committee, the Cabinet, ...)
    REJECT = "reject"  # noraidīt
    NO_FURTHER_ACTION = "no_further_action"  # atstāt bez (turpmākas) virzības / izskatīšanas


def livs_number_parts(number: str) -> tuple[int, DocumentKind, int]:
    """Split `1292/Lp14` into (1292, DocumentKind.BILL, 14); ValueError if malformed."""
    match = LIVS_NUMBER_RE.match(number)
    if match is None:
        raise ValueError(f"not a LIVS document number: {number!r}")
    return int(match["n"]), DocumentKind(match["kind"]), int(match["term"])


@dataclass(frozen=True, slots=True)
class BillStageRecord:
    """One column of a LIVS card: its verbatim header, date, result, documents, deadline."""

    kind: StageKind
    label: str
    date: date | None
    result: str | None
    documents: tuple[str, ...]
    deadline: date | None = None


@dataclass(frozen=True, slots=True)
class BillRecord:
    """A bill (`Lp`), decision draft (`Lm`), request (`P`) or question (`J`) from its LIVS card.

    `status` is the last result printed on the card, verbatim; `outcome` is set only when that
    result is final and its meaning is unambiguous (see `scrapers.saeima.bills.OUTCOME_BY_RESULT`).
    """

    number: str
    term: int
    kind: DocumentKind
    title: str
    submitters: tuple[str, ...]
    rapporteurs: tuple[str, ...]
    responsible_committee: str | None
    addressee: str | None
    stages: tuple[BillStageRecord, ...]
    status: str | None
    outcome: StageKind | None
    source_url: str

    def __post_init__(self) -> None:
        _, kind, term = livs_number_parts(self.number)
        if kind is not self.kind or term != self.term:
            raise ValueError(f"{self.number}: kind/term disagree with {self.kind}/{self.term}")

    @property
    def external_id(self) -> str:
        return self.number


@dataclass(frozen=True, slots=True)
class AgendaItemRecord:
    """One item of a sitting's agenda (darba kārtība) with its vote tally and outcome label.

    `position` is the item's number in the agenda; `section_position` the number printed inside
    its section. `stage_label` is the reading as printed ("2. lasījums", "Nodošana komisijām").
    `submitters` come from a "Deputāti …" line or an institution; a committee printed with
    "(Referents: …)" is the `reporting_committee` instead. `committees` are those the item was
    referred to ("Nodots komisijām: …"), `responsible_committee` the one marked "(atbildīgā)".
    `outcome` is the label kept verbatim
    (`Pieņemts`, `Noraidīts`, `Likums`, `Nod. kom.`, `Paziņojums`, `Izslēgts no DK`, …).
    """

    position: int
    section_position: int | None
    section: str | None
    subsection: str | None
    kind: str | None
    title: str
    number: str | None
    documents: tuple[str, ...]
    stage_label: str | None
    stage: StageKind | None
    notes: tuple[str, ...]
    submitters: tuple[str, ...]
    reporting_committee: str | None
    rapporteur: str | None
    committees: tuple[str, ...]
    responsible_committee: str | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    outcome: str | None
    item_id: str | None
    item_guid: str | None
    vote_urls: tuple[str, ...]
    source_url: str

    def __post_init__(self) -> None:
        tally = (self.votes_for, self.votes_against, self.votes_abstain)
        if any(v is None for v in tally) and any(v is not None for v in tally):
            raise ValueError(f"item {self.position}: partial tally {tally}")
        if any(v is not None and v < 0 for v in tally):
            raise ValueError(f"item {self.position}: negative tally {tally}")


@dataclass(frozen=True, slots=True)
class AgendaRecord:
    """A sitting's agenda page: its heading, the sitting date and the items in page order."""

    title: str | None
    date: date | None
    items: tuple[AgendaItemRecord, ...]
    source_url: str


@dataclass(frozen=True, slots=True)
class DecisionTextRecord:
    """The text of a decision (draft) and what it decides.

    `verb_text` is the first word after "nolemj"/"nolēmusi", verbatim ("nodot", "Noraidīt",
    "piekrist"); `verb` is set only for the three outcomes of a collective submission.
    `addressee` is the body a submission is forwarded to, verbatim (dative case).
    """

    heading: str | None
    verb: DecisionVerb | None
    verb_text: str | None
    addressee: str | None
    text: str
    source_url: str


@dataclass(frozen=True, slots=True)
class CollectiveSubmission:
    """A collective submission (kolektīvais iesniegums) named in a decision title or motive."""

    decision_number: str | None
    signatures: int
    initiative_title: str


@dataclass(frozen=True, slots=True)
class InitiativeRecord:
    """A citizens' initiative from ManaBalss.lv or an editor's import file.

    `url` is the initiative's own page; `source_url` is where this record was read from (the page,
    or `file#row=N` for an import file). `threshold` is the signature target shown by the source.
    """

    source: str
    external_id: str
    url: str | None
    title_lv: str | None
    title_en: str | None
    title_ru: str | None
    summary: str | None
    author: str | None
    published: date | None
    signatures: int | None
    threshold: int | None
    status: str | None
    submitted: date | None
    addressee: str | None
    saeima_decision: str | None
    bills: tuple[str, ...]
    source_url: str

    def __post_init__(self) -> None:
        if not (self.title_lv or self.title_en or self.title_ru):
            raise ValueError(f"initiative {self.source}/{self.external_id} has no title")
        for name in ("signatures", "threshold"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"initiative {self.external_id}: negative {name}")
        if self.saeima_decision is not None:
            livs_number_parts(self.saeima_decision)
        for bill in self.bills:
            livs_number_parts(bill)
