"""Bill and decision progress from titania LIVS cards, decision texts, collective submissions.

Pages parsed here:

- the bill card `LIVS14/saeimalivs14.nsf/webSasaiste?OpenView&restricttocategory=1292/Lp14`: a
  stage table whose columns are steps (`Iesniegts`, `Prezidijs`, `Nodošana komis.`,
  `1. lasījums` …) and whose rows are `Datums`, `Rezultāts`, `Dok. nr.`, `Termiņš`;
- the decision/request/question card in `saeimalivs_lmp.nsf`: a table whose header row names the
  columns (`Iesniegts`, `Saeimas sēde`/`Datums`, `Dok. nr.`, `Rezultāts`, repeated per sitting)
  and whose next row holds the values;
- a decision's text page ("Paziņojums" / draft text), read for the verb after "nolemj".

Each page comes in two forms: the raw HTML the site serves (`parse_*_html`) and the rendered
Playwright accessibility snapshot we hold for 16.04.2026 (`parse_*_snapshot`). Both forms are
reduced to the same cell grid, so one set of rules turns them into records. Labels stay
verbatim; an unknown column header raises `ParseError` rather than being guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from scrapers.errors import ParseError
from scrapers.records.legislation import (
    LIVS_NUMBER_RE,
    BillRecord,
    BillStageRecord,
    CollectiveSubmission,
    DecisionTextRecord,
    DecisionVerb,
    DocumentKind,
    StageKind,
)
from scrapers.saeima.snapshot import AriaNode, normalise_space, parse_aria_snapshot

# --------------------------------------------------------------------------------------------
# Shared rules: stage tables, labelled lines, names
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str
    links: tuple[str, ...] = ()


STAGE_BY_HEADER: dict[str, StageKind] = {
    "Iesniegts": StageKind.SUBMITTED,
    "Prezidijs": StageKind.PRESIDIUM,
    "Nodošana komis.": StageKind.REFERRED_TO_COMMITTEES,
    "Nodošana komisijām": StageKind.REFERRED_TO_COMMITTEES,
    "1. lasījums": StageKind.READING_1,
    "2. lasījums": StageKind.READING_2,
    "3. lasījums": StageKind.READING_3,
    "Otrreizēja caurlūkošana": StageKind.RECONSIDERATION,
    "Izsludināts": StageKind.PROCLAIMED,
    "Saeimas sēde": StageKind.PLENARY,
}
"""Card column headers (and agenda reading labels) → stage; anything else is a ParseError."""

_ROW_FIELDS = ("Datums", "Rezultāts", "Dok. nr.", "Termiņš")
_COLUMN_LABELS = ("Iesniegts", "Saeimas sēde", "Datums", "Dok. nr.", "Rezultāts", "Termiņš")

OUTCOME_BY_RESULT: dict[str, StageKind] = {
    "Noraidīts": StageKind.REJECTED,
    "Atsaukts": StageKind.WITHDRAWN,
}
"""Results that end a document's path whatever its kind."""

DECISION_ADOPTED_RESULTS = frozenset({"Pieņemts", "Paziņojums"})
"""Results of a decision's (`Lm`) plenary stage that mean it was adopted ("Paziņojums" is the
notice of an adopted decision, e.g. 953/Lm14 and 942/Lm14 on 16.04.2026)."""

_LABEL_RE = re.compile(
    r"(?P<label>(?P<stem>Iesniedzēj|Referent|Atbildīgā komisija|Adresāt)[a-zāēīū]{0,2}):\s*"
)
_DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def stage_kind(header: str, *, url: str) -> StageKind:
    """Map a card column header or agenda reading label to a `StageKind` (exact vocabulary)."""
    kind = STAGE_BY_HEADER.get(normalise_space(header))
    if kind is None:
        raise ParseError(url, f"unknown stage header {header!r}")
    return kind


def parse_lv_date(text: str, *, url: str, what: str) -> date:
    """Parse `DD.MM.YYYY`; raise `ParseError` naming `what` otherwise."""
    match = _DATE_RE.match(text.strip())
    if match is None:
        raise ParseError(url, f"{what}: not a DD.MM.YYYY date: {text!r}")
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ParseError(url, f"{what}: impossible date {text!r}") from exc


