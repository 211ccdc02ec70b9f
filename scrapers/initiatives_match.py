"""Suggest which Saeima decision (`…/Lm14`) is about a given citizens' initiative.

A suggestion only: an editor confirms the link. Titles are compared after folding case,
diacritics and punctuation (ManaBalss prints titles in upper case, the Saeima quotes them in
sentence case); signature counts are compared as a ratio, because they legitimately differ —
the page may have been read before signing ended, and the Saeima counts only the signatures of
citizens that the population register confirmed.

    title_similarity   = (difflib ratio + token Jaccard) / 2            ∈ [0, 1]
    signature_closeness = min(a, b) / max(a, b)                          ∈ [0, 1]
    score = 0.8 · title_similarity + 0.2 · signature_closeness   (title only if a count is missing)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

from scrapers.records.legislation import CollectiveSubmission

TITLE_WEIGHT = 0.8
SIGNATURE_WEIGHT = 0.2


def normalise_title(text: str) -> str:
    """Fold case, diacritics and punctuation: "PAR ATKLĀTU ALGU" → "par atklatu algu"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s]", " ", stripped).split())


def title_similarity(a: str, b: str) -> float:
    """Mean of the difflib ratio and the token Jaccard index of the normalised titles."""
    left, right = normalise_title(a), normalise_title(b)
    if not left or not right:
        return 0.0
    ratio = SequenceMatcher(None, left, right).ratio()
    tokens_left, tokens_right = set(left.split()), set(right.split())
    jaccard = len(tokens_left & tokens_right) / len(tokens_left | tokens_right)
    return (ratio + jaccard) / 2


def signature_closeness(a: int, b: int) -> float:
    """min/max of two signature counts; 0 when either is 0."""
    if a <= 0 or b <= 0:
        return 0.0
    return min(a, b) / max(a, b)


def match_initiative_to_decision(
    initiative_title: str,
    signatures: int | None,
    decisions: Iterable[CollectiveSubmission],
    *,
    min_score: float = 0.6,
    limit: int = 5,
) -> list[tuple[CollectiveSubmission, float]]:
    """Rank collective-submission decisions by how likely they concern this initiative.

    Returns at most `limit` (decision, score) pairs with score ≥ `min_score`, best first (ties
    by decision number); an empty list means no suggestion. Scores are rounded to 4 places.
    """
    ranked: list[tuple[CollectiveSubmission, float]] = []
    for decision in decisions:
        score = title_similarity(initiative_title, decision.initiative_title)
        if signatures is not None:
            closeness = signature_closeness(signatures, decision.signatures)
            score = TITLE_WEIGHT * score + SIGNATURE_WEIGHT * closeness
        score = round(score, 4)
        if score >= min_score:
            ranked.append((decision, score))
    ranked.sort(key=lambda pair: (-pair[1], pair[0].decision_number or ""))
    return ranked[:limit]
