"""Read an editor's import file of citizens' initiatives (CSV or JSON) into `InitiativeRecord`s.

The format is documented in `docs/initiatives-file.md`. A bad row never loses the good rows:
`parse_initiatives_file` returns the records it could read and, separately, one `ParseError` per
bad row, whose reason starts with the row number ("row 4: signatures: …"). Only a file that
cannot be read at all (not UTF-8, no header, unknown or missing columns, JSON that is not a list
of objects) raises `ParseError`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from scrapers.errors import ParseError
from scrapers.records.legislation import InitiativeRecord

COLUMNS = (
    "source",
    "external_id",
    "url",
    "title_lv",
    "title_en",
    "title_ru",
    "summary",
    "author",
    "published",
    "signatures",
    "threshold",
    "status",
    "submitted",
    "addressee",
    "saeima_decision",
    "bills",
)
ALIASES = {"representative": "author"}
REQUIRED = ("source", "external_id")
TITLES = ("title_lv", "title_en", "title_ru")

_SOURCE_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_COUNT_RE = re.compile(r"^\d{1,3}(?:['’ʼ \u00a0\u202f]\d{3})+$|^\d+$")
_DECISION_RE = re.compile(r"^\d+/Lm\d+$")
_BILL_RE = re.compile(r"^\d+/Lp\d+$")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LV_DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$")


@dataclass(frozen=True, slots=True)
class InitiativesFile:
    """What an import file yielded: the good records and one error per bad row."""

    records: tuple[InitiativeRecord, ...]
    errors: tuple[ParseError, ...]


class _RowError(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"expected text, got {type(value).__name__}")
    text = " ".join(str(value).split())
    return text or None


def _count(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"negative number {value}")
        return value
    text = _text(value)
    if text is None:
        return None
    if not _COUNT_RE.match(text):
        raise ValueError(f"not a whole number: {text!r} (digits, optionally 13'355 or 13 355)")
    return int(re.sub(r"\D", "", text))


def _date(value: Any) -> date | None:
    text = _text(value)
    if text is None:
        return None
    iso, lv = _ISO_DATE_RE.match(text), _LV_DATE_RE.match(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if lv:
            return date(int(lv[3]), int(lv[2]), int(lv[1]))
    except ValueError as exc:
        raise ValueError(f"impossible date {text!r}") from exc
    raise ValueError(f"not a date: {text!r} (use 2022-12-19 or 19.12.2022)")


def _bills(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        parts = [_text(item) for item in value]
    else:
        parts = (_text(value) or "").replace(",", " ").split()
    bills = tuple(part for part in parts if part)
    bad = [bill for bill in bills if not _BILL_RE.match(bill)]
    if bad:
        raise ValueError(f"not bill numbers like 1292/Lp14: {', '.join(bad)}")
    return bills


def _record(fields: Mapping[str, Any], *, source_url: str) -> InitiativeRecord:
    problems: list[str] = []
    values: dict[str, Any] = {}
    readers = {
        "signatures": _count,
        "threshold": _count,
        "published": _date,
        "submitted": _date,
        "bills": _bills,
    }
    for column in COLUMNS:
        reader = readers.get(column, _text)
        try:
            values[column] = reader(fields.get(column))
        except (TypeError, ValueError) as exc:
            problems.append(f"{column}: {exc}")
    if not values.get("source"):
        problems.append("source: missing")
    elif not _SOURCE_RE.match(values["source"]):
        problems.append(f"source: {values['source']!r} is not a lower-case name like manabalss")
    if not values.get("external_id"):
        problems.append("external_id: missing")
    if not any(values.get(title) for title in TITLES):
        problems.append("title: none of title_lv, title_en, title_ru is filled")
    url = values.get("url")
    if url and not url.startswith(("https://", "http://")):
        problems.append(f"url: {url!r} does not start with https://")
    decision = values.get("saeima_decision")
    if decision and not _DECISION_RE.match(decision):
        problems.append(f"saeima_decision: {decision!r} is not a decision number like 928/Lm14")
    if problems:
        raise _RowError(problems)
    return InitiativeRecord(**values, source_url=source_url)


def _csv_rows(text: str, *, name: str) -> Iterator[tuple[str, dict[str, str]]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise ParseError(name, "no header row")
    columns = _columns(header, name=name)
    for index, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns):
            extra = [c for c in cells[len(columns) :] if c.strip()]
            if extra:
                yield f"row {index}", {"__too_many__": str(len(cells))}
                continue
        yield f"row {index}", dict(zip(columns, cells, strict=False))


def _columns(header: list[str], *, name: str) -> list[str]:
    columns = [ALIASES.get(c.strip().lower(), c.strip().lower()) for c in header]
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise ParseError(name, f"unknown columns: {', '.join(unknown)}")
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise ParseError(name, f"repeated columns: {', '.join(duplicated)}")
    missing = [c for c in REQUIRED if c not in columns]
    if not any(t in columns for t in TITLES):
        missing.append("title_lv (or title_en / title_ru)")
    if missing:
        raise ParseError(name, f"missing columns: {', '.join(missing)}")
    return columns


def _json_rows(text: str, *, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(name, f"not JSON: {exc}") from exc
    if isinstance(data, dict) and isinstance(data.get("initiatives"), list):
        data = data["initiatives"]
    if not isinstance(data, list):
        raise ParseError(name, 'JSON must be a list of objects or {"initiatives": [...]}')
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            yield f"item {index}", {"__not_object__": type(item).__name__}
            continue
        fields = {ALIASES.get(k.lower(), k.lower()): v for k, v in item.items()}
        unknown = sorted(k for k in fields if k not in COLUMNS)
        if unknown:
            yield f"item {index}", {"__unknown__": ", ".join(unknown)}
            continue
        yield f"item {index}", fields


def parse_initiatives_file(
    content: str | bytes,
    *,
    name: str,
    file_format: Literal["csv", "json"] | None = None,
) -> InitiativesFile:
    """Parse an initiatives import file; `name` (a path or URL) names it in errors and records.

    `file_format` defaults to the suffix of `name`. Each record's `source_url` is
    `{name}#row=N` (CSV, spreadsheet row numbers, header = row 1) or `{name}#item=N` (JSON).
    A repeated (source, external_id) is an error on the later row.
    """
    if file_format is None:
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if suffix not in ("csv", "json"):
            raise ParseError(name, "cannot tell the format: name the file .csv or .json")
        file_format = suffix  # type: ignore[assignment]
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ParseError(name, f"not UTF-8 text: {exc}") from exc
    content = content.removeprefix("\ufeff")
    rows = _csv_rows(content, name=name) if file_format == "csv" else _json_rows(content, name=name)

    records: list[InitiativeRecord] = []
    errors: list[ParseError] = []
    seen: dict[tuple[str, str], str] = {}
    for where, fields in rows:
        anchor = where.replace(" ", "=")
        if "__too_many__" in fields:
            errors.append(ParseError(name, f"{where}: more cells than columns"))
            continue
        if "__not_object__" in fields:
            errors.append(ParseError(name, f"{where}: not an object"))
            continue
        if "__unknown__" in fields:
            errors.append(ParseError(name, f"{where}: unknown fields: {fields['__unknown__']}"))
            continue
        try:
            record = _record(fields, source_url=f"{name}#{anchor}")
        except _RowError as exc:
            errors.append(ParseError(name, f"{where}: {exc}"))
            continue
        key = (record.source, record.external_id)
        if key in seen:
            errors.append(
                ParseError(name, f"{where}: {key[0]}/{key[1]} repeats {seen[key]}; row skipped")
            )
            continue
        seen[key] = where
        records.append(record)
    return InitiativesFile(records=tuple(records), errors=tuple(errors))