def _optional_date(cell: _Cell | None, *, url: str, what: str) -> date | None:
    if cell is None or not cell.text:
        return None
    return parse_lv_date(cell.text, url=url, what=what)


def _documents(cell: _Cell | None) -> tuple[str, ...]:
    if cell is None or not cell.text:
        return ()
    if cell.links:
        return tuple(normalise_space(link) for link in cell.links if link.strip())
    return tuple(part.strip() for part in cell.text.split(",") if part.strip())


def split_names(text: str) -> tuple[str, ...]:
    """Split a comma list of people or bodies; a piece starting in lower case continues the
    previous one, so "Aizsardzības, iekšlietu un … komisija" stays whole."""
    pieces: list[str] = []
    for raw in text.split(","):
        piece = raw.strip()
        if not piece:
            continue
        if pieces and piece[0].islower():
            pieces[-1] = f"{pieces[-1]}, {piece}"
        else:
            pieces.append(piece)
    return tuple(pieces)


def labelled_values(text: str) -> dict[str, str]:
    """Values after `Iesniedzēji:`, `Referents:`, `Atbildīgā komisija:`, `Adresāts:` in a text
    where they may follow each other on one line; keys are the labels' stems."""
    found: dict[str, str] = {}
    matches = list(_LABEL_RE.finditer(text))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[match.end() : end].split("\n")[0]
        stem = "Atbildīgā" if match["stem"] == "Atbildīgā komisija" else match["stem"]
        found.setdefault(stem, normalise_space(value))
    return found


def _stages_from_rows(
    header: list[_Cell], rows: list[list[_Cell]], *, url: str
) -> tuple[BillStageRecord, ...]:
    """Bill card: columns are stages, rows are `Datums`/`Rezultāts`/`Dok. nr.`/`Termiņš`."""
    labels = [cell.text for cell in header[1:]]
    by_field: dict[str, list[_Cell]] = {}
    for row in rows:
        if not row:
            continue
        name = normalise_space(row[0].text)
        if name not in _ROW_FIELDS:
            raise ParseError(url, f"unknown stage-table row {name!r}")
        values = row[1:]
        if len(values) > len(labels):
            raise ParseError(url, f"row {name!r} has {len(values)} cells for {len(labels)} stages")
        by_field[name] = values
    if "Datums" not in by_field:
        raise ParseError(url, "stage table has no 'Datums' row")

    def cell(name: str, i: int) -> _Cell | None:
        values = by_field.get(name, [])
        return values[i] if i < len(values) else None

    stages = []
    for i, label in enumerate(labels):
        result = cell("Rezultāts", i)
        stages.append(
            BillStageRecord(
                kind=stage_kind(label, url=url),
                label=normalise_space(label),
                date=_optional_date(cell("Datums", i), url=url, what=f"{label} date"),
                result=normalise_space(result.text) or None if result else None,
                documents=_documents(cell("Dok. nr.", i)),
                deadline=_optional_date(cell("Termiņš", i), url=url, what=f"{label} deadline"),
            )
        )
    return tuple(stages)


