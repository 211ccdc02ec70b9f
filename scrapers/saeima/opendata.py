"""The data.gov.lv `saeimas-sedes` dataset: CKAN resource list, `-vote.xml` and `-dkp.xml`.

Field names follow saeima-data.md 2.1 (five independent parsers agree). No raw `-vote.xml` was
available when this was written: the vote parser is built from that field list and tested on
synthetic files; the `-dkp.xml` parser is tested on a real (trimmed) file.

- `parse_vote_xml`: one `<VOTES>` per roll call with `#`-joined parallel arrays NAME / SURNAME /
  FRACTION / RESULT. A roll call that fails a check (arrays of different length, unknown value,
  tallies that do not add up, someone twice) is returned in `rejected` and the others are kept.
  Roll calls are sorted by `VOTE_NUMBER` (element order is not reliable). Attendance
  registrations come back separately.
- `parse_agenda_xml`: the sitting `<DK>` and its `<DKP>` items, with the bill/decision number of
  sub-items found by climbing `PARENTID`.
- `parse_ckan_package`: `package_show` JSON → files grouped per sitting.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from scrapers.errors import ParseError
from scrapers.records.parliament import (
    AgendaItemRecord,
    BallotRecord,
    CkanResourceRecord,
    NameOrder,
    Reading,
    RegistrationEntry,
    RegistrationRecord,
    RejectedRollCall,
    SittingAgendaRecord,
    SittingFilesRecord,
    SittingVotesRecord,
    VoteRecord,
)
from scrapers.saeima.calendar import sitting_kind
from scrapers.saeima.motives import REGISTRATION_MOTIVE
from scrapers.saeima.votes import check_ballots, parse_choice, parse_riga_timestamp

__all__ = [
    "READING_CODES",
    "REGISTRATION_VALUES",
    "CkanNameParts",
    "parse_agenda_xml",
    "parse_ckan_package",
    "parse_ckan_resource_name",
    "parse_vote_xml",
]

REGISTRATION_VALUES = {"Reģistrējies": True, "Nereģistrējies": False}

# DKP `READING` codes → reading, from the titania calendar page's `drAl` table (real 13th-Saeima
# page); the real -dkp.xml sample agrees (READING 1 on a "nodošana komisijām" vote).
READING_CODES: Mapping[int, Reading] = {
    1: Reading.REFERRAL,
    2: Reading.FIRST,
    3: Reading.SECOND,
    4: Reading.THIRD,
    5: Reading.REFERRAL,
    10: Reading.FIRST,
    11: Reading.SECOND,
}


class _RollCallError(Exception):
    """One roll call is unusable; the rest of the file is fine."""


def _parse_xml(content: bytes | str, source: str) -> etree._Element:
    data = content.encode("utf-8") if isinstance(content, str) else content
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)  # entity expansion and network are off
    except etree.XMLSyntaxError as exc:
        raise ParseError(source, f"not well-formed XML ({exc})") from exc
    if root.tag != "DKroot":
        raise ParseError(source, f"root element is <{root.tag}>, expected <DKroot>")
    return root


def _text(element: etree._Element, tag: str) -> str | None:
    """Stripped text of a child element; None when missing or empty."""
    value = element.findtext(tag)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _opt_int(element: etree._Element, tag: str, where: str) -> int | None:
    value = _text(element, tag)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise _RollCallError(f"{where}: {tag} is not a number: {value!r}") from None


def _flag(element: etree._Element, tag: str) -> bool:
    return (_text(element, tag) or "").lower() in {"1", "true"}


def _array(element: etree._Element, tag: str) -> list[str]:
    value = element.findtext(tag)
    if value is None or not value.strip():
        return []
    return value.split("#")


# --- -vote.xml ---------------------------------------------------------------------------------


def _roll_call(
    votes: etree._Element,
    *,
    voting_id: str,
    sequence: int,
    term: int,
    url: str,
    sitting_id: str | None,
) -> VoteRecord | RegistrationRecord:
    where = f"VOTING_ID {voting_id}"
    stamp = _text(votes, "VOTETIMESTAMP")
    if stamp is None:
        raise _RollCallError(f"{where}: no VOTETIMESTAMP")
    try:
        timestamp = parse_riga_timestamp(stamp, source=url)
    except ParseError as exc:
        raise _RollCallError(f"{where}: {exc.reason}") from exc
    motive = " ".join((votes.findtext("VOTEMOTIVE") or "").split())
    arrays = {tag: _array(votes, tag) for tag in ("NAME", "SURNAME", "FRACTION", "RESULT")}
    lengths = {tag: len(values) for tag, values in arrays.items()}
    if len(set(lengths.values())) != 1:
        described = ", ".join(f"{tag} {n}" for tag, n in lengths.items())
        raise _RollCallError(f"{where}: parallel arrays differ in length ({described})")
    people = list(
        zip(arrays["NAME"], arrays["SURNAME"], arrays["FRACTION"], arrays["RESULT"], strict=True)
    )
    agenda_item_id = _text(votes, "dkp_id")

    results = {result.strip() for *_, result in people}
    if motive.casefold() == REGISTRATION_MOTIVE.casefold() or (
        results and results <= set(REGISTRATION_VALUES)
    ):
        unknown = results - set(REGISTRATION_VALUES)
        if unknown:
            raise _RollCallError(f"{where}: unknown registration value {sorted(unknown)[0]!r}")
        entries = tuple(
            RegistrationEntry(
                first_name=" ".join(first.split()),
                last_name=" ".join(last.split()),
                faction_short=faction.strip(),
                registered=REGISTRATION_VALUES[result.strip()],
            )
            for first, last, faction, result in people
        )
        return RegistrationRecord(
            external_id=voting_id,
            term=term,
            timestamp=timestamp,
            sequence=sequence,
            agenda_item_id=agenda_item_id,
            entries=entries,
            source_url=url,
            sitting_id=sitting_id,
        )

    tallies = {}
    for tag in ("VOTERESULT_FOR", "VOTERESULT_AGAINST", "VOTERESULT_ABSTAIN"):
        value = _opt_int(votes, tag, where)
        if value is None:
            raise _RollCallError(f"{where}: no {tag}")
        tallies[tag] = value
    is_secret = _flag(votes, "VOTEISHIDDEN")
    is_candidate = _flag(votes, "VOTEISCANDIDATE")
    ballots: list[BallotRecord] = []
    if not is_secret and not is_candidate:
        for first, last, faction, result in people:
            first, last = " ".join(first.split()), " ".join(last.split())
            try:
                choice = parse_choice(result, source=url)
            except ParseError as exc:
                raise _RollCallError(f"{where}: {exc.reason}") from exc
            ballots.append(
                BallotRecord(
                    full_name=f"{first} {last}",
                    name_order=NameOrder.GIVEN_FIRST,
                    faction_short=faction.strip(),
                    choice=choice,
                    first_name=first,
                    last_name=last,
                )
            )
        try:
            check_ballots(
                ballots,
                votes_for=tallies["VOTERESULT_FOR"],
                votes_against=tallies["VOTERESULT_AGAINST"],
                votes_abstain=tallies["VOTERESULT_ABSTAIN"],
                source=url,
            )
        except ParseError as exc:
            raise _RollCallError(f"{where}: {exc.reason}") from exc
    return VoteRecord(
        external_id=voting_id,
        term=term,
        timestamp=timestamp,
        motive=motive,
        result=None,
        votes_for=tallies["VOTERESULT_FOR"],
        votes_against=tallies["VOTERESULT_AGAINST"],
        votes_abstain=tallies["VOTERESULT_ABSTAIN"],
        is_secret=is_secret,
        is_candidate_vote=is_candidate,
        ballots=tuple(ballots),
        source_url=url,
        sequence=sequence,
        agenda_item_id=agenda_item_id,
        registered=_opt_int(votes, "VOTERESULT_REGISTERED", where),
        comment=_text(votes, "VOTE_COMMENT"),
        sitting_id=sitting_id,
    )


def parse_vote_xml(content: bytes | str, *, url: str, term: int) -> SittingVotesRecord:
    """Parse a sitting's `-vote.xml` (`<DKroot><DK_ID/><VOTES>…</VOTES>…</DKroot>`).

    Secret ballots (`VOTEISHIDDEN=1`) and votes on candidates (`VOTEISCANDIDATE=1`) keep their
    tallies but no ballots. An empty sitting (only `DK_ID`/`DK_STATUS`) gives no roll calls.
    """
    root = _parse_xml(content, url)
    sitting_id = _text(root, "DK_ID")
    parsed: list[tuple[int, VoteRecord | RegistrationRecord]] = []
    rejected: list[RejectedRollCall] = []
    for index, votes in enumerate(root.findall("VOTES"), start=1):
        voting_id = _text(votes, "VOTING_ID")
        number_text = _text(votes, "VOTE_NUMBER")
        sequence = int(number_text) if number_text and number_text.isdigit() else None
        if voting_id is None or sequence is None:
            rejected.append(
                RejectedRollCall(
                    voting_id, sequence, f"<VOTES> {index}: no VOTING_ID or VOTE_NUMBER"
                )
            )
            continue
        try:
            record = _roll_call(
                votes,
                voting_id=voting_id,
                sequence=sequence,
                term=term,
                url=url,
                sitting_id=sitting_id,
            )
        except _RollCallError as exc:
            rejected.append(RejectedRollCall(voting_id, sequence, str(exc)))
            continue
        parsed.append((sequence, record))

    ids = Counter(record.external_id for _, record in parsed)
    repeated = {voting_id for voting_id, count in ids.items() if count > 1}
    if repeated:
        raise ParseError(url, f"VOTING_ID repeated: {', '.join(sorted(repeated))}")
    parsed.sort(key=lambda pair: pair[0])
    return SittingVotesRecord(
        sitting_id=sitting_id,
        votes=tuple(r for _, r in parsed if isinstance(r, VoteRecord)),
        registrations=tuple(r for _, r in parsed if isinstance(r, RegistrationRecord)),
        rejected=tuple(sorted(rejected, key=lambda r: (r.sequence is None, r.sequence or 0))),
        source_url=url,
    )


# --- -dkp.xml ----------------------------------------------------------------------------------


def _int_or_none(element: etree._Element, tag: str, source: str) -> int | None:
    try:
        return _opt_int(element, tag, tag)
    except _RollCallError as exc:
        raise ParseError(source, str(exc)) from exc


def _riga(value: str | None, source: str) -> dt.datetime | None:
    if value is None:
        return None
    return parse_riga_timestamp(value, source=source)


def _urgency(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.lower() in {"true", "1"}


def parse_agenda_xml(content: bytes | str, *, url: str) -> SittingAgendaRecord:
    """Parse a sitting's `-dkp.xml`: `<DK>` (the sitting) and one `<DKP>` per agenda item."""
    root = _parse_xml(content, url)
    sitting = root.find("DK")
    if sitting is None:
        raise ParseError(url, "no <DK> element")
    sitting_id = _text(sitting, "WORKSEQUENCEID")
    if sitting_id is None:
        raise ParseError(url, "<DK> has no WORKSEQUENCEID")
    date_text = _text(sitting, "DKDATE")
    try:
        date = dt.datetime.strptime(date_text, "%d.%m.%Y").date() if date_text else None  # noqa: DTZ007
    except ValueError as exc:
        raise ParseError(url, f"bad DKDATE {date_text!r}") from exc
    type_code = _int_or_none(sitting, "SESSIONTYPE", url)
    continued = tuple(
        parse_riga_timestamp(part, source=url)
        for part in (_text(sitting, "CONTINUE_DATES") or "").split("#")
        if part.strip()
    )

    raw_items = []
    for index, item in enumerate(root.findall("DKP"), start=1):
        item_id = _text(item, "DKP_ID")
        if item_id is None:
            raise ParseError(url, f"<DKP> {index} has no DKP_ID")
        raw_items.append((item_id, item))
    by_id = dict(raw_items)

    def resolved_number(item: etree._Element) -> str | None:
        seen: set[str] = set()
        current: etree._Element | None = item
        while current is not None:
            number = _text(current, "LIVSDOCUMENTID")
            if number:
                return number
            parent_id = _text(current, "PARENTID")
            if parent_id is None or parent_id in seen:
                return None
            seen.add(parent_id)
            current = by_id.get(parent_id)
        return None

    items = []
    for item_id, item in raw_items:
        reading_code = _int_or_none(item, "READING", url)
        items.append(
            AgendaItemRecord(
                external_id=item_id,
                sitting_id=_text(item, "DK_ID"),
                parent_id=_text(item, "PARENTID"),
                main_item_id=_text(item, "MAIN_WORK_ITEM_ID"),
                number=_int_or_none(item, "DKP_NUMBER", url),
                sequence=_text(item, "DKP_SEQUENCE"),
                section=_text(item, "DKP_SECTION"),
                subsection=_text(item, "DKP_SUBSECTION"),
                item_type=_int_or_none(item, "DKP_TYPE", url),
                status=_int_or_none(item, "DKP_STATUS", url),
                title=" ".join((item.findtext("TITLE") or "").split()) or None,
                document_number=_text(item, "LIVSDOCUMENTID"),
                resolved_document_number=resolved_number(item),
                reading_code=reading_code,
                reading=READING_CODES.get(reading_code) if reading_code is not None else None,
                urgent=_urgency(_text(item, "URGENCY")),
                result=_text(item, "RESULT"),
                vote_motive=" ".join((item.findtext("VOTEMOTIVE") or "").split()) or None,
                votes_for=_int_or_none(item, "VOTERESULT_FOR", url),
                votes_against=_int_or_none(item, "VOTERESULT_AGAINST", url),
                votes_abstain=_int_or_none(item, "VOTERESULT_ABSTAIN", url),
                registered=_int_or_none(item, "VOTERESULT_REGISTERED", url),
                committees=_text(item, "PASSINGTOCOMMISSION"),
                submitters=_text(item, "NAMESUBMITED"),
                source_url=url,
            )
        )
    return SittingAgendaRecord(
        external_id=sitting_id.lower(),
        term=_int_or_none(sitting, "PARLAMENTNUMBER", url),
        number=_int_or_none(sitting, "DK_NUMBER", url),
        date=date,
        kind=sitting_kind(type_code, source=url) if type_code is not None else None,
        type_code=type_code,
        status_code=_int_or_none(sitting, "STATUS", url),
        session_name=_text(sitting, "SESSIONNAME"),
        starts_at=_riga(_text(sitting, "DKSTARTTIME"), url),
        ends_at=_riga(_text(sitting, "DKENDTIME"), url),
        continued_at=continued,
        items=tuple(items),
        source_url=url,
    )


