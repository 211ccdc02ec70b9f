"""A ManaBalss.lv initiative page (`https://manabalss.lv/{slug}/show`) read by its labels.

No raw ManaBalss HTML has been saved anywhere we can reach, so the parser works on the page's
text, line by line, and does not depend on markup. The stored text of real pages reads:

    Iniciatīva Saeimā ir noraidīta, tomēr daļa no prasītā ir ieviešanas procesā   ← status
    Pārstāvis: Olga PetkevičaPublicēta: 19. Dec (2022)                           ← representative, date
    PĀRTRAUKT NERROT LATVIJAS IEDZĪVOTĀJUS AR …                                  ← title (upper case)
    Iniciatīva tiks iesniegta Latvijas Republikas Saeimā                         ← addressee
    10'000                                                                       ← target
    13'355                                                                       ← count
    Jau parakstījuši 13'355                                                      ← count, labelled
    [6'116]                                                                      ← still needed
    Aicinu atcelt …                                                              ← first paragraph

The status is the line just before "Pārstāvis:"; on a full HTML page that is the element
printed before the representative, so check it against the first real page fetched.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from bs4 import BeautifulSoup

from scrapers.errors import ParseError
from scrapers.records.legislation import InitiativeRecord

SOURCE = "manabalss"

_URL_RE = re.compile(r"^https?://(?:www\.)?manabalss\.lv/(?P<slug>[^/?#]+)/show(?:[?#].*)?$")
_COUNT = r"\d{1,3}(?:['’ʼ\u00a0\u202f ]\d{3})+|\d+"
_NUMBER_LINE_RE = re.compile(rf"^(?:{_COUNT})$")
_SIGNED_RE = re.compile(rf"Jau parakstījuši\s*(?P<count>{_COUNT})")
_REPRESENTATIVE_RE = re.compile(r"Pārstāvis:[ \t]*\n?[ \t]*(?P<name>[^\n]+?)\s*(?=Publicēta:|\n|$)")
_PUBLISHED_RE = re.compile(
    r"Publicēta:\s*(?P<day>\d{1,2})\.\s*(?P<month>[^\W\d_]+)\.?\s*\(?(?P<year>\d{4})\)?"
)
_ADDRESSEE_RE = re.compile(r"^Iniciatīva (?:tiks )?iesniegta\s+(?P<addressee>.+?)\.?$")

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "mai": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
"""English (as printed on lv pages: "19. Dec (2022)") and Latvian month abbreviations, keyed by
their first three letters without diacritics ("jūn." → "jun")."""


def initiative_slug(url: str) -> str:
    """The initiative's slug, its external id: `…/par-atklatu-algu-valsts-parvalde/show`."""
    match = _URL_RE.match(url.strip())
    if match is None:
        raise ParseError(url, "not a ManaBalss initiative URL (https://manabalss.lv/{slug}/show)")
    return match["slug"]


def parse_count(text: str) -> int:
    """`13'355`, `13’355`, `13 355` → 13355."""
    return int(re.sub(r"\D", "", text))


def month_number(name: str) -> int | None:
    key = "".join(
        ch for ch in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(ch)
    )[:3]
    return MONTHS.get(key)


def _lines(text: str) -> list[str]:
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def parse_initiative_text(text: str, *, url: str) -> InitiativeRecord:
    """Parse the text of an initiative page into an `InitiativeRecord` (source "manabalss").

    Required: the addressee line ("Iniciatīva tiks iesniegta …"), a title line before it and
    "Jau parakstījuši N"; the rest is None when the page does not show it. Raises `ParseError`
    when a required label is missing, a month is unknown, or the printed counts disagree.
    """
    slug = initiative_slug(url)
    lines = _lines(text)
    flat = "\n".join(lines)

    signed_match = _SIGNED_RE.search(flat)
    if signed_match is None:
        raise ParseError(url, "no 'Jau parakstījuši' count: not an initiative page")
    signatures = parse_count(signed_match["count"])

    addressee_at = next((i for i, line in enumerate(lines) if _ADDRESSEE_RE.match(line)), None)
    if addressee_at is None:
        raise ParseError(url, "no 'Iniciatīva tiks iesniegta …' line")
    addressee = _ADDRESSEE_RE.match(lines[addressee_at])["addressee"]  # type: ignore[index]
    if addressee_at == 0 or "Publicēta:" in lines[addressee_at - 1]:
        raise ParseError(url, "no title line before the addressee")
    title = lines[addressee_at - 1]

    signed_at = next(i for i, line in enumerate(lines) if "Jau parakstījuši" in line)
    count_at = signed_at if _SIGNED_RE.search(lines[signed_at]) else signed_at + 1
    counts = [
        parse_count(line)
        for line in lines[addressee_at + 1 : signed_at]
        if _NUMBER_LINE_RE.match(line)
    ]
    threshold = counts[0] if len(counts) >= 2 else None
    if len(counts) >= 2 and counts[1] != signatures:
        raise ParseError(url, f"count {counts[1]} disagrees with 'Jau parakstījuši {signatures}'")

    representative = _REPRESENTATIVE_RE.search(flat)
    published_match = _PUBLISHED_RE.search(flat)
    published: date | None = None
    if published_match:
        month = month_number(published_match["month"])
        if month is None:
            raise ParseError(url, f"unknown month {published_match['month']!r} in 'Publicēta:'")
        published = date(int(published_match["year"]), month, int(published_match["day"]))

    representative_at = next((i for i, line in enumerate(lines) if "Pārstāvis:" in line), None)
    status = lines[representative_at - 1] if representative_at else None

    summary = next(
        (line for line in lines[count_at + 1 :] if not _NUMBER_LINE_RE.match(line)), None
    )
    return InitiativeRecord(
        source=SOURCE,
        external_id=slug,
        url=f"https://manabalss.lv/{slug}/show",
        title_lv=title,
        title_en=None,
        title_ru=None,
        summary=summary,
        author=representative["name"] if representative else None,
        published=published,
        signatures=signatures,
        threshold=threshold,
        status=status,
        submitted=None,
        addressee=addressee,
        saeima_decision=None,
        bills=(),
        source_url=url,
    )


def parse_initiative_page(html: str | bytes, *, url: str) -> InitiativeRecord:
    """Parse a ManaBalss initiative page's HTML: its visible text, then `parse_initiative_text`.

    Scripts, styles and `<noscript>` are dropped; every element boundary becomes a line break.
    """
    soup = BeautifulSoup(html, "lxml")
    for hidden in soup(["script", "style", "noscript", "template"]):
        hidden.decompose()
    return parse_initiative_text(soup.get_text("\n"), url=url)