def _stages_from_columns(
    groups: list[str | None], labels: list[str], values: list[_Cell], *, url: str
) -> tuple[BillStageRecord, ...]:
    """Decision/request card: one header row of column labels, one row of values.

    `Iesniegts` opens the submitted stage; each `Saeimas sēde`/`Datums` column opens a plenary
    stage (named by its group header, e.g. "Saeimas sēde II", when there is one); `Dok. nr.`,
    `Rezultāts` and `Termiņš` belong to the stage opened last.
    """
    if len(values) != len(labels):
        raise ParseError(url, f"card has {len(labels)} column labels but {len(values)} values")
    stages: list[BillStageRecord] = []
    for group, raw_label, value in zip(groups, labels, values, strict=True):
        label = normalise_space(raw_label)
        if label not in _COLUMN_LABELS:
            raise ParseError(url, f"unknown card column {label!r}")
        if label in ("Iesniegts", "Saeimas sēde", "Datums"):
            kind = StageKind.SUBMITTED if label == "Iesniegts" else StageKind.PLENARY
            stage_label = normalise_space(label if label == "Iesniegts" else (group or label))
            stage_date = _optional_date(value, url=url, what=f"{stage_label} date")
            stages.append(BillStageRecord(kind, stage_label, stage_date, None, ()))
            continue
        if not stages:
            raise ParseError(url, f"card column {label!r} comes before any dated column")
        if label == "Dok. nr.":
            stages[-1] = replace(stages[-1], documents=_documents(value))
        elif label == "Rezultāts":
            stages[-1] = replace(stages[-1], result=normalise_space(value.text) or None)
        else:
            deadline = _optional_date(value, url=url, what="Termiņš")
            stages[-1] = replace(stages[-1], deadline=deadline)
    return tuple(stages)


def _outcome(kind: DocumentKind, stages: tuple[BillStageRecord, ...]) -> StageKind | None:
    for stage in stages:
        if stage.kind is StageKind.PROCLAIMED and stage.date is not None:
            return StageKind.PROCLAIMED
    results = [s for s in stages if s.result]
    if not results:
        return None
    last = results[-1]
    if last.result in OUTCOME_BY_RESULT:
        return OUTCOME_BY_RESULT[last.result]
    if (
        kind is DocumentKind.DECISION
        and last.kind is StageKind.PLENARY
        and last.result in DECISION_ADOPTED_RESULTS
    ):
        return StageKind.ADOPTED
    return None


def _build_record(
    number: str,
    title: str,
    stages: tuple[BillStageRecord, ...],
    labels: dict[str, str],
    *,
    url: str,
) -> BillRecord:
    match = LIVS_NUMBER_RE.match(number)
    if match is None:
        raise ParseError(url, f"not a LIVS document number: {number!r}")
    if not title:
        raise ParseError(url, f"{number}: no title")
    kind = DocumentKind(match["kind"])
    results = [s.result for s in stages if s.result]
    submitters = labels.get("Iesniedzēj", "")
    rapporteurs = labels.get("Referent", "")
    return BillRecord(
        number=number,
        term=int(match["term"]),
        kind=kind,
        title=normalise_space(title),
        submitters=split_names(submitters),
        rapporteurs=split_names(rapporteurs),
        responsible_committee=labels.get("Atbildīgā") or None,
        addressee=labels.get("Adresāt") or None,
        stages=stages,
        status=results[-1] if results else None,
        outcome=_outcome(kind, stages),
        source_url=url,
    )


# --------------------------------------------------------------------------------------------
# Cards: rendered snapshots
# --------------------------------------------------------------------------------------------


def _snapshot_tables(tree: AriaNode) -> Iterator[list[list[_Cell]]]:
    for node in tree.iter():
        if node.role != "table":
            continue
        rows: list[list[_Cell]] = []
        for group in node.children:
            if group.role != "rowgroup":
                continue
            for row in group.children:
                if row.role != "row":
                    continue
                cells = [
                    _Cell(
                        text=normalise_space(c.name) if c.name else c.text(),
                        links=tuple(d.name or "" for d in c.iter() if d.role == "link" and d.name),
                    )
                    for c in row.children
                    if c.role == "cell"
                ]
                rows.append(cells)
        yield rows


def _snapshot_number_and_title(tree: AriaNode, *, url: str) -> tuple[str, str]:
    for node in tree.iter():
        if node.role != "row":
            continue
        cells = [c for c in node.children if c.role == "cell"]
        for i, cell in enumerate(cells):
            match = re.match(r"^Nr: (\S+)$", normalise_space(cell.name or ""))
            if match:
                titles = [normalise_space(c.name) for c in cells[i + 1 :] if c.name]
                if not titles:
                    raise ParseError(url, f"card {match[1]}: no title cell")
                return match[1], titles[-1]
    raise ParseError(url, "no 'Nr: …' cell: not a LIVS card")


