"""Name normalisation for matching deputies across sources.

Vote pages print "Name Surname" or "Surname Name"; surnames may contain spaces ("Abu Meri") and
given names may be two words ("Dāvis Mārtiņš"). Rather than guess where a name splits, the ingest
compares the *set of tokens*: `name_key("Raivis", "Dzintars") == name_key_from_full("Dzintars
Raivis")`. Namesakes differ in at least one token, so they keep different keys.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["name_key", "name_key_from_full", "normalise_name"]

_SPACES = re.compile(r"\s+")


def normalise_name(text: str) -> str:
    """NFC-normalise, casefold, collapse every run of whitespace to one space, strip."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def name_key_from_full(full_name: str) -> str:
    """An order-insensitive key of a printed full name: its normalised tokens, sorted."""
    return " ".join(sorted(normalise_name(full_name).split(" "))) if full_name.strip() else ""


def name_key(first_name: str, last_name: str) -> str:
    """The same key as `name_key_from_full`, from a given name and a surname."""
    return name_key_from_full(f"{first_name} {last_name}")
