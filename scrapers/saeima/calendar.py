"""The sittings calendar: titania `DK?ReadForm&calendar=1` and the derived JSON list.

The calendar page carries one inline call per *stage* of a sitting, not one per sitting:

    dCC("1980013009000005","2020","1","23 / 30","1","5","5c406990-4302-4204-b889-fe5b3971d0a5");

Arguments (seen on a real 13th-Saeima page, Helge47/balsojumi-api `calendar.html`): 0 a sort key
(`{4000-year}{MMDD}{HHMM}{stage:04}`), 1 year, 2 month, 3 day — or the sitting's days so far,
`"23 / 30"`, the last being this entry's day —, 4 sitting type (1 kārtējā, 2 ārkārtas,
3 svinīgā, 4 slēgtā, 5 jautājumu, 6 ārkārtas sesijas, 7 kārtējā pusstundu pēc ārkārtas,
8/9 otrās/trešās ārkārtas sesijas), 5 stage (the page's `stageLabels`: 6 Izskatīta, 8 Atcelta …),
6 the sitting's GUID. Entries are grouped by GUID into one `SittingRecord`.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import defaultdict
from collections.abc import Mapping

from scrapers.errors import ParseError
from scrapers.records.parliament import SittingKind, SittingRecord
from scrapers.saeima.urls import agenda_url, term_from_url

__all__ = [
    "SITTING_KINDS",
    "STAGE_LABELS",
    "parse_calendar",
    "parse_sittings_json",
    "sitting_kind",
]

SITTING_KINDS: Mapping[int, SittingKind] = {
    1: SittingKind.REGULAR,
    2: SittingKind.EXTRAORDINARY,
    3: SittingKind.CEREMONIAL,
    4: SittingKind.CLOSED,
    5: SittingKind.QUESTIONS,
    6: SittingKind.EXTRAORDINARY_SESSION,
    7: SittingKind.REGULAR_AFTER_EXTRAORDINARY,
    8: SittingKind.EXTRAORDINARY_SESSION,
    9: SittingKind.EXTRAORDINARY_SESSION,
}

# The calendar page's own `stageLabels` (13th Saeima); a page that prints its own table wins.
STAGE_LABELS: Mapping[int, str] = {
    1: "Sagatave",
    2: "Projekts",
    3: "Apstiprināta",
    4: "Publicēta",
    5: "Sākta sēde",
    6: "Izskatīta",
    7: "Pārtraukta sēde",
    8: "Atcelta",
    9: "Dzēsta",
    10: "Sēde nav notikusi",
    11: "Nav kvoruma - sēde slēgta",
    12: "Pārcelta",
    15: "Sagatave_fiksēta",
}

# session_type values of the derived JSON list (imaksligais/atmina-lv).
_JSON_KINDS: Mapping[str, SittingKind] = {
    "regular": SittingKind.REGULAR,
    "arkartas": SittingKind.EXTRAORDINARY,
    "sviniga": SittingKind.CEREMONIAL,
    "slegta": SittingKind.CLOSED,
    "jautajumi": SittingKind.QUESTIONS,
    "arkartas_sesija": SittingKind.EXTRAORDINARY_SESSION,
}

_DCC = re.compile(r'\bdCC\(\s*(?P<args>"[^()]*)\)')
_JS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_GUID = re.compile(r"^[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
_STAGE_LABEL = re.compile(r'stageLabels\[\s*"(\d+)"\s*\]\s*=\s*"([^"]*)"')


def sitting_kind(type_code: int, *, source: str) -> SittingKind:
    """Map a calendar type code / `SESSIONTYPE` to a `SittingKind`."""
    try:
        return SITTING_KINDS[type_code]
    except KeyError:
        raise ParseError(source, f"unknown sitting type code {type_code}") from None


def _int(value: str, what: str, source: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise ParseError(source, f"{what} is not a number: {value!r}") from None


def parse_calendar(
    content: bytes | str, *, url: str, term: int | None = None
) -> list[SittingRecord]:
    """Parse the calendar page into one `SittingRecord` per sitting GUID, sorted by date.

    `date` is the earliest day, `dates` every day the sitting appears on, `kind` and `status`
    come from its latest entry (by day, time and stage).
    """
    text = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
    term = term if term is not None else term_from_url(url)
    if term is None:
        raise ParseError(url, "the URL names no convocation (LIVS{N}); pass term=")
    labels = dict(STAGE_LABELS)
    labels.update({int(k): html.unescape(v) for k, v in _STAGE_LABEL.findall(text)})

    entries: dict[str, list[tuple[dt.date, str, int, int]]] = defaultdict(list)
    for number, call in enumerate(_DCC.finditer(text), start=1):
        args = _JS_STRING.findall(call.group("args"))
        where = f"dCC call {number}"
        if len(args) != 7:
            raise ParseError(url, f"{where} has {len(args)} arguments, expected 7")
        key, year, month, days, type_code, stage, guid = (a.strip() for a in args)
        if not _GUID.match(guid):
            raise ParseError(url, f"{where} has no sitting GUID: {guid!r}")
        last_day = days.split("/")[-1]
        try:
            day = dt.date(
                _int(year, "year", url), _int(month, "month", url), _int(last_day, "day", url)
            )
        except ValueError as exc:
            raise ParseError(url, f"{where}: impossible date {year}-{month}-{days}") from exc
        time_of_day = key[8:12] if re.fullmatch(r"\d{16}", key) else "0000"
        entries[guid.lower()].append(
            (day, time_of_day, _int(stage, "stage", url), _int(type_code, "type", url))
        )
    if not entries:
        raise ParseError(url, "no dCC(...) calendar entries")

    sittings = []
    for guid, found in entries.items():
        found.sort()
        latest = found[-1]
        dates = tuple(sorted({entry[0] for entry in found}))
        sittings.append(
            SittingRecord(
                external_id=guid,
                term=term,
                date=dates[0],
                kind=sitting_kind(latest[3], source=url),
                url=agenda_url(term, guid),
                dates=dates,
                status=labels.get(latest[2]),
                type_code=latest[3],
            )
        )
    sittings.sort(key=lambda s: (s.date, s.external_id))
    return sittings


def parse_sittings_json(content: bytes | str, *, url: str) -> list[SittingRecord]:
    """Parse the derived calendar list `[{year, month, day, session_type, uuid, url}, …]`."""
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ParseError(url, f"not JSON ({exc})") from exc
    if not isinstance(data, list):
        raise ParseError(url, "expected a JSON list of sittings")
    sittings = []
    for index, item in enumerate(data):
        where = f"item {index}"
        try:
            day = dt.date(int(item["year"]), int(item["month"]), int(item["day"]))
            session_type, guid, page = item["session_type"], item["uuid"], item["url"]
        except (KeyError, TypeError, ValueError) as exc:
            raise ParseError(url, f"{where}: missing or bad field ({exc})") from exc
        if session_type not in _JSON_KINDS:
            raise ParseError(url, f"{where}: unknown session_type {session_type!r}")
        if not _GUID.match(guid):
            raise ParseError(url, f"{where}: not a GUID {guid!r}")
        term = term_from_url(page)
        if term is None:
            raise ParseError(url, f"{where}: its url names no convocation")
        sittings.append(
            SittingRecord(
                external_id=guid.lower(),
                term=term,
                date=day,
                kind=_JSON_KINDS[session_type],
                url=page,
                dates=(day,),
            )
        )
    return sittings