def _snapshot_labels(tree: AriaNode) -> dict[str, str]:
    labels: dict[str, str] = {}
    for node in tree.iter():
        if node.role in ("generic", "text") and node.value and _LABEL_RE.search(node.value):
            for key, value in labelled_values(node.value).items():
                labels.setdefault(key, value)
    return labels


def _card_from_snapshot(text: str, *, url: str) -> BillRecord:
    tree = parse_aria_snapshot(text, url=url)
    number, title = _snapshot_number_and_title(tree, url=url)
    stages: tuple[BillStageRecord, ...] | None = None
    for rows in _snapshot_tables(tree):
        if len(rows) < 2 or not rows[0] or not rows[1]:
            continue
        if not rows[0][0].text and rows[1][0].text == "Datums":
            stages = _stages_from_rows(rows[0], rows[1:], url=url)
            break
        if all(c.text in _COLUMN_LABELS for c in rows[0]):
            labels = [c.text for c in rows[0]]
            stages = _stages_from_columns([None] * len(labels), labels, rows[1], url=url)
            break
    if stages is None:
        raise ParseError(url, f"{number}: no stage table")
    return _build_record(number, title, stages, _snapshot_labels(tree), url=url)


def parse_bill_card_snapshot(text: str, *, url: str) -> BillRecord:
    """Parse a rendered bill card (`saeimalivs14.nsf/webSasaiste…=1292/Lp14`) into a `BillRecord`.

    Raises `ParseError` when the card has no number or stage table, names an unknown stage, or
    is not a bill (`Lp`).
    """
    record = _card_from_snapshot(text, url=url)
    if record.kind is not DocumentKind.BILL:
        raise ParseError(url, f"{record.number} is not a bill card")
    return record


def parse_decision_card_snapshot(text: str, *, url: str) -> BillRecord:
    """Parse a rendered `saeimalivs_lmp.nsf` card (decision, request or question).

    Stages: `Iesniegts` (submitted) and one `Saeimas sēde` (plenary) stage per sitting, with its
    documents and verbatim result. Raises `ParseError` for a bill card or a malformed one.
    """
    record = _card_from_snapshot(text, url=url)
    if record.kind is DocumentKind.BILL:
        raise ParseError(url, f"{record.number} is a bill card, not a decision card")
    return record


# --------------------------------------------------------------------------------------------
# Cards: raw HTML
# --------------------------------------------------------------------------------------------


def _soup(html: str | bytes) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def _html_cell(td: Tag) -> _Cell:
    return _Cell(
        text=normalise_space(td.get_text(" ")),
        links=tuple(normalise_space(a.get_text(" ")) for a in td.find_all("a")),
    )


def _html_number_and_title(soup: BeautifulSoup, *, url: str) -> tuple[str, str]:
    title = soup.find("title")
    text = normalise_space(title.get_text(" ")) if title else ""
    match = re.match(r"^#?\s*(\d+/(?:Lp|Lm|P|J)\d+)\s*:\s*(.+)$", text)
    if match is None:
        raise ParseError(url, f"page <title> is not '#number: title': {text[:80]!r}")
    return match[1], match[2]


def _html_labels(soup: BeautifulSoup) -> dict[str, str]:
    blocks = soup.select("div.addBlock") or [soup.body or soup]
    text = "\n".join(block.get_text("") for block in blocks)
    text = re.sub(r":[ \t\u00a0]*\n[ \t\u00a0]*", ": ", text)
    return labelled_values(text)


def parse_bill_card_html(html: str | bytes, *, url: str) -> BillRecord:
    """Parse a raw bill card: the `<tr>` whose first `<td>` is empty names the stages, the rows
    starting `Datums`, `Rezultāts`, `Dok. nr.`, `Termiņš` hold their values."""
    soup = _soup(html)
    number, title = _html_number_and_title(soup, url=url)
    rows = [[_html_cell(td) for td in tr.find_all("td", recursive=False)] for tr in soup("tr")]
    for i, row in enumerate(rows[:-1]):
        if row and not row[0].text and len(row) > 1 and rows[i + 1][:1]:
            if rows[i + 1][0].text != "Datums":
                continue
            body = []
            for following in rows[i + 1 :]:
                if not following or following[0].text not in _ROW_FIELDS:
                    break
                body.append(following)
            stages = _stages_from_rows(row, body, url=url)
            record = _build_record(number, title, stages, _html_labels(soup), url=url)
            if record.kind is not DocumentKind.BILL:
                raise ParseError(url, f"{number} is not a bill card")
            return record
    raise ParseError(url, f"{number}: no stage table (no row starting 'Datums')")