# --- CKAN package_show -------------------------------------------------------------------------

_NAME_REGULAR = re.compile(
    r"^(?P<term>\d+)\.\s*Saeimas\s+(?P<year>\d{4})\.\s*gada?\s+"
    r"(?P<session>pavasara|rudens|ziemas)\s+sesij[a]?-(?P<number>\d+)-(?P<kind>\w+)$",
    re.IGNORECASE,
)
_NAME_EXTRAORDINARY = re.compile(
    r"^(?P<term>\d+)\.\s*Saeimas\s+(?P<year>\d{4})\.\s*gada?\s+"
    r".*?ārk[āa]rtas\s+sesij[a]?-(?P<number>\d+)-(?P<kind>\w+)$",
    re.IGNORECASE,
)
_NAME_TAIL = re.compile(r"sesij[a]?-(?P<number>\d+)-(?P<kind>\w+)$", re.IGNORECASE)
_URL_KIND = re.compile(r"-(dkp|vote|deb)\.xml$", re.IGNORECASE)
_FILE_KINDS = {"dkp", "vote", "deb"}


@dataclass(frozen=True, slots=True)
class CkanNameParts:
    """The parts of a `saeimas-sedes` resource name (None where unreadable)."""

    prefix: str  # the name without "-{kind}": the key that groups a sitting's files
    term: int | None
    year: int | None
    session: str | None
    sitting_number: int | None
    file_kind: str | None


