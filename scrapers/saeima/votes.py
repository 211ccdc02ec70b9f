"""Roll calls from titania vote pages ("Balsošanas rezultāti") and from the project's dump.

Three inputs, one record (`VoteRecord`):

- `parse_vote`: the raw vote page HTML. Ballots sit in JS arrays; each entry is
  `N.` SEP `name` SEP `faction` SEP `choice` where SEP is one non-ASCII byte, names are
  percent-encoded UTF-8 and factions HTML-entity encoded. The body is therefore decoded as
  Latin-1 (lossless) and entries are split on any character above 0x7F (saeima-data.md 2.2).
- `parse_vote_snapshot`: the Playwright accessibility snapshot (Markdown) of a rendered page.
- `parse_dump_votes`: the dump's `votes.csv` + `ballots.csv`.

Every parser runs the same sanity checks and raises `ParseError` when one fails, so the ingest
can quarantine the page: the printed tallies equal the ballots counted, nobody appears twice,
at most 100 ballots.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from scrapers.errors import ParseError
from scrapers.records.parliament import BallotChoice, BallotRecord, NameOrder, VoteRecord
from scrapers.saeima.names import name_key_from_full
from scrapers.saeima.snapshot import parse_aria_snapshot
from scrapers.saeima.urls import term_from_url, vote_id_from_url

__all__ = [
    "CHOICES",
    "MAX_BALLOTS",
    "RIGA",
    "check_ballots",
    "parse_choice",
    "parse_dump_votes",
    "parse_riga_timestamp",
    "parse_vote",
    "parse_vote_snapshot",
]

RIGA = ZoneInfo("Europe/Riga")
MAX_BALLOTS = 100

CHOICES: dict[str, BallotChoice] = {
    "Par": BallotChoice.FOR,
    "Pret": BallotChoice.AGAINST,
    "Atturas": BallotChoice.ABSTAIN,
    "Nebalsoja": BallotChoice.DID_NOT_VOTE,
    "Nebalso": BallotChoice.DID_NOT_VOTE,  # older pages
}
_GROUP_CHOICES = {
    "PAR": BallotChoice.FOR,
    "PRET": BallotChoice.AGAINST,
    "ATTURAS": BallotChoice.ABSTAIN,
    "NEBALSO": BallotChoice.DID_NOT_VOTE,
    "NEBALSOJA": BallotChoice.DID_NOT_VOTE,
}

_TALLIES = re.compile(r"par\s+(\d+)\s*,\s*pret\s+(\d+)\s*,\s*atturas\s+(\d+)", re.IGNORECASE)
_GROUP_HEADER = re.compile(r"^\s*([A-ZĀ-Ž]+)\s*:\s*(\d+)\s*$")


def parse_choice(text: str, *, source: str) -> BallotChoice:
    """Map a printed ballot value (`Par`, `Pret`, `Atturas`, `Nebalsoja`) to a `BallotChoice`."""
    try:
        return CHOICES[text.strip()]
    except KeyError:
        raise ParseError(source, f"unknown ballot value {text.strip()!r}") from None


def parse_riga_timestamp(text: str, *, source: str) -> dt.datetime:
    """Parse a printed vote time as Europe/Riga local time (aware).

    Formats seen: `16.04.2026 09:28:52` (2026), `10/05/2018 09:03:08` (2018, day first) and
    `MM/DD/YYYY hh:mm:ss AM` (2010, month first: told apart by the AM/PM marker).
    """
    value = " ".join(text.split())
    formats = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p")
    for fmt in formats:
        try:
            naive = dt.datetime.strptime(value, fmt)  # noqa: DTZ007 - made aware just below
        except ValueError:
            continue
        return naive.replace(tzinfo=RIGA)
    raise ParseError(source, f"unrecognised vote date {text!r}")


def check_ballots(
    ballots: Sequence[BallotRecord],
    *,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    source: str,
) -> None:
    """Raise `ParseError` unless the ballots agree with the printed tallies, nobody is listed
    twice and there are at most 100 ballots."""
    if len(ballots) > MAX_BALLOTS:
        raise ParseError(source, f"{len(ballots)} ballots, more than the {MAX_BALLOTS} seats")
    keys = Counter(name_key_from_full(b.full_name) for b in ballots)
    twice = sorted(key for key, count in keys.items() if count > 1)
    if twice:
        raise ParseError(source, f"deputy listed twice: {', '.join(twice)}")
    counted = Counter(b.choice for b in ballots)
    expected = {
        BallotChoice.FOR: votes_for,
        BallotChoice.AGAINST: votes_against,
        BallotChoice.ABSTAIN: votes_abstain,
    }
    for choice, printed in expected.items():
        if counted[choice] != printed:
            raise ParseError(
                source, f"tally {choice.value} is {printed} but {counted[choice]} ballots counted"
            )


def _identify(url: str, term: int | None) -> tuple[str, int]:
    vote_id = vote_id_from_url(url)
    if vote_id is None:
        raise ParseError(url, "the URL names no vote id (/0/{hex} or parentID={guid})")
    term = term if term is not None else term_from_url(url)
    if term is None:
        raise ParseError(url, "the URL names no convocation (LIVS{N}); pass term=")
    return vote_id, term


# --- raw vote page -----------------------------------------------------------------------------

_JS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True, slots=True)
class _Row:
    position: int | None
    name: str
    faction: str
    choice: BallotChoice


def _js_array(text: str, name: str) -> list[str] | None:
    match = re.search(rf"\b{name}\s*=\s*\[(.*?)\]\s*;", text, re.DOTALL)
    if match is None:
        return None
    items = _JS_STRING.findall(match.group(1))
    return [re.sub(r"\\(.)", r"\1", item) for item in items]


def _position(text: str) -> int | None:
    match = re.fullmatch(r"\s*(\d+)\.?\s*", text)
    return int(match.group(1)) if match else None


def _faction(text: str) -> str:
    return html.unescape(text).replace("\xa0", " ").strip()


def _array_rows(
    entries: Iterable[str], source: str, *, with_groups: bool
) -> tuple[list[_Row], dict[BallotChoice, int]]:
    """Rows of a vote-page JS array, plus the group header counts (ByResult list only)."""
    rows: list[_Row] = []
    groups: dict[BallotChoice, int] = {}
    for entry in entries:
        fields = _NON_ASCII_RUN.split(entry)
        if len(fields) == 1 and not fields[0].strip():
            continue  # [""]: no list (secret ballot)
        if len(fields) != 4:
            raise ParseError(source, f"ballot entry {entry!r} does not have 4 fields")
        number, name, faction, value = fields
        header_text = re.sub(r"<[^>]+>", "", html.unescape(name)).replace("\xa0", " ")
        header = _GROUP_HEADER.match(header_text)
        if with_groups and header and header.group(1) in _GROUP_CHOICES:
            groups[_GROUP_CHOICES[header.group(1)]] = int(header.group(2))
            continue
        full_name = " ".join(unquote(name).split())
        if not full_name:
            continue  # "1.¤¤¤": an empty list
        rows.append(
            _Row(
                _position(number), full_name, _faction(faction), parse_choice(value, source=source)
            )
        )
    return rows, groups


def _check_groups(rows: Sequence[_Row], groups: dict[BallotChoice, int], source: str) -> None:
    counted = Counter(row.choice for row in rows)
    for choice, printed in groups.items():
        if counted[choice] != printed:
            raise ParseError(
                source, f"group header {choice.value}: {printed} but {counted[choice]} rows"
            )


def _split_point(given_first: str, surname_first: str) -> tuple[str, str] | None:
    """(first, last) if `surname_first` is `given_first` rotated at exactly one token."""
    tokens = given_first.split(" ")
    rotated = surname_first.split(" ")
    splits = [k for k in range(1, len(tokens)) if tokens[k:] + tokens[:k] == rotated]
    if len(splits) != 1:
        return None
    k = splits[0]
    return " ".join(tokens[:k]), " ".join(tokens[k:])


def _merge_lists(
    by_result: Sequence[_Row], by_names: Sequence[_Row], source: str
) -> list[BallotRecord]:
    """Pair the given-first list with the surname-first one; they must hold the same ballots."""
    pool: dict[tuple[str, str, BallotChoice], list[_Row]] = defaultdict(list)
    for row in by_names:
        pool[(name_key_from_full(row.name), row.faction, row.choice)].append(row)
    ballots = []
    for row in by_result:
        candidates = pool.get((name_key_from_full(row.name), row.faction, row.choice))
        if not candidates:
            raise ParseError(
                source,
                f"{row.name!r} ({row.faction}, {row.choice.value}) is missing from "
                "the alphabetical list",
            )
        partner = candidates.pop()
        split = _split_point(row.name, partner.name)
        ballots.append(
            BallotRecord(
                full_name=row.name,
                name_order=NameOrder.GIVEN_FIRST,
                faction_short=row.faction,
                choice=row.choice,
                first_name=split[0] if split else None,
                last_name=split[1] if split else None,
                position=row.position,
            )
        )
    leftover = [row.name for rows in pool.values() for row in rows]
    if leftover:
        raise ParseError(source, f"only in the alphabetical list: {', '.join(leftover)}")
    return ballots


def _decode_page(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1257", errors="replace")  # Baltic code page


def _head_value(soup: BeautifulSoup, label: str, source: str) -> str:
    for block in soup.select("div.formHead2"):
        span = block.find("span")
        if span is not None and span.get_text().strip().startswith(label):
            value = block.find("b")
            if value is not None:
                return " ".join(value.get_text().split())
    raise ParseError(source, f"no '{label}' line")


def parse_vote(content: bytes | str, *, url: str, term: int | None = None) -> VoteRecord:
    """Parse a raw titania vote page (`…/SaeimaLIVS2_DK.nsf/0/{hex}?OpenDocument`).

    Ballots come from `voteFullListByResult` (given name first, grouped) cross-checked against
    `voteFullListByNames` (surname first): since each name is printed both ways round, the
    surname can be told apart and goes into `first_name`/`last_name`. A page whose lists are
    `[""]` is a secret ballot; a filled `voteShortListByNames` marks a vote on candidates.
    """
    vote_id, term = _identify(url, term)
    raw = content.decode("latin-1") if isinstance(content, bytes) else content
    soup = BeautifulSoup(_decode_page(content), "lxml")

    if soup.title is None or "Balsošanas rezultāti" not in soup.title.get_text():
        raise ParseError(url, "not a vote result page (title 'Balsošanas rezultāti' missing)")
    tally_block = soup.find(id="totalResultRow")
    tallies = _TALLIES.search(tally_block.get_text(" ") if tally_block else "")
    if tallies is None:
        raise ParseError(url, "no 'par N, pret N, atturas N' tallies")
    votes_for, votes_against, votes_abstain = (int(n) for n in tallies.groups())
    timestamp = parse_riga_timestamp(_head_value(soup, "Datums", url), source=url)
    motive = _head_value(soup, "Balsošanas motīvs", url)
    result_span = soup.select_one("div.formHead1 span[style*='color:red']")
    result = " ".join(result_span.get_text().split()) if result_span else ""

    by_names_raw = _js_array(raw, "voteFullListByNames")
    by_result_raw = _js_array(raw, "voteFullListByResult")
    if by_names_raw is None and by_result_raw is None:
        raise ParseError(url, "no voteFullListByNames / voteFullListByResult array")
    by_names, _ = _array_rows(by_names_raw or [], url, with_groups=False)
    by_result, groups = _array_rows(by_result_raw or [], url, with_groups=True)
    _check_groups(by_result, groups, url)
    short_list = _js_array(raw, "voteShortListByNames") or []
    is_candidate = any(entry.strip() for entry in short_list)

    if by_result and by_names:
        ballots = _merge_lists(by_result, by_names, url)
    else:
        order = NameOrder.GIVEN_FIRST if by_result else NameOrder.SURNAME_FIRST
        ballots = [
            BallotRecord(r.name, order, r.faction, r.choice, position=r.position)
            for r in (by_result or by_names)
        ]
    if ballots:
        check_ballots(
            ballots,
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstain=votes_abstain,
            source=url,
        )
    return VoteRecord(
        external_id=vote_id,
        term=term,
        timestamp=timestamp,
        motive=motive,
        result=result or None,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        is_secret=not ballots and not is_candidate,
        is_candidate_vote=is_candidate,
        ballots=tuple(ballots),
        source_url=url,
    )


# --- rendered page (Playwright accessibility snapshot) -----------------------------------------


def parse_vote_snapshot(text: str | bytes, *, url: str, term: int | None = None) -> VoteRecord:
    """Parse the accessibility snapshot of a rendered 2026 vote page.

    The table has two columns of `Nr. · Vārds · Frakcija · Balss` per row; the left column
    holds the first half of the list and the right column the rest, with group header cells
    `PAR: n` / `PRET: n` / `ATTURAS: n` / `NEBALSO: n`. Names are "Name Surname"; an empty
    Frakcija cell means unaffiliated. No outcome label is rendered, so `result` is None.
    """
    vote_id, term = _identify(url, term)
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    tree = parse_aria_snapshot(text, url=url)
    values = [
        node.value
        for node in tree.iter()
        if node.role == "generic" and node.name is None and node.value is not None
    ]
    rows = [
        [" ".join((cell.name or "").split()) for cell in node.children if cell.role == "cell"]
        for node in tree.iter()
        if node.role == "row"
    ]

    if "Balsošanas rezultāti" not in values:
        raise ParseError(url, "not a vote result page ('Balsošanas rezultāti' missing)")
    tallies = next((m for v in values if (m := _TALLIES.fullmatch(v.strip()))), None)
    if tallies is None:
        raise ParseError(url, "no 'par N, pret N, atturas N' tallies")
    votes_for, votes_against, votes_abstain = (int(n) for n in tallies.groups())
    date_text = next((v for v in values if v.startswith("Datums:")), None)
    if date_text is None:
        raise ParseError(url, "no 'Datums:' line")
    motive = next((v for v in values if v.startswith("Balsošanas motīvs:")), None)
    if motive is None:
        raise ParseError(url, "no 'Balsošanas motīvs:' line")
    timestamp = parse_riga_timestamp(date_text.removeprefix("Datums:"), source=url)
    motive = " ".join(motive.removeprefix("Balsošanas motīvs:").split())

    left: list[list[str]] = []
    right: list[list[str]] = []
    for cells in rows:
        if len(cells) != 9:
            continue
        left.append(cells[:4])
        right.append(cells[5:])
    entries: list[_Row] = []
    groups: dict[BallotChoice, int] = {}
    for number, name, faction, value in left + right:
        header = _GROUP_HEADER.match(name)
        if header and header.group(1) in _GROUP_CHOICES and not number:
            groups[_GROUP_CHOICES[header.group(1)]] = int(header.group(2))
            continue
        if not name or name == "Vārds":
            continue
        entries.append(
            _Row(
                _position(number),
                " ".join(name.split()),
                faction.strip(),
                parse_choice(value, source=url),
            )
        )
    _check_groups(entries, groups, url)
    ballots = [
        BallotRecord(r.name, NameOrder.GIVEN_FIRST, r.faction, r.choice, position=r.position)
        for r in entries
    ]
    if ballots:
        check_ballots(
            ballots,
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstain=votes_abstain,
            source=url,
        )
    return VoteRecord(
        external_id=vote_id,
        term=term,
        timestamp=timestamp,
        motive=motive,
        result=None,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        is_secret=not ballots,
        is_candidate_vote=False,
        ballots=tuple(ballots),
        source_url=url,
    )


# --- the project's dump ------------------------------------------------------------------------

_VOTE_COLUMNS = (
    "vote_id",
    "term",
    "timestamp",
    "motive",
    "for",
    "against",
    "abstain",
    "not_voting",
    "ballots",
)
_BALLOT_COLUMNS = ("vote_id", "position", "full_name", "faction_short", "choice")


def _csv_rows(content: bytes | str, columns: Sequence[str], source: str) -> list[dict[str, str]]:
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise ParseError(source, f"CSV header lacks {', '.join(missing)}")
    return list(reader)


def _int(value: str, field: str, source: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ParseError(source, f"{field} is not a number: {value!r}") from None


def parse_dump_votes(
    votes_csv: bytes | str, ballots_csv: bytes | str, *, url: str
) -> list[VoteRecord]:
    """Parse the dump's `votes.csv` + `ballots.csv` (README of the dump) into `VoteRecord`s.

    Timestamps are naive Riga local time in the file and come back aware. Ballots keep file
    order. Besides the common checks, the `not_voting` and `ballots` columns must match.
    """
    votes = _csv_rows(votes_csv, _VOTE_COLUMNS, url)
    ballot_rows = _csv_rows(ballots_csv, _BALLOT_COLUMNS, url)
    by_vote: dict[str, list[BallotRecord]] = defaultdict(list)
    for line, row in enumerate(ballot_rows, start=2):
        by_vote[row["vote_id"]].append(
            BallotRecord(
                full_name=" ".join(row["full_name"].split()),
                name_order=NameOrder.GIVEN_FIRST,
                faction_short=row["faction_short"].strip(),
                choice=parse_choice(row["choice"], source=f"{url} ballots line {line}"),
                position=_int(row["position"], "position", url) if row["position"] else None,
            )
        )
    known = {row["vote_id"] for row in votes}
    orphans = sorted(set(by_vote) - known)
    if orphans:
        raise ParseError(url, f"ballots for unknown votes: {', '.join(orphans)}")
    records = []
    for row in votes:
        source = f"{url} vote {row['vote_id']}"
        ballots = by_vote.get(row["vote_id"], [])
        record = VoteRecord(
            external_id=row["vote_id"],
            term=_int(row["term"], "term", source),
            timestamp=dt.datetime.fromisoformat(row["timestamp"]).replace(tzinfo=RIGA),
            motive=row["motive"],
            result=None,
            votes_for=_int(row["for"], "for", source),
            votes_against=_int(row["against"], "against", source),
            votes_abstain=_int(row["abstain"], "abstain", source),
            is_secret=not ballots,
            is_candidate_vote=False,
            ballots=tuple(ballots),
            source_url=url,
        )
        if ballots:
            check_ballots(
                ballots,
                votes_for=record.votes_for,
                votes_against=record.votes_against,
                votes_abstain=record.votes_abstain,
                source=source,
            )
        if record.not_voting != _int(row["not_voting"], "not_voting", source):
            raise ParseError(
                source,
                f"not_voting column {row['not_voting']} but {record.not_voting} Nebalsoja ballots",
            )
        if len(ballots) != _int(row["ballots"], "ballots", source):
            raise ParseError(source, f"ballots column {row['ballots']} but {len(ballots)} rows")
        records.append(record)
    return records