def parse_decision_card_html(html: str | bytes, *, url: str) -> BillRecord:
    """Parse a raw `saeimalivs_lmp.nsf` card (decision, request, question).

    Reads `#mainInfoTable`: an optional `headRowCTtop` row naming sittings ("Saeimas sēde I")
    over `colspan` columns, the `headRowCT` label row and the `infoRowCT` value row.
    """
    soup = _soup(html)
    number, title = _html_number_and_title(soup, url=url)
    table = soup.find("table", id="mainInfoTable")
    if not isinstance(table, Tag):
        raise ParseError(url, f"{number}: no #mainInfoTable")
    label_row = table.find("tr", class_="headRowCT")
    value_row = table.find("tr", class_="infoRowCT")
    if not isinstance(label_row, Tag) or not isinstance(value_row, Tag):
        raise ParseError(url, f"{number}: card table lacks its label or value row")
    labels = [_html_cell(td).text for td in label_row.find_all("td", recursive=False)]
    values = [_html_cell(td) for td in value_row.find_all("td", recursive=False)]
    groups: list[str | None] = [None] * len(labels)
    top = table.find("tr", class_="headRowCTtop")
    if isinstance(top, Tag):
        groups = []
        for td in top.find_all("td", recursive=False):
            span = int(str(td.get("colspan") or 1))
            name = normalise_space(td.get_text(" ")) or None
            groups.extend([name] * span)
        if len(groups) != len(labels):
            raise ParseError(url, f"{number}: group header spans {len(groups)} of {len(labels)}")
    stages = _stages_from_columns(groups, labels, values, url=url)
    record = _build_record(number, title, stages, _html_labels(soup), url=url)
    if record.kind is DocumentKind.BILL:
        raise ParseError(url, f"{number} is a bill card, not a decision card")
    return record


# --------------------------------------------------------------------------------------------
# Cards: where the decision text is (the document linked from a `Rezultāts` cell)
# --------------------------------------------------------------------------------------------

_DOCUMENT_LINK_RE = re.compile(r"(?:^|/)0/[0-9A-Fa-f]{32}\?OpenDocument$", re.IGNORECASE)


def _result_links(pairs: Iterator[tuple[str, list[str]]], *, url: str) -> tuple[str, ...]:
    found = [
        urljoin(url, link)
        for label, links in pairs
        if label == "Rezultāts"
        for link in links
        if _DOCUMENT_LINK_RE.search(link)
    ]
    return tuple(dict.fromkeys(found))


def parse_decision_text_links_snapshot(text: str, *, url: str) -> tuple[str, ...]:
    """Absolute URLs of the documents linked from the `Rezultāts` cells of a rendered
    `saeimalivs_lmp.nsf` card, in card order: the decision text ("Paziņojums" on 953/Lm14).

    Returns () when no result links a document; raises `ParseError` when there is no card table.
    """
    tree = parse_aria_snapshot(text, url=url)
    for node in tree.iter():
        if node.role != "table":
            continue
        rows = [r for g in node.children if g.role == "rowgroup" for r in g.children]
        rows = [r for r in rows if r.role == "row"]
        if len(rows) < 2:
            continue
        header = [c for c in rows[0].children if c.role == "cell"]
        labels = [normalise_space(c.name) if c.name else c.text() for c in header]
        if not labels or not all(label in _COLUMN_LABELS for label in labels):
            continue
        values = [c for c in rows[1].children if c.role == "cell"]
        cells = (
            (label, [d.url for d in cell.iter() if d.role == "link" and d.url])
            for label, cell in zip(labels, values, strict=False)
        )
        return _result_links(cells, url=url)
    raise ParseError(url, "no card table with column labels")


