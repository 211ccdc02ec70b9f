"""Pure numpy matching engine. No Django here (see docs/matching.md).

Data in and out are frozen dataclasses of numpy arrays (``matching.types``); the only imports are
numpy and the standard library. Typical use, per term and per request::

    index = matching_index(ballots)                    # once per term, cached
    questions = link_questions(ballots, {question_id: [vote_id, (vote_id, -1)], ...})  # cached
    choices, weights = answer_arrays(questions, {question_id: ("for", 2), ...})
    result = agreement(index, questions, choices, weights)     # one citizen, ~1 ms
    results = agreement_many(index, questions, choice_matrix, weight_matrix)
"""

from matching.agreement import (
    DEFAULT_MIN_OVERLAP,
    KERNELS,
    agreement,
    agreement_many,
    answer_arrays,
    link_questions,
    matching_index,
)
from matching.alignment import deputy_alignment, faction_alignment
from matching.encoding import (
    ABSTAIN,
    AGAINST,
    CHOICE_ORDER,
    FOR,
    MISSING,
    choice_index,
    encode_choices,
    encode_presence,
)
from matching.factions import agreement_index, attendance, faction_positions, rebels
from matching.ideal_points import fit_ideal_points, project_citizen
from matching.types import (
    AgreementScores,
    Alignment,
    Attendance,
    BallotMatrix,
    CitizenPoint,
    Cohesion,
    FactionPositions,
    IdealPoints,
    MatchingIndex,
    MatchResult,
    QuestionLinks,
    Rebels,
)

__all__ = [
    "ABSTAIN",
    "AGAINST",
    "CHOICE_ORDER",
    "DEFAULT_MIN_OVERLAP",
    "FOR",
    "KERNELS",
    "MISSING",
    "AgreementScores",
    "Alignment",
    "Attendance",
    "BallotMatrix",
    "CitizenPoint",
    "Cohesion",
    "FactionPositions",
    "IdealPoints",
    "MatchResult",
    "MatchingIndex",
    "QuestionLinks",
    "Rebels",
    "agreement",
    "agreement_index",
    "agreement_many",
    "answer_arrays",
    "attendance",
    "choice_index",
    "deputy_alignment",
    "encode_choices",
    "encode_presence",
    "faction_alignment",
    "faction_positions",
    "fit_ideal_points",
    "link_questions",
    "matching_index",
    "project_citizen",
    "rebels",
]
