"""URL builders for titania.saeima.lv and data.gov.lv, parameterised by the Saeima's number.

Only builders and tiny URL readers live here; nothing fetches. Patterns: saeima-data.md 2.2, 3, 4.1.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

__all__ = [
    "CKAN_API",
    "CKAN_PACKAGE_ID",
    "TITANIA",
    "agenda_url",
    "bill_card_url",
    "calendar_url",
    "ckan_package_show_url",
    "current_agenda_url",
    "deputies_url",
    "deputy_profile_url",
    "document_card_url",
    "term_from_url",
    "vote_id_from_url",
    "vote_live_url",
    "vote_page_url",
]

TITANIA = "https://titania.saeima.lv"
CKAN_API = "https://data.gov.lv/dati/api/3/action"
CKAN_PACKAGE_ID = "saeimas-sedes"

_HEX32 = re.compile(r"^[0-9A-Fa-f]{32}$")
_GUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
_DOC_NUMBER = re.compile(r"^\d+/(Lp|Lm|P|J)(\d+)$")


def _check_term(term: int) -> int:
    # LIVS{N} paths exist from the 10th Saeima on (the 9th lives under plain "LIVS").
    if not isinstance(term, int) or term < 10:
        raise ValueError(f"unsupported Saeima number: {term!r}")
    return term


def _dk_db(term: int) -> str:
    return f"{TITANIA}/LIVS{_check_term(term)}/SaeimaLIVS2_DK.nsf"


def calendar_url(term: int) -> str:
    """All sittings of a convocation (inline `dCC(...)` calls)."""
    return f"{_dk_db(term)}/DK?ReadForm&calendar=1"


def agenda_url(term: int, sitting_id: str) -> str:
    """The agenda of one sitting, by the sitting's GUID."""
    if not _GUID.match(sitting_id):
        raise ValueError(f"not a sitting GUID: {sitting_id!r}")
    return f"{_dk_db(term)}/DK?ReadForm&nr={sitting_id.lower()}"


def current_agenda_url(term: int) -> str:
    """The agenda of the current ("actual") sitting."""
    return f"{_dk_db(term)}/DK?ReadForm&actual=1"


def vote_page_url(term: int, vote_id: str) -> str:
    """An archived vote page `…/0/{32-hex}?OpenDocument` (a GUID gives the live form)."""
    if _HEX32.match(vote_id):
        return f"{_dk_db(term)}/0/{vote_id.lower()}?OpenDocument"
    return vote_live_url(term, vote_id)


def vote_live_url(term: int, vote_guid: str) -> str:
    """A vote page of a live sitting, `Voting?ReadForm&parentID={guid}` (serves data same day)."""
    if not _GUID.match(vote_guid):
        raise ValueError(f"not a vote GUID: {vote_guid!r}")
    return f"{_dk_db(term)}/Voting?ReadForm&parentID={vote_guid.lower()}"


def deputies_url(term: int, *, count: int = 1000) -> str:
    """The DepWeb deputies view (`drawDep({...})` calls, one per current deputy)."""
    return (
        f"{TITANIA}/personal/deputati/saeima{_check_term(term)}_depweb_public.nsf/"
        f"deputies?OpenView&lang=LV&count={count}"
    )


def deputy_profile_url(term: int, unid: str) -> str:
    """A deputy's DepWeb profile page."""
    if not _HEX32.match(unid):
        raise ValueError(f"not a DepWeb UNID: {unid!r}")
    return (
        f"{TITANIA}/personal/deputati/saeima{_check_term(term)}_depweb_public.nsf/"
        f"0/{unid.upper()}?OpenDocument&lang=LV"
    )


def bill_card_url(term: int, number: str) -> str:
    """A bill's card by number, e.g. `1292/Lp14` → `saeimalivs14.nsf/webSasaiste?…`."""
    match = _DOC_NUMBER.match(number)
    if not match or match.group(1) != "Lp":
        raise ValueError(f"not a bill number: {number!r}")
    return (
        f"{TITANIA}/LIVS{_check_term(term)}/saeimalivs{term}.nsf/"
        f"webSasaiste?OpenView&restricttocategory={quote(number, safe='/')}"
    )


def document_card_url(number: str) -> str:
    """The card of a bill (`Lp`) or of a decision/inquiry/question (`Lm`/`P`/`J`) by number.

    The convocation is read from the number itself (`953/Lm14` → 14).
    """
    match = _DOC_NUMBER.match(number)
    if not match:
        raise ValueError(f"not a document number: {number!r}")
    term = _check_term(int(match.group(2)))
    if match.group(1) == "Lp":
        return bill_card_url(term, number)
    return (
        f"{TITANIA}/LIVS{term}/saeimalivs_lmp.nsf/"
        f"webSasaiste?OpenView&restricttocategory={quote(number, safe='/')}"
    )


def ckan_package_show_url(package_id: str = CKAN_PACKAGE_ID) -> str:
    """data.gov.lv CKAN `package_show` for the sittings dataset (~2,650 resources)."""
    return f"{CKAN_API}/package_show?id={quote(package_id)}"


_TERM_IN_URL = re.compile(r"/(?:LIVS|saeima)(\d{2})(?:/|_depweb)", re.IGNORECASE)


def term_from_url(url: str) -> int | None:
    """The convocation a titania URL belongs to (`/LIVS14/…`, `saeima14_depweb_public`)."""
    match = _TERM_IN_URL.search(url)
    return int(match.group(1)) if match else None


def vote_id_from_url(url: str) -> str | None:
    """The vote id of a vote page URL: the 32-hex UNID (upper case) or the GUID (lower case)."""
    parts = urlsplit(url)
    hex_match = re.search(r"/0/([0-9A-Fa-f]{32})(?:$|[/?])", parts.path + "?")
    if hex_match:
        return hex_match.group(1).upper()
    query = {k.lower(): v for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    for value in query.get("parentid", []):
        if _GUID.match(value):
            return value.lower()
    return None