def parse_decision_text_links_html(html: str | bytes, *, url: str) -> tuple[str, ...]:
    """The same as `parse_decision_text_links_snapshot`, from a raw card's `#mainInfoTable`."""
    soup = _soup(html)
    table = soup.find("table", id="mainInfoTable")
    label_row = table.find("tr", class_="headRowCT") if isinstance(table, Tag) else None
    value_row = table.find("tr", class_="infoRowCT") if isinstance(table, Tag) else None
    if not isinstance(label_row, Tag) or not isinstance(value_row, Tag):
        raise ParseError(url, "no #mainInfoTable with a label and a value row")
    labels = [_html_cell(td).text for td in label_row.find_all("td", recursive=False)]
    values = value_row.find_all("td", recursive=False)
    cells = (
        (label, [str(a["href"]) for a in td.find_all("a", href=True)])
        for label, td in zip(labels, values, strict=False)
    )
    return _result_links(cells, url=url)


# --------------------------------------------------------------------------------------------
# Decision text: what happens to a collective submission
# --------------------------------------------------------------------------------------------

_DECIDES_RE = re.compile(r"\bnol(?:emj|ēmusi|ēma)\b\s*:?\s*", re.IGNORECASE)
_QUOTED_RE = re.compile(r"“[^”]*”|„[^”“]*[”“]|«[^»]*»|\"[^\"]*\"")
_VERB_RES: tuple[tuple[DecisionVerb, re.Pattern[str]], ...] = (
    (
        DecisionVerb.NO_FURTHER_ACTION,
        re.compile(
            r"\batstāt\b.*?\bbez\s+(?:tālākas\s+|turpmākas\s+)?(?:virzības|izskatīšanas)\b",
            re.IGNORECASE | re.DOTALL,
        ),
    ),
    (DecisionVerb.REJECT, re.compile(r"\bnoraidīt\b", re.IGNORECASE)),
    (DecisionVerb.FORWARD, re.compile(r"\bnodot\b", re.IGNORECASE)),
)


def _mask_quotes(text: str) -> str:
    """Replace quoted titles by spaces of equal length, so a title starting "Nodot …" or
    "Noraidīt …" is never read as the decision's verb."""
    return _QUOTED_RE.sub(lambda m: " " * len(m.group(0)), text)


def parse_decision_text(text: str, *, url: str, heading: str | None = None) -> DecisionTextRecord:
    """Find what a decision decides: the first clause after "nolemj" (or "nolēmusi").

    The verb is `forward` (nodot — `addressee` is the rest of the clause after the submission's
    quoted title), `reject` (noraidīt) or `no_further_action` (atstāt … bez [tālākas|turpmākas]
    virzības/izskatīšanas); for any other decision `verb` is None and `verb_text` keeps its
    first word. Raises `ParseError` when there is no "nolemj" clause.
    """
    body = normalise_space(text)
    marker = _DECIDES_RE.search(body)
    if marker is None:
        raise ParseError(url, "no 'nolemj'/'nolēmusi' clause in the decision text")
    rest = body[marker.end() :]
    masked = _mask_quotes(rest)
    clause_end = len(rest)
    for stop in re.finditer(r"[.;](?=\s|$)", masked):
        clause_end = stop.start()
        break
    clause, masked_clause = rest[:clause_end], masked[:clause_end]

    verb: DecisionVerb | None = None
    verb_match: re.Match[str] | None = None
    for candidate, pattern in _VERB_RES:
        found = pattern.search(masked_clause)
        if found and (verb_match is None or found.start() < verb_match.start()):
            verb, verb_match = candidate, found
    if verb_match is not None:
        verb_text = clause[verb_match.start() :].split()[0]
    else:
        words = re.sub(r"^\d+\)\s*", "", clause).split()
        verb_text = words[0] if words else None

    addressee: str | None = None
    if verb is DecisionVerb.FORWARD and verb_match is not None:
        tail_start = verb_match.end()
        quotes = list(_QUOTED_RE.finditer(clause, tail_start))
        if quotes:
            tail_start = quotes[-1].end()
        addressee = clause[tail_start:].strip(" ,:") or None
    return DecisionTextRecord(
        heading=heading,
        verb=verb,
        verb_text=verb_text,
        addressee=addressee,
        text=body,
        source_url=url,
    )