def parse_ckan_resource_name(name: str) -> CkanNameParts:
    """Split `14.Saeimas 2026.gada rudens sesija-2-vote` into its parts.

    Tolerates the known typos (`gad`, `sesij`); extraordinary sessions give session "ārkārtas".
    """
    clean = " ".join(name.split())
    for pattern, session in ((_NAME_REGULAR, None), (_NAME_EXTRAORDINARY, "ārkārtas")):
        match = pattern.match(clean)
        if match:
            return CkanNameParts(
                prefix=clean[: match.start("kind") - 1],
                term=int(match["term"]),
                year=int(match["year"]),
                session=session or match["session"].lower(),
                sitting_number=int(match["number"]),
                file_kind=match["kind"].lower(),
            )
    tail = _NAME_TAIL.search(clean)
    return CkanNameParts(
        prefix=clean[: tail.start("kind") - 1] if tail else clean,
        term=None,
        year=None,
        session=None,
        sitting_number=int(tail["number"]) if tail else None,
        file_kind=tail["kind"].lower() if tail else None,
    )


def parse_ckan_package(content: bytes | str, *, url: str) -> list[SittingFilesRecord]:
    """Group the resources of a CKAN `package_show` answer into the files of each sitting.

    The file kind comes from the resource name and must agree with the URL suffix when the URL
    has one; two files of the same kind under one name prefix raise `ParseError`.
    """
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ParseError(url, f"not JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("success") is not True:
        raise ParseError(url, "CKAN answer is not success=true")
    resources = (data.get("result") or {}).get("resources")
    if not isinstance(resources, list):
        raise ParseError(url, "CKAN answer has no result.resources list")

    groups: dict[str, dict[str, CkanResourceRecord]] = {}
    for index, resource in enumerate(resources):
        name = resource.get("name") or ""
        link = resource.get("url") or ""
        resource_id = resource.get("id")
        if not name or not link or not resource_id:
            raise ParseError(url, f"resource {index} lacks name, url or id")
        parts = parse_ckan_resource_name(name)
        kind = parts.file_kind
        url_kind = _URL_KIND.search(link)
        if url_kind and kind != url_kind.group(1).lower():
            raise ParseError(
                url, f"resource {name!r}: name says {kind}, URL says {url_kind.group(1).lower()}"
            )
        if kind not in _FILE_KINDS:
            raise ParseError(url, f"resource {name!r}: unknown file kind {kind!r}")
        record = CkanResourceRecord(
            resource_id=str(resource_id),
            name=name,
            url=link,
            created=resource.get("created"),
            term=parts.term,
            year=parts.year,
            session=parts.session,
            sitting_number=parts.sitting_number,
            file_kind=kind,
        )
        group = groups.setdefault(parts.prefix, {})
        if kind in group:
            raise ParseError(url, f"two {kind} files for {parts.prefix!r}")
        group[kind] = record

    sittings = []
    for prefix, files in groups.items():
        first = next(iter(files.values()))
        sittings.append(
            SittingFilesRecord(
                prefix=prefix,
                term=first.term,
                year=first.year,
                session=first.session,
                sitting_number=first.sitting_number,
                dkp=files.get("dkp"),
                vote=files.get("vote"),
                deb=files.get("deb"),
            )
        )
    sittings.sort(key=lambda s: (s.term or 0, s.year or 0, s.session or "", s.sitting_number or 0))
    return sittings
