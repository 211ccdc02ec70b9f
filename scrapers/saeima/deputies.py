"""Deputy lists: the titania DepWeb view and the stored rosters (Delna CSVs, a pasted faction
table, the project's dump, EveryPolitician Popolo).

Each parser returns `DeputyRecord`s and raises `ParseError` naming the source and what was
missing. Name keys for matching are in `scrapers.saeima.names` (re-exported here).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace

from scrapers.errors import ParseError
from scrapers.records.parliament import DeputyRecord
from scrapers.saeima.names import name_key, name_key_from_full, normalise_name

__all__ = [
    "FACTION_SHORT_BY_NAME",
    "MIN_DEPWEB_DEPUTIES",
    "UNAFFILIATED_NAME",
    "faction_short_for",
    "name_key",
    "name_key_from_full",
    "normalise_name",
    "parse_delna_csv",
    "parse_deputy_list",
    "parse_dump_deputies_csv",
    "parse_pasted_faction_table",
    "parse_popolo_persons",
]

MIN_DEPWEB_DEPUTIES = 90
UNAFFILIATED_NAME = "Pie frakcijām nepiederošie deputāti"

# Official faction name (DepWeb `lst`) → code printed on vote pages (DepWeb `shortStr`), per
# convocation. Taken from the real 2026 DepWeb view; a name missing here maps to None (unknown),
# e.g. Frakcija “Stabilitātei!”, whose vote-page code varies (S!, ST!, ST) and was not seen raw.
FACTION_SHORT_BY_NAME: Mapping[int, Mapping[str, str]] = {
    14: {
        "Frakcija JAUNĀ VIENOTĪBA": "JV",
        "Zaļo un Zemnieku savienības frakcija": "ZZS",
        "Frakcija “Nacionālā apvienība”": "NA",
        "Frakcija “APVIENOTAIS SARAKSTS – Latvijas Zaļā partija, Latvijas Reģionu Apvienība, "
        "Liepājas partija”": "AS",
        "Frakcija PROGRESĪVIE": "PRO",
        "Frakcija LATVIJA PIRMAJĀ VIETĀ": "LPV",
        UNAFFILIATED_NAME: "",
    },
}

_UNID = re.compile(r"^[0-9A-F]{32}$")
_UNID_IN_URL = re.compile(r"(?:unid=|/0/)([0-9A-Fa-f]{32})")


def faction_short_for(term: int | None, faction_name: str | None) -> str | None:
    """The vote-page faction code of an official faction name, or None when unknown."""
    if faction_name is None:
        return None
    if faction_name.strip() == UNAFFILIATED_NAME:
        return ""
    return FACTION_SHORT_BY_NAME.get(term or 0, {}).get(faction_name.strip())


def _decode(content: bytes | str, source: str) -> str:
    if isinstance(content, str):
        return content
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(source, f"not UTF-8 text ({exc})") from exc


# --- titania DepWeb ----------------------------------------------------------------------------

_DRAW_DEP = re.compile(r"drawDep\(\s*\{(?P<body>.*?)\}\s*\)", re.DOTALL)
_JS_FIELD = re.compile(r'(?P<key>[A-Za-z_]\w*)\s*:\s*"(?P<value>(?:[^"\\]|\\.)*)"')
_JS_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _js_unescape(value: str) -> str:
    def repl(match: re.Match[str]) -> str:
        esc = match.group(1)
        if esc[0] in "ux" and len(esc) > 1:
            return chr(int(esc[1:], 16))
        return _SIMPLE_ESCAPES.get(esc, esc)

    return _JS_ESCAPE.sub(repl, value)


def _term_from(url: str) -> int | None:
    match = re.search(r"saeima(\d{2})_depweb", url, re.IGNORECASE)
    return int(match.group(1)) if match else None


def parse_deputy_list(
    content: bytes | str, *, url: str, minimum: int = MIN_DEPWEB_DEPUTIES
) -> list[DeputyRecord]:
    """Parse the DepWeb `deputies?OpenView` page: one `drawDep({sname,name,shortStr,lst,unid})`
    per current deputy.

    Raises `ParseError` when fewer than `minimum` deputies parse (the view normally lists 100),
    when a call lacks a field, has a malformed UNID, or a UNID repeats.
    """
    text = _decode(content, url)
    calls = list(_DRAW_DEP.finditer(text))
    term = _term_from(url)
    deputies: list[DeputyRecord] = []
    seen: set[str] = set()
    for number, call in enumerate(calls, start=1):
        fields = {m["key"]: _js_unescape(m["value"]) for m in _JS_FIELD.finditer(call["body"])}
        missing = [k for k in ("sname", "name", "shortStr", "lst", "unid") if k not in fields]
        if missing:
            raise ParseError(url, f"drawDep call {number} lacks {', '.join(missing)}")
        unid = fields["unid"].strip().upper()
        if not _UNID.match(unid):
            raise ParseError(url, f"drawDep call {number} has a malformed unid {unid!r}")
        if unid in seen:
            raise ParseError(url, f"drawDep call {number} repeats unid {unid}")
        seen.add(unid)
        first, last = fields["name"].strip(), fields["sname"].strip()
        if not first or not last:
            raise ParseError(url, f"drawDep call {number} ({unid}) has an empty name")
        deputies.append(
            DeputyRecord(
                external_id=unid,
                first_name=first,
                last_name=last,
                full_name=f"{first} {last}",
                faction_short=fields["shortStr"].strip(),
                faction_name=fields["lst"].strip() or None,
                source_url=url,
                term=term,
            )
        )
    if len(deputies) < minimum:
        raise ParseError(
            url, f"only {len(deputies)} drawDep deputies parsed, expected at least {minimum}"
        )
    return deputies


# --- Delna / Integrity Watch CSV ---------------------------------------------------------------

_DELNA_NAME = "Deputāts/e"
_DELNA_FACTION = "Frakcija"


def _delna_url_column(fieldnames: Iterable[str]) -> str | None:
    for name in fieldnames:
        if name.startswith("Darbība"):
            return name
    return None


def parse_delna_csv(content: bytes | str, *, url: str, term: int) -> list[DeputyRecord]:
    """Parse a Delna "Integrity Watch" deputies CSV (`groups.csv`, `groups_14.csv`).

    The 13th-Saeima file prints "Surname, Name" (split kept); the 14th-Saeima file prints
    "Name Surname", so `first_name`/`last_name` stay None there. The UNID comes from the titania
    profile link — except when two rows share one link, then neither keeps it —; the faction
    code from `FACTION_SHORT_BY_NAME` (None when unknown).
    """
    text = _decode(content, url)
    reader = csv.DictReader(io.StringIO(text))
    fieldnames = reader.fieldnames or []
    for required in (_DELNA_NAME, _DELNA_FACTION):
        if required not in fieldnames:
            raise ParseError(url, f"CSV header lacks the column {required!r}")
    link_column = _delna_url_column(fieldnames)
    deputies = []
    for line, row in enumerate(reader, start=2):
        printed = (row.get(_DELNA_NAME) or "").strip()
        if not printed:
            raise ParseError(url, f"line {line}: empty deputy name")
        if "," in printed:
            last, _, first = (part.strip() for part in printed.partition(","))
            if not first or not last:
                raise ParseError(url, f"line {line}: cannot split {printed!r}")
            first_name: str | None = first
            last_name: str | None = last
            full_name = f"{first} {last}"
        else:
            first_name = last_name = None
            full_name = " ".join(printed.split())
        link = (row.get(link_column) or "") if link_column else ""
        unid_match = _UNID_IN_URL.search(link)
        faction_name = (row.get(_DELNA_FACTION) or "").strip() or None
        deputies.append(
            DeputyRecord(
                external_id=unid_match.group(1).upper() if unid_match else None,
                first_name=first_name,
                last_name=last_name,
                full_name=full_name,
                faction_short=faction_short_for(term, faction_name),
                faction_name=faction_name,
                source_url=url,
                term=term,
            )
        )
    if not deputies:
        raise ParseError(url, "no deputy rows")
    # The 14th-Saeima file links some pairs of deputies to the same profile (a copy error in the
    # source): such a UNID identifies neither of them, so it is dropped.
    shared = Counter(d.external_id for d in deputies if d.external_id)
    return [
        replace(d, external_id=None) if d.external_id and shared[d.external_id] > 1 else d
        for d in deputies
    ]


# --- pasted faction table (tab-separated "Nr. Vārds Uzvārds Nosaukums") -------------------------


def parse_pasted_faction_table(content: bytes | str, *, url: str, term: int) -> list[DeputyRecord]:
    """Parse a deputies-by-faction table copied from titania: `N.<TAB>Name<TAB>Surname<TAB>Faction`.

    The header line (`Vārds  Uzvārds  Nosaukums`) is skipped; every other non-empty line must
    have four tab-separated cells and a row number.
    """
    text = _decode(content, url)
    deputies = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if line_no == 1 and "Vārds" in cells and "Uzvārds" in cells:
            continue
        if len(cells) != 4 or not re.fullmatch(r"\d+\.?", cells[0]):
            raise ParseError(url, f"line {line_no}: expected 'N.<TAB>name<TAB>surname<TAB>faction'")
        _, first, last, faction_name = cells
        if not first or not last:
            raise ParseError(url, f"line {line_no}: empty name")
        deputies.append(
            DeputyRecord(
                external_id=None,
                first_name=first,
                last_name=last,
                full_name=f"{first} {last}",
                faction_short=faction_short_for(term, faction_name or None),
                faction_name=faction_name or None,
                source_url=url,
                term=term,
            )
        )
    if not deputies:
        raise ParseError(url, "no deputy rows")
    return deputies


# --- the project's dump: deputies.csv ----------------------------------------------------------

_DUMP_COLUMNS = ("deputy_id", "first_name", "last_name", "faction_short", "faction_name", "source")


def parse_dump_deputies_csv(
    content: bytes | str, *, url: str, term: int | None = None
) -> list[DeputyRecord]:
    """Parse the dump layout `deputy_id,first_name,last_name,faction_short,faction_name,source`.

    Empty `deputy_id`/`faction_name` become None; an empty `faction_short` stays "" (the dump's
    convention for unaffiliated). The `source` column is kept as `source_note`.
    """
    text = _decode(content, url)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in _DUMP_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ParseError(url, f"CSV header lacks {', '.join(missing)}")
    deputies = []
    for line, row in enumerate(reader, start=2):
        first, last = row["first_name"].strip(), row["last_name"].strip()
        if not first or not last:
            raise ParseError(url, f"line {line}: empty first_name or last_name")
        unid = row["deputy_id"].strip().upper() or None
        if unid is not None and not _UNID.match(unid):
            raise ParseError(url, f"line {line}: malformed deputy_id {unid!r}")
        deputies.append(
            DeputyRecord(
                external_id=unid,
                first_name=first,
                last_name=last,
                full_name=f"{first} {last}",
                faction_short=row["faction_short"].strip(),
                faction_name=row["faction_name"].strip() or None,
                source_url=url,
                term=term,
                source_note=row["source"].strip() or None,
            )
        )
    return deputies


# --- EveryPolitician Popolo --------------------------------------------------------------------


def _iso_date(value: object, source: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ParseError(source, f"bad date {value!r}") from exc


def parse_popolo_persons(content: bytes | str, *, url: str, term: int) -> list[DeputyRecord]:
    """Parse an EveryPolitician Popolo export into one record per membership in `term`.

    `external_id` is the titania UNID of that convocation, read from the membership's source
    link (`saeima{N}_depweb_public.nsf/0/{UNID}`); `faction_name` is the Popolo organisation's
    name as given (English, HTML entities decoded); `faction_short` is None (Popolo has no vote-page codes).
    """
    try:
        data = json.loads(_decode(content, url))
    except json.JSONDecodeError as exc:
        raise ParseError(url, f"not JSON ({exc})") from exc
    for key in ("persons", "memberships", "organizations"):
        if not isinstance(data.get(key), list):
            raise ParseError(url, f"Popolo document lacks a {key!r} list")
    persons = {p["id"]: p for p in data["persons"] if "id" in p}
    organisations = {o["id"]: o for o in data["organizations"] if "id" in o}
    period = f"term/{term}"
    deputies = []
    for membership in data["memberships"]:
        if membership.get("legislative_period_id") != period:
            continue
        person = persons.get(membership.get("person_id"))
        if person is None:
            raise ParseError(url, f"membership names unknown person {membership.get('person_id')}")
        first = (person.get("given_name") or "").strip()
        last = (person.get("family_name") or "").strip()
        full = (person.get("name") or f"{first} {last}").strip()
        unid = None
        for source in membership.get("sources") or []:
            found = re.search(
                rf"saeima{term}_depweb_public\.nsf/0/([0-9A-Fa-f]{{32}})", source.get("url", "")
            )
            if found:
                unid = found.group(1).upper()
                break
        faction = organisations.get(membership.get("on_behalf_of_id") or "")
        deputies.append(
            DeputyRecord(
                external_id=unid,
                first_name=first or None,
                last_name=last or None,
                full_name=full,
                faction_short=None,
                faction_name=html.unescape(faction["name"])
                if faction and faction.get("name")
                else None,
                source_url=url,
                term=term,
                start_date=_iso_date(membership.get("start_date"), url),
                end_date=_iso_date(membership.get("end_date"), url),
            )
        )
    if not deputies:
        raise ParseError(url, f"no memberships for {period}")
    return deputies
