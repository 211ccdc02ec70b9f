"""The Latvian and Russian translations: pages speak the visitor's language, and every string of
parvaipret/locale/{lv,ru}/LC_MESSAGES/django.po is translated with the same placeholders."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation

import pytest

# The shared conftest leaves our catalogues out unless a test is marked `translations`.
pytestmark = pytest.mark.translations

LOCALE = Path(__file__).resolve().parents[2] / "parvaipret" / "locale"
LANGUAGES = ["lv", "ru"]

NAMED = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL = re.compile(r"%[sd]")
BRACE = re.compile(r"\{(\w*)\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def parse_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """Header fields and entries of a .po file (obsolete `#~` entries are left out)."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int | None] | None = None
    started = False

    def finish() -> None:
        nonlocal current, started
        if started:
            entries.append(current)
        current, started = Entry(), False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            target = None
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            if started:
                finish()
            current.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"{path}:{number}: continuation without a keyword"
            _append(current, target, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            if keyword == "msgid" and started:
                finish()
            started = True
            if keyword == "msgid":
                current.line = number
                target = ("msgid", None)
            elif keyword == "msgid_plural":
                target = ("msgid_plural", None)
                current.msgid_plural = ""
            elif keyword == "msgstr":
                target = ("msgstr", None)
            elif keyword.startswith("msgstr["):
                target = ("msgstr", int(keyword[7:-1]))
                current.msgstr_plural[target[1]] = ""
            else:
                target = ("msgctxt", None)
            _append(current, target, ast.literal_eval(value))
    finish()
    header = next(entry for entry in entries if entry.msgid == "")
    fields = dict(line.split(": ", 1) for line in header.msgstr.splitlines() if ": " in line)
    assert "fuzzy" not in header.flags, f"{path}: the header is marked fuzzy"
    return fields, [entry for entry in entries if entry.msgid != ""]


def _append(entry: Entry, target: tuple[str, int | None], text: str) -> None:
    name, index = target
    if name == "msgid":
        entry.msgid += text
    elif name == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    elif name == "msgstr" and index is None:
        entry.msgstr += text
    elif name == "msgstr":
        entry.msgstr_plural[index] += text


def placeholders(text: str, *, brace: bool) -> tuple:
    """What a string interpolates: %(name)s names, the count of bare %s/%d, {name} fields."""
    text_without_literal_percent = text.replace("%%", "")
    found: tuple = (
        frozenset(NAMED.findall(text_without_literal_percent)),
        len(POSITIONAL.findall(text_without_literal_percent)),
    )
    if brace:
        found += (frozenset(BRACE.findall(text)),)
    return found


def catalog(language: str) -> tuple[dict[str, str], list[Entry]]:
    return parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")


@pytest.mark.django_db
def test_home_page_speaks_latvian_by_default(client):
    page = client.get("/").content.decode()
    assert '<html lang="lv">' in page
    assert ">Balsojumi</a>" in page
    assert ">Deputāti</a>" in page
    assert ">Atbildiet uz jautājumiem</a>" in page
    assert ">Votes</a>" not in page


@pytest.mark.django_db
def test_home_page_under_ru_speaks_russian(client):
    page = client.get("/ru/").content.decode()
    assert '<html lang="ru">' in page
    assert ">Голосования</a>" in page
    assert ">Депутаты</a>" in page
    assert ">Balsojumi</a>" not in page


@pytest.mark.django_db
def test_home_page_under_en_keeps_the_english_source_strings(client):
    page = client.get("/en/").content.decode()
    assert ">Votes</a>" in page
    assert ">Balsojumi</a>" not in page


@pytest.mark.parametrize(
    ("language", "n", "expected"),
    [
        ("lv", 0, "0 atbilžu"),
        ("lv", 1, "1 atbilde"),
        ("lv", 11, "11 atbildes"),
        ("lv", 21, "21 atbilde"),
        ("ru", 1, "1 ответ"),
        ("ru", 3, "3 ответа"),
        ("ru", 12, "12 ответов"),
        ("ru", 22, "22 ответа"),
        ("ru", 25, "25 ответов"),
    ],
)
def test_plural_forms_follow_the_language(language, n, expected):
    with translation.override(language):
        assert translation.ngettext("%(n)s answer", "%(n)s answers", n) % {"n": n} == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_po_header_declares_language_and_three_plural_forms(language):
    fields, _ = catalog(language)
    assert fields["Language"] == language
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"].startswith("nplurals=3;")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_msgid_is_translated_and_none_is_fuzzy(language):
    _, entries = catalog(language)
    assert len(entries) > 500
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    empty = [
        entry.msgid
        for entry in entries
        if (entry.msgid_plural is None and not entry.msgstr)
        or (
            entry.msgid_plural is not None
            and (sorted(entry.msgstr_plural) != [0, 1, 2] or not all(entry.msgstr_plural.values()))
        )
    ]
    assert fuzzy == []
    assert empty == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_msgid(language):
    _, entries = catalog(language)
    wrong = []
    for entry in entries:
        brace = "python-brace-format" in entry.flags
        if entry.msgid_plural is None:
            if placeholders(entry.msgstr, brace=brace) != placeholders(entry.msgid, brace=brace):
                wrong.append((entry.line, entry.msgid, entry.msgstr))
            continue
        allowed = {
            placeholders(entry.msgid, brace=brace),
            placeholders(entry.msgid_plural, brace=brace),
        }
        wrong.extend(
            (entry.line, entry.msgid, form)
            for form in entry.msgstr_plural.values()
            if placeholders(form, brace=brace) not in allowed
        )
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_mo_matches_the_po(language):
    """compilemessages was run after the last edit: the .mo Django loads says what the .po says."""
    _, entries = catalog(language)
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    stale = []
    for entry in entries:
        if entry.msgid_plural is None:
            if compiled.get(entry.msgid) != entry.msgstr:
                stale.append(entry.msgid)
        elif any(compiled.get((entry.msgid, i)) != s for i, s in entry.msgstr_plural.items()):
            stale.append(entry.msgid)
    assert stale == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("lv", "Nezināms respondenta kods."),
        ("ru", "Неизвестный код респондента."),
        ("en", "Unknown respondent token."),
    ],
)
def test_api_service_errors_speak_the_asked_language(api_client, language, expected):
    """Services raise fixed English messages; the API's exception handler translates them."""
    response = api_client.post(
        "/api/v1/answers/",
        {"answers": [{"question": 1, "choice": "for"}]},
        format="json",
        headers={
            "Accept-Language": language,
            "X-Respondent-Token": "00000000-0000-4000-8000-000000000000",
        },
    )
    assert response.status_code == 400
    assert response.json()["detail"] == expected
