"""Read the vote motive ("Balsošanas motīvs") for bill numbers, reading, urgency and kind.

Grammar (saeima-data.md 3, from real motives):

- `{Title} ({n}/Lp14), {1.|2.|3.}lasījums[, steidzams]` and `{Title} ({n}/Lp14), nodošana komisijām`
- `Par priekšlikumu Nr.{k}. {Title} ({n}/Lp14), 2.lasījums` (a proposal)
- `Par likumprojekta {Title} ({n}/Lp14), 1.lasījums iekļaušanu Saeimas sēdes darba kārtībā`
- decisions `Par … ({n}/Lm14)`, inquiries `(…/P14)`, questions `(…/J14)`
- collective submissions `Par 10 177 Latvijas pilsoņu kolektīvā iesnieguma “{title}” turpmāko
  virzību (928/Lm14)`, read by `scrapers.saeima.bills.parse_collective_submission_title` (the
  one reader of collective-submission titles, also used for decision titles and texts)
- attendance `Deputātu klātbūtnes reģistrācija`

Only what the text says is reported: the reading is read from the stage suffix after a document
number, not from words elsewhere ("… trešajam lasījumam līdz …" is a deadline, not a reading).
"""

from __future__ import annotations

import re

from scrapers.records.parliament import MotiveInfo, Reading
from scrapers.saeima.bills import parse_collective_submission_title

__all__ = ["REGISTRATION_MOTIVE", "parse_motive"]

REGISTRATION_MOTIVE = "Deputātu klātbūtnes reģistrācija"

_DOC = re.compile(r"\((?:Nr\.\s*)?(?P<number>\d+/(?:Lp|Lm|P|J)\d+)\)")
_STAGE = re.compile(
    r"\((?:Nr\.\s*)?\d+/Lp\d+\)\s*,\s*(?:(?P<reading>[123])\.\s*lasījum\w*|(?P<referral>nodošana komisijām))",
    re.IGNORECASE,
)
_READINGS = {"1": Reading.FIRST, "2": Reading.SECOND, "3": Reading.THIRD}
_URGENT = re.compile(r"\bsteidzam\w*", re.IGNORECASE)
_PROPOSAL = re.compile(r"^Par priekšlikumu Nr\.\s*(?P<number>\d+)\.?\s*", re.IGNORECASE)
_WHOLE = re.compile(r"\bkopumā\b", re.IGNORECASE)
_AGENDA_INCLUSION = re.compile(r"\biekļaušan\w*\b.*\bdarba kārtīb", re.IGNORECASE)
_AGENDA_PREFIX = re.compile(r"^Par (?:likumprojekta|lēmuma projekta)\s+", re.IGNORECASE)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def parse_motive(text: str) -> MotiveInfo:
    """Parse a vote motive into a `MotiveInfo`; unknown shapes give empty fields, not errors."""
    motive = _collapse(text)
    numbers = tuple(m.group("number") for m in _DOC.finditer(motive))
    bills = tuple(n for n in numbers if "/Lp" in n)
    decisions = tuple(n for n in numbers if "/Lm" in n)

    reading: Reading | None = None
    stage = _STAGE.search(motive)
    if stage:
        reading = Reading.REFERRAL if stage.group("referral") else _READINGS[stage.group("reading")]

    proposal = _PROPOSAL.match(motive)
    agenda_inclusion = bool(_AGENDA_INCLUSION.search(motive))
    collective = parse_collective_submission_title(motive)

    title: str | None = None
    subject_matches = list(_DOC.finditer(motive))
    if subject_matches:
        title = motive[: subject_matches[-1].start()].strip()
        if proposal:
            title = title[proposal.end() :].strip()
        elif agenda_inclusion:
            title = _AGENDA_PREFIX.sub("", title, count=1)
        title = title or None

    return MotiveInfo(
        text=motive,
        document_number=numbers[-1] if numbers else None,
        document_numbers=numbers,
        bill_numbers=bills,
        decision_numbers=decisions,
        title=title,
        reading=reading,
        urgent=bool(_URGENT.search(motive)),
        is_proposal=proposal is not None,
        proposal_number=int(proposal.group("number")) if proposal else None,
        is_whole=bool(_WHOLE.search(motive)),
        is_referral=reading is Reading.REFERRAL,
        is_agenda_inclusion=agenda_inclusion,
        is_collective_submission=collective is not None,
        signature_count=collective.signatures if collective else None,
        initiative_title=collective.initiative_title if collective else None,
        is_registration=motive.casefold() == REGISTRATION_MOTIVE.casefold(),
    )
