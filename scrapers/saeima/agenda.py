"""A sitting's agenda (darba kārtība) with each item's vote tally and official outcome label.

The outcome label ("Pieņemts", "Noraidīts", "Likums", "Nod. kom.", "Paziņojums", …) exists only
on the agenda page, not on the vote page, so it is read here and kept verbatim.

- Raw page `LIVS{N}/SaeimaLIVS2_DK.nsf/DK?ReadForm&nr={uuid}`: every bill/decision item is a JS
  call `drawDKP_Pr("…", …)` with string arguments (0-based): 0/1 section and subsection (codes or
  text), 2 title (percent-encoded UTF-8), 3 document number, 4 item number, 5 item id (32 hex),
  6 submitters or the reporting committee, 7 committee "(atbildīgā)", 8 tally and `<b>label</b>`,
  9 reading code (looked up in the page's own `drAl[…]` table), 10 proposals note, 12 documents,
  14 date, 21 item guid, 23 document type code (the page's `setupDocTypes[…]`), 30 rapporteur.
  Votes hang off items through `addVotesLink("{item id}","{vote id}",…)`; a live agenda has no
  such calls and its vote page is `Voting?ReadForm&parentID={item guid}`. Vote URLs are built
  with `scrapers.saeima.urls` (the Saeima number is read from the page URL, `/LIVS{N}/`). `drawDKP_UT` calls
  (attendance, agenda changes) are procedural and not returned.
- Rendered page (Playwright snapshot): one table row per item, "N. Likumprojekts TITLE (1292/Lp14)
  (Dok. Nr. 4595, 4595A) Balsojums: par 21, pret 44, atturas 12 Noraidīts Deputāti …".
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import date
from urllib.parse import unquote

from scrapers.errors import ParseError
from scrapers.records.legislation import LIVS_NUMBER_RE, AgendaItemRecord, AgendaRecord, StageKind
from scrapers.saeima.bills import STAGE_BY_HEADER, parse_lv_date, split_names
from scrapers.saeima.snapshot import AriaNode, normalise_space, parse_aria_snapshot
from scrapers.saeima.urls import term_from_url, vote_live_url, vote_page_url

_TALLY_RE = re.compile(r"^par (\d+), pret (\d+), atturas (\d+)\s*(.*)$")
_SECTION_RE = re.compile(r"^[IVXLC]+\.\s+\S")
_SUBSECTION_RE = re.compile(r"^\d+\.\s+\S")
_HEADING_RE = re.compile(
    r"^(?:(?P<n>\d+)\.\s+)?"
    r"(?:(?P<kind>Likumprojekts|Lēmuma projekts|Pieprasījums|Jautājums)\s+)?(?P<title>.*)$"
)
_SITTING_RE = re.compile(r"(?P<year>\d{4})\.\s*gada\s+(?P<day>\d{1,2})\.\s*(?P<month>\w+)")
_GUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HEX32_RE = re.compile(r"^[0-9A-F]{32}$")
_READING_RE = re.compile(r"^\d\. lasījums$")
_REFERENT_RE = re.compile(r"^(?P<committee>.*?)\s*\(Referent\w*:\s*(?P<name>[^)]*)\)$")
_RESPONSIBLE_MARK = "(atbildīgā)"

MONTHS_GENITIVE = {
    "janvāra": 1,
    "februāra": 2,
    "marta": 3,
    "aprīļa": 4,
    "maija": 5,
    "jūnija": 6,
    "jūlija": 7,
    "augusta": 8,
    "septembra": 9,
    "oktobra": 10,
    "novembra": 11,
    "decembra": 12,
}

_NAV_LINKS = frozenset({"Debates", "DKP izskatīšanas gaita"})

STATUS_LABELS = frozenset({"Izslēgts no DK"})
"""Outcome labels printed on their own line (not after a tally) on the rendered agenda."""

_INSTITUTIONS = frozenset(
    {
        "Ministru kabinets",
        "Valsts prezidents",
        "Saeimas Prezidijs",
        "Latvijas Republikas tiesībsargs",
    }
)


def sitting_date(heading: str) -> date | None:
    """The date in "2026.gada 16.aprīļa Saeimas kārtējās sēdes darba kārtība", or None."""
    match = _SITTING_RE.search(heading)
    if match is None:
        return None
    month = MONTHS_GENITIVE.get(match["month"].lower())
    if month is None:
        return None
    return date(int(match["year"]), month, int(match["day"]))


def _stage(label: str | None) -> StageKind | None:
    return STAGE_BY_HEADER.get(label) if label else None


def referral(text: str) -> tuple[tuple[str, ...], str | None]:
    """Committees in "Ārlietu komisija(atbildīgā), Tautsaimniecības, … komisija": all of them
    without the marker, and the one marked responsible (atbildīgā)."""
    committees: list[str] = []
    responsible: str | None = None
    for name in split_names(normalise_space(text)):
        if name.endswith(_RESPONSIBLE_MARK):
            name = name.removesuffix(_RESPONSIBLE_MARK).strip()
            responsible = responsible or name
        committees.append(name)
    return tuple(committees), responsible


def _strip_words(text: str, phrases: frozenset[str]) -> str:
    for phrase in phrases:
        text = text.replace(phrase, "")
    return text.strip()


def _is_submitter(text: str) -> bool:
    return (
        text.startswith("Deputāt")
        or text.endswith("komisija")
        or text in _INSTITUTIONS
        or text.startswith("Ministru prezident")
    )


def _submitters(text: str) -> tuple[str, ...]:
    if text.startswith("Deputāt"):
        return split_names(text.split(" ", 1)[1] if " " in text else "")
    return (text,)


# --------------------------------------------------------------------------------------------
# Rendered snapshot
# --------------------------------------------------------------------------------------------


def _term(url: str) -> int:
    term = term_from_url(url)
    if term is None:
        raise ParseError(url, "cannot tell the Saeima number from the URL (…/LIVS{N}/…)")
    return term


def _vote_url(node: AriaNode, *, url: str) -> str | None:
    match = re.search(r"Voting\?ReadForm&parentID=([0-9a-fA-F-]{36})", node.url or "")
    return vote_live_url(_term(url), match[1]) if match else None


def _guid_from(node: AriaNode) -> str | None:
    match = re.search(r"(?:[?&]dkp=|parentID=)([0-9a-f-]{36})", node.url or "")
    return match[1] if match else None


def _snapshot_item(
    number_cell: AriaNode,
    content: AriaNode,
    section: str | None,
    subsection: str | None,
    *,
    url: str,
) -> AgendaItemRecord:
    position = int(normalise_space(number_cell.name or "").rstrip("."))
    parts = [c for c in content.children if c.role in ("generic", "link")]
    if not parts:
        raise ParseError(url, f"agenda item {position}: empty cell")
    heading_node, rest = parts[0], parts[1:]
    heading_text = normalise_space(
        " ".join(c.value or "" for c in heading_node.children if c.role == "text")
        or heading_node.value
        or ""
    )
    heading = _HEADING_RE.match(heading_text)
    if heading is None or not heading["title"]:
        raise ParseError(url, f"agenda item {position}: no title in {heading_text[:80]!r}")
    number = next(
        (
            normalise_space(n.name)
            for n in heading_node.iter()
            if n.role == "link" and n.name and LIVS_NUMBER_RE.match(normalise_space(n.name))
        ),
        None,
    )

    documents: list[str] = []
    notes: list[str] = []
    submitters: tuple[str, ...] = ()
    committees: tuple[str, ...] = ()
    reporting_committee = rapporteur = responsible = outcome = None
    tally: tuple[int, int, int] | None = None
    vote_urls: list[str] = []
    guid: str | None = None

    for part in rest:
        text = part.text()
        links = [n for n in part.iter() if n.role == "link"]
        for link in links:
            guid = guid or _guid_from(link)
        if any("WEBRespDocumByNum" in (n.url or "") for n in links) or text.startswith("(Dok."):
            for node in part.iter():
                if node.role == "link" and "WEBRespDocumByNum" in (node.url or ""):
                    documents.append(normalise_space(node.name or ""))
                elif node.role == "link" and normalise_space(node.name or "") == "Balsojums":
                    vote = _vote_url(node, url=url)
                    if vote:
                        vote_urls.append(vote)
                elif node.role == "generic" and node.value:
                    value = normalise_space(node.value)
                    match = _TALLY_RE.match(value)
                    if match:
                        tally = (int(match[1]), int(match[2]), int(match[3]))
                        outcome = match[4] or None
                    elif not value.startswith("(Dok."):
                        outcome = value
            continue
        link_names = {normalise_space(n.name or "") for n in links}
        if links and link_names <= _NAV_LINKS and not _strip_words(text, _NAV_LINKS):
            continue
        if re.fullmatch(r"(\([^()]*\)\s*)+", text):
            notes.extend(normalise_space(n) for n in re.findall(r"\(([^()]*)\)", text))
        elif re.match(r"^Nodots komisij(?:ai|ām):", text):
            committees, responsible = referral(text.split(":", 1)[1])
        elif (match := _REFERENT_RE.match(text)) is not None:
            reporting_committee, rapporteur = match["committee"] or None, match["name"].strip()
        elif text in STATUS_LABELS:
            outcome = text
        elif _is_submitter(text):
            submitters = _submitters(text)
        elif text:
            notes.append(text)

    stage_label = next((n for n in notes if _READING_RE.match(n)), None)
    return AgendaItemRecord(
        position=position,
        section_position=int(heading["n"]) if heading["n"] else None,
        section=section,
        subsection=subsection,
        kind=heading["kind"],
        title=heading["title"],
        number=number,
        documents=tuple(documents),
        stage_label=stage_label,
        stage=_stage(stage_label),
        notes=tuple(notes),
        submitters=submitters,
        reporting_committee=reporting_committee,
        rapporteur=rapporteur,
        committees=committees,
        responsible_committee=responsible,
        votes_for=tally[0] if tally else None,
        votes_against=tally[1] if tally else None,
        votes_abstain=tally[2] if tally else None,
        outcome=outcome,
        item_id=None,
        item_guid=guid,
        vote_urls=tuple(vote_urls),
        source_url=url,
    )


def parse_agenda_snapshot(text: str, *, url: str) -> AgendaRecord:
    """Parse a rendered agenda page into its items, in page order.

    `url` is the agenda page's address; relative vote links are resolved against it. Raises
    `ParseError` when the page holds no agenda item.
    """
    tree = parse_aria_snapshot(text, url=url)
    heading = next(
        (
            normalise_space(n.value)
            for n in tree.iter()
            if n.role == "generic"
            and n.value
            and "darba kārtība" in n.value
            and _SITTING_RE.search(n.value)
        ),
        None,
    )
    items: list[AgendaItemRecord] = []
    section: str | None = None
    subsection: str | None = None
    for node in tree.iter():
        if node.role != "row":
            continue
        cells = [c for c in node.children if c.role == "cell"]
        if len(cells) == 1 and not any(d.role == "table" for d in cells[0].iter()):
            label = normalise_space(cells[0].name or cells[0].text())
            if _SECTION_RE.match(label):
                section, subsection = label, None
            elif _SUBSECTION_RE.match(label):
                subsection = label
            continue
        if (
            len(cells) >= 2
            and re.fullmatch(r"\d+\.", normalise_space(cells[0].name or ""))
            and any(c.role == "generic" for c in cells[1].children)
        ):
            items.append(_snapshot_item(cells[0], cells[1], section, subsection, url=url))
    if not items:
        raise ParseError(url, "no agenda items found")
    return AgendaRecord(
        title=heading,
        date=sitting_date(heading) if heading else None,
        items=tuple(items),
        source_url=url,
    )


# --------------------------------------------------------------------------------------------
# Raw HTML (inline JavaScript)
# --------------------------------------------------------------------------------------------

_CALL_RE = re.compile(r"\b(drawDKP_Pr|drawDKP_UT|addVotesLink)\(")
_ARG_RE = re.compile(r'\s*"((?:[^"\\]|\\.)*)"\s*([,)])')
_DRAL_RE = re.compile(r'drAl\["(\d+)"\]\s*=\s*"([^"]*)"')
_DOCTYPE_RE = re.compile(r"setupDocTypes\['(\d+)'\]\s*=\s*\"([^\"]*)\"")
_STAGE_DATE_RE = re.compile(r'<div class="StageDate"[^>]*>(.*?)</div>', re.DOTALL)


def _js_args(source: str, start: int, *, url: str) -> list[str]:
    args: list[str] = []
    pos = start
    while True:
        match = _ARG_RE.match(source, pos)
        if match is None:
            if source[pos : pos + 1] == ")" and not args:
                return args
            raise ParseError(url, f"malformed JS call arguments at offset {pos}")
        args.append(match[1])
        pos = match.end()
        if match[2] == ")":
            return args


def _decode(value: str) -> str:
    return normalise_space(html_lib.unescape(unquote(value)))


def _arg(args: list[str], i: int) -> str:
    return _decode(args[i]) if i < len(args) else ""


def _html_item(
    args: list[str],
    *,
    readings: dict[str, str],
    doc_types: dict[str, str],
    votes: dict[str, list[str]],
    url: str,
) -> AgendaItemRecord:
    if len(args) < 13:
        raise ParseError(url, f"drawDKP_Pr with {len(args)} arguments (need at least 13)")
    position_text = _arg(args, 4)
    if not position_text.isdigit():
        raise ParseError(url, f"drawDKP_Pr item number {position_text!r} is not a number")
    position = int(position_text)
    number = _arg(args, 3) or None
    if number is not None and not LIVS_NUMBER_RE.match(number):
        raise ParseError(url, f"item {position}: bad document number {number!r}")
    item_id = args[5].upper()
    if not _HEX32_RE.match(item_id):
        raise ParseError(url, f"item {position}: bad item id {args[5]!r}")
    title = _arg(args, 2)
    if not title:
        raise ParseError(url, f"item {position}: empty title")

    raw_result = html_lib.unescape(args[8])
    tally_match = re.search(r"par (\d+), pret (\d+), atturas (\d+)", raw_result)
    label_match = re.search(r"<b>(.*?)</b>", raw_result, re.DOTALL)
    outcome = normalise_space(re.sub(r"<[^>]+>", "", label_match[1])) if label_match else None

    presenter = _arg(args, 6)
    rapporteur = _arg(args, 30) or None
    submitters: tuple[str, ...] = ()
    reporting_committee = None
    if presenter and rapporteur:
        reporting_committee = presenter
    elif presenter:
        submitters = _submitters(presenter)
    committees, responsible = referral(_arg(args, 7))
    stage_label = _decode(readings.get(args[9], "")) or None
    guid = args[21] if len(args) > 21 and _GUID_RE.match(args[21]) else None
    item_votes = [vote_page_url(_term(url), vote) for vote in votes.get(item_id, [])]
    if not item_votes and tally_match and guid:
        item_votes = [vote_live_url(_term(url), guid)]
    section, subsection = _arg(args, 0), _arg(args, 1)
    return AgendaItemRecord(
        position=position,
        section_position=None,
        section=None if not section or section.isdigit() else section,
        subsection=None if not subsection or subsection.isdigit() else subsection,
        kind=_decode(doc_types.get(args[23], "")) or None if len(args) > 23 else None,
        title=title,
        number=number,
        documents=tuple(d.strip() for d in _arg(args, 12).split(",") if d.strip()),
        stage_label=stage_label,
        stage=_stage(stage_label),
        notes=(_arg(args, 10),) if _arg(args, 10) else (),
        submitters=submitters,
        reporting_committee=reporting_committee,
        rapporteur=rapporteur,
        committees=committees,
        responsible_committee=responsible,
        votes_for=int(tally_match[1]) if tally_match else None,
        votes_against=int(tally_match[2]) if tally_match else None,
        votes_abstain=int(tally_match[3]) if tally_match else None,
        outcome=outcome or None,
        item_id=item_id,
        item_guid=guid,
        vote_urls=tuple(item_votes),
        source_url=url,
    )


def parse_agenda_html(html: str | bytes, *, url: str) -> AgendaRecord:
    """Parse a raw titania agenda page (`DK?ReadForm&nr=…` or `&actual=1`) into its
    `drawDKP_Pr` items with tallies, verbatim outcome labels and vote page URLs.

    Raises `ParseError` when there is no `drawDKP_Pr` call or a call is malformed.
    """
    source = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
    readings = dict(_DRAL_RE.findall(source))
    doc_types = dict(_DOCTYPE_RE.findall(source))
    calls = [(m[1], _js_args(source, m.end(), url=url)) for m in _CALL_RE.finditer(source)]
    votes: dict[str, list[str]] = {}
    for name, args in calls:
        if name == "addVotesLink":
            if len(args) < 2:
                raise ParseError(url, f"addVotesLink with {len(args)} arguments")
            votes.setdefault(args[0].upper(), []).append(args[1].upper())
    items = [
        _html_item(args, readings=readings, doc_types=doc_types, votes=votes, url=url)
        for name, args in calls
        if name == "drawDKP_Pr"
    ]
    if not items:
        raise ParseError(url, "no drawDKP_Pr agenda items found")
    heading_match = _STAGE_DATE_RE.search(source)
    heading = (
        normalise_space(re.sub(r"<[^>]+>", "", html_lib.unescape(heading_match[1])))
        if heading_match
        else None
    )
    day = sitting_date(heading) if heading else None
    if day is None:
        first_date = next((_arg(a, 14) for n, a in calls if n == "drawDKP_Pr" and _arg(a, 14)), "")
        day = parse_lv_date(first_date, url=url, what="item date") if first_date else None
    return AgendaRecord(title=heading or None, date=day, items=tuple(items), source_url=url)
