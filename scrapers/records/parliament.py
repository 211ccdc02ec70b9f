"""Records about deputies, sittings, roll calls and ballots: what the Saeima parsers return.

Conventions shared by every record here:

- Text is kept as the source prints it (after entity/percent decoding and stripping); nothing is
  translated or guessed. A value the source does not give is `None`.
- `faction_short` is the faction code as printed on vote pages (`JV`, `ZZS`, `VL-TB/LNNK`, ...);
  `""` means *unaffiliated* ("Pie frakcijām nepiederošie deputāti"), `None` means *unknown*.
- Timestamps of votes are **aware datetimes in Europe/Riga local time** (`zoneinfo`): the Saeima
  prints local wall-clock time, and an aware value survives Django's `USE_TZ=True` unchanged.
- External ids: titania's 32-hex Domino UNIDs are upper-cased (DepWeb prints them so); GUIDs
  (`xxxxxxxx-xxxx-...`) are lower-cased.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "AgendaItemRecord",
    "BallotChoice",
    "BallotRecord",
    "CkanResourceRecord",
    "DeputyRecord",
    "MotiveInfo",
    "NameOrder",
    "Reading",
    "RegistrationEntry",
    "RegistrationRecord",
    "RejectedRollCall",
    "SittingAgendaRecord",
    "SittingFilesRecord",
    "SittingKind",
    "SittingRecord",
    "SittingVotesRecord",
    "VoteRecord",
]


class BallotChoice(StrEnum):
    """One deputy's ballot in a roll call (`Par`, `Pret`, `Atturas`, `Nebalsoja`)."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
    DID_NOT_VOTE = "did_not_vote"  # present (registered) but pressed no button


class NameOrder(StrEnum):
    """How a printed full name is ordered."""

    GIVEN_FIRST = "given_first"  # "Raivis Dzintars" (2026 pages, ByResult list, dump)
    SURNAME_FIRST = "surname_first"  # "Dzintars Raivis" (ByNames list of the vote page)


class SittingKind(StrEnum):
    """Kind of a plenary sitting (calendar `dCC` type code / open-data `SESSIONTYPE`)."""

    REGULAR = "regular"  # 1 kārtējā sēde
    EXTRAORDINARY = "extraordinary"  # 2 ārkārtas sēde
    CEREMONIAL = "ceremonial"  # 3 svinīgā sēde
    CLOSED = "closed"  # 4 slēgtā sēde
    QUESTIONS = "questions"  # 5 atbildes uz deputātu jautājumiem
    EXTRAORDINARY_SESSION = "extraordinary_session"  # 6 (8, 9) ārkārtas sesijas sēde
    REGULAR_AFTER_EXTRAORDINARY = "regular_after_extraordinary"  # 7 "… pusstundu pēc ārkārtas"


class Reading(StrEnum):
    """The stage of a bill a vote motive names."""

    REFERRAL = "referral"  # "nodošana komisijām"
    FIRST = "first"  # "1.lasījums"
    SECOND = "second"  # "2.lasījums"
    THIRD = "third"  # "3.lasījums"


@dataclass(frozen=True, slots=True)
class DeputyRecord:
    """One deputy as one source lists them.

    `first_name`/`last_name` are `None` when the source prints only a full name without telling
    which part is the surname (Delna's 14th-Saeima CSV). `full_name` is always "First Last".
    `start_date`/`end_date` are the membership dates when the source gives them (Popolo).
    """

    external_id: str | None  # titania DepWeb UNID (32 hex, upper case); per convocation
    first_name: str | None
    last_name: str | None
    full_name: str
    faction_short: str | None
    faction_name: str | None
    source_url: str
    term: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    source_note: str | None = None  # e.g. the dump's `source` column


@dataclass(frozen=True, slots=True)
class BallotRecord:
    """One deputy's ballot as printed on a roll call.

    `full_name` is verbatim; `name_order` says which way round it is. `first_name`/`last_name`
    are filled only where the source tells them apart (open-data NAME/SURNAME; the 2018 vote page,
    whose two lists print each name both ways round). `position` is the printed row number.
    """

    full_name: str
    name_order: NameOrder
    faction_short: str
    choice: BallotChoice
    first_name: str | None = None
    last_name: str | None = None
    position: int | None = None


@dataclass(frozen=True, slots=True)
class VoteRecord:
    """One roll call ("balsojums") with its ballots.

    Secret ballots and votes on candidates carry tallies but no ballots. `result` is the official
    outcome label when the source prints one (verbatim, e.g. `Pieņemts`), else `None`.
    """

    external_id: str
    term: int
    timestamp: dt.datetime  # aware, Europe/Riga
    motive: str
    result: str | None
    votes_for: int
    votes_against: int
    votes_abstain: int
    is_secret: bool
    is_candidate_vote: bool
    ballots: tuple[BallotRecord, ...]
    source_url: str
    sequence: int | None = None  # VOTE_NUMBER (order within the sitting), open data only
    agenda_item_id: str | None = None  # dkp_id, open data only
    registered: int | None = None  # VOTERESULT_REGISTERED, open data only
    comment: str | None = None  # VOTE_COMMENT, open data only
    sitting_id: str | None = None  # DK_ID of the sitting, open data only

    @property
    def not_voting(self) -> int:
        """Ballots `Nebalsoja` (present, did not vote)."""
        return sum(1 for b in self.ballots if b.choice is BallotChoice.DID_NOT_VOTE)


@dataclass(frozen=True, slots=True)
class RegistrationEntry:
    """One deputy in an attendance registration ("Reģistrējies" / "Nereģistrējies")."""

    first_name: str
    last_name: str
    faction_short: str
    registered: bool