def parse_decision_text_snapshot(text: str, *, url: str) -> DecisionTextRecord:
    """Parse a rendered decision text page (`saeimalivs_lmp.nsf/0/{unid}?OpenDocument`).

    Reads the heading (e.g. "Paziņojums") and the paragraphs' text, then `parse_decision_text`.
    The "Oriģinālais dokumenta saturs" attachment block is not part of the text.
    """
    tree = parse_aria_snapshot(text, url=url)
    heading = next((n.text() for n in tree.iter() if n.role == "heading"), None)
    paragraphs = [n.text() for n in tree.iter() if n.role == "paragraph" and n.text()]
    if not paragraphs:
        raise ParseError(url, "decision text page has no paragraphs")
    body = " ".join(p for p in paragraphs if not p.endswith((".doc", ".docx", ".pdf")))
    return parse_decision_text(body, url=url, heading=heading or None)


# --------------------------------------------------------------------------------------------
# Collective submissions named in decision titles and vote motives
# --------------------------------------------------------------------------------------------

_SIGNATURES = r"(?P<signatures>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)"
_COLLECTIVE_HEAD = (
    rf"\b{_SIGNATURES}\s+Latvijas\s+pilsoņ(?:u|a)\s+kolektīv(?:ā|o|ais)\s+iesniegum(?:a|u|s)\s+"
)
_COLLECTIVE_MOTIVE_RE = re.compile(
    _COLLECTIVE_HEAD + r"(?P<title>.+?)\s+turpmāko\s+virzību(?:\s*\((?P<number>\d+/Lm\d+)\))?"
)
_COLLECTIVE_QUOTED_RE = re.compile(_COLLECTIVE_HEAD + r"(?P<title>“[^”]*”|„[^”“]*[”“]|\"[^\"]*\")")
_OPENING_QUOTES = frozenset("“„«")
_CLOSING_QUOTES = frozenset("”»")


def strip_wrapping_quotes(title: str) -> str:
    """Drop one pair of quotes around the whole title, but not quotes around a part of it
    (`"Goda ģimenes" statuss …` keeps its quotes)."""
    title = title.strip()
    if len(title) < 2:
        return title
    first, last, inner = title[0], title[-1], title[1:-1]
    if first == '"':
        return inner.strip() if last == '"' and '"' not in inner else title
    if first not in _OPENING_QUOTES or last not in _CLOSING_QUOTES:
        return title
    depth = 0
    for ch in inner:
        if ch in _OPENING_QUOTES:
            depth += 1
        elif ch in _CLOSING_QUOTES:
            depth -= 1
            if depth < 0:
                return title
    return inner.strip() if depth == 0 else title


def parse_collective_submission_title(text: str) -> CollectiveSubmission | None:
    """Recognise a collective submission in a decision title, agenda title or vote motive.

    `Par 10 177 Latvijas pilsoņu kolektīvā iesnieguma “Par atklātu algu valsts pārvaldē”
    turpmāko virzību (928/Lm14)` → (928/Lm14, 10177, "Par atklātu algu valsts pārvaldē").
    Also reads the accusative form of decision texts (`… kolektīvo iesniegumu “…”`). Returns
    None when the text names no collective submission.
    """
    text = normalise_space(text)
    match = _COLLECTIVE_MOTIVE_RE.search(text) or _COLLECTIVE_QUOTED_RE.search(text)
    if match is None:
        return None
    title = strip_wrapping_quotes(match["title"])
    if not title:
        return None
    return CollectiveSubmission(
        decision_number=match.groupdict().get("number"),
        signatures=int(re.sub(r"\D", "", match["signatures"])),
        initiative_title=title,
    )