@dataclass(frozen=True, slots=True)
class RegistrationRecord:
    """An attendance registration roll call ("Deputātu klātbūtnes reģistrācija")."""

    external_id: str
    term: int
    timestamp: dt.datetime  # aware, Europe/Riga
    sequence: int | None
    agenda_item_id: str | None
    entries: tuple[RegistrationEntry, ...]
    source_url: str
    sitting_id: str | None = None


@dataclass(frozen=True, slots=True)
class RejectedRollCall:
    """A roll call of an open-data file that failed a check; the other roll calls are kept."""

    external_id: str | None
    sequence: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class SittingVotesRecord:
    """Everything one `-vote.xml` file holds, sorted by `VOTE_NUMBER`."""

    sitting_id: str | None  # DK_ID
    votes: tuple[VoteRecord, ...]
    registrations: tuple[RegistrationRecord, ...]
    rejected: tuple[RejectedRollCall, ...]
    source_url: str


@dataclass(frozen=True, slots=True)
class SittingRecord:
    """A plenary sitting ("Saeimas sēde") from the calendar.

    `date` is the first day it sat; `dates` lists every day (a sitting can be continued on
    later days). `status` is the calendar's stage label of its latest entry (e.g. `Izskatīta`,
    `Atcelta`), `None` where the source has none.
    """

    external_id: str  # the sitting's GUID (DK id), lower case
    term: int
    date: dt.date
    kind: SittingKind
    url: str
    dates: tuple[dt.date, ...] = ()
    status: str | None = None
    type_code: int | None = None


@dataclass(frozen=True, slots=True)
class AgendaItemRecord:
    """One agenda item (`<DKP>`) of an open-data `-dkp.xml` file.

    `document_number` is the item's own `LIVSDOCUMENTID`; `resolved_document_number` climbs
    `PARENTID` to the nearest ancestor that has one (sub-items such as proposals or procedural
    votes carry none). `reading_code` is the raw `READING` value; `reading` maps it through the
    titania vocabulary (calendar page `drAl`: 1 and 5 = nodošana komisijām, 2 and 10 = 1.
    lasījums, 3 and 11 = 2. lasījums, 4 = 3. lasījums; other codes → None).
    """

    external_id: str  # DKP_ID
    sitting_id: str | None  # DK_ID
    parent_id: str | None
    main_item_id: str | None
    number: int | None  # DKP_NUMBER
    sequence: str | None  # DKP_SEQUENCE, e.g. "00021.0000.901"
    section: str | None
    subsection: str | None
    item_type: int | None  # DKP_TYPE
    status: int | None  # DKP_STATUS
    title: str | None
    document_number: str | None
    resolved_document_number: str | None
    reading_code: int | None
    reading: Reading | None
    urgent: bool | None  # URGENCY "True"/"False"
    result: str | None  # official outcome label, verbatim (e.g. "Noraidīts")
    vote_motive: str | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    registered: int | None
    committees: str | None  # PASSINGTOCOMMISSION, verbatim
    submitters: str | None  # NAMESUBMITED, verbatim
    source_url: str


@dataclass(frozen=True, slots=True)
class SittingAgendaRecord:
    """The sitting (`<DK>`) and its items (`<DKP>`) of an open-data `-dkp.xml` file."""

    external_id: str  # WORKSEQUENCEID = DK_ID
    term: int | None  # PARLAMENTNUMBER
    number: int | None  # DK_NUMBER
    date: dt.date | None  # DKDATE
    kind: SittingKind | None  # SESSIONTYPE
    type_code: int | None
    status_code: int | None  # STATUS: 6 izskatīta, 8 atcelta
    session_name: str | None
    starts_at: dt.datetime | None  # DKSTARTTIME, aware Europe/Riga
    ends_at: dt.datetime | None  # DKENDTIME, aware Europe/Riga
    continued_at: tuple[dt.datetime, ...]  # CONTINUE_DATES, aware Europe/Riga
    items: tuple[AgendaItemRecord, ...]
    source_url: str


@dataclass(frozen=True, slots=True)
class CkanResourceRecord:
    """One file of the data.gov.lv `saeimas-sedes` dataset."""

    resource_id: str
    name: str
    url: str
    created: str | None
    term: int | None
    year: int | None
    session: str | None  # "pavasara" / "rudens" / "ziemas" / "ārkārtas"
    sitting_number: int | None
    file_kind: str | None  # "dkp" / "vote" / "deb"


@dataclass(frozen=True, slots=True)
class SittingFilesRecord:
    """The (up to) three files of one sitting, grouped by their common name prefix.

    The ingest must still check that the files' DK_IDs agree.
    """

    prefix: str
    term: int | None
    year: int | None
    session: str | None
    sitting_number: int | None
    dkp: CkanResourceRecord | None
    vote: CkanResourceRecord | None
    deb: CkanResourceRecord | None


@dataclass(frozen=True, slots=True)
class MotiveInfo:
    """What a vote motive ("Balsošanas motīvs") says about the vote.

    `document_number` is the voted item: the last document number printed (a decision about a
    bill names the bill first and itself last). `title` is the text before that number, with the
    agenda-inclusion prefix ("Par likumprojekta …") and the proposal prefix removed.
    """

    text: str
    document_number: str | None
    document_numbers: tuple[str, ...]
    bill_numbers: tuple[str, ...]
    decision_numbers: tuple[str, ...]
    title: str | None
    reading: Reading | None
    urgent: bool
    is_proposal: bool
    proposal_number: int | None
    is_whole: bool
    is_referral: bool
    is_agenda_inclusion: bool
    is_collective_submission: bool
    signature_count: int | None
    initiative_title: str | None
    is_registration: bool
