"""The whole database's public data as a dump: one CSV file per table (the export side).

`dump_export_all` writes, besides the three roll-call files of `dump.py` (deputies.csv,
votes.csv, ballots.csv, unchanged), one file per public table (`TABLES`) and a README.md that
lists them; docs/dump.md explains every column and rule. Rows are keyed by the sources' stable
ids (titania and data.gov.lv ids, bill numbers, initiative ids at their source, question public
ids), never by database primary keys, and written in a stable order, so exporting a database,
importing the dump into an empty one (`dump_restore.dump_import_all`) and exporting that gives
the same bytes.

Two files are published but never imported: the aggregate answer counts (they derive from
citizens' private answers, which no dump holds; a restored database recounts its own) and the
deputies' published responses (each belongs to a verified deputy account, i.e. a user, which no
dump holds either). Nothing personal is ever written: no user, e-mail, respondent, answer,
token, subscription, follow, reaction, report or moderation detail.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Max

from parvaipret.dialogue.models import Response
from parvaipret.dialogue.selectors import response_list_public
from parvaipret.ingest.dump import (
    ExportResult,
    dump_export,
    write_csv,
)
from parvaipret.insights.selectors import PUBLIC_MIN_ANSWERS
from parvaipret.insights.services import question_answer_totals
from parvaipret.legislation.models import Bill, BillStage, Initiative, InitiativeBill
from parvaipret.parliament.models import (
    Ballot,
    CoalitionPeriod,
    Deputy,
    Faction,
    Membership,
    Sitting,
    Term,
    Vote,
)
from parvaipret.participation.models import Question, QuestionVote, Topic

README = "README.md"
PROVENANCE = ("source_url", "fetched_at", "checksum")


@dataclass(frozen=True, slots=True)
class Table:
    """One file of the dump: its name, columns, what a row is and whether import reads it."""

    file: str
    columns: tuple[str, ...]
    about: str
    imported: bool = True


TERMS = Table(
    "parliament_terms.csv",
    ("number", "start", "end"),
    "Saeima terms (convocations)",
)
FACTIONS = Table(
    "parliament_factions.csv",
    (
        "term",
        "short_name",
        "name",
        "aliases",
        "colour",
        "founded_on",
        "dissolved_on",
        *PROVENANCE,
    ),
    "factions of each term, with their colours",
)
COALITION_PERIODS = Table(
    "parliament_coalition_periods.csv",
    ("term", "faction", "start", "end", "government"),
    "factions' periods in the governing coalition",
)
DEPUTIES = Table(
    "parliament_deputies.csv",
    ("deputy", "external_id", "first_name", "last_name", "wikidata_id", "term", *PROVENANCE),
    "every deputy",
)
MEMBERSHIPS = Table(
    "parliament_memberships.csv",
    (
        "deputy",
        "term",
        "faction",
        "start",
        "end",
        "is_substitute",
        "note",
        *PROVENANCE,
    ),
    "deputies' seats: term, faction (empty = unaffiliated), from/to dates",
)
SITTINGS = Table(
    "parliament_sittings.csv",
    ("sitting", "term", "date", "external_id", "opendata_id", "kind", "title", *PROVENANCE),
    "plenary sittings",
)
VOTES = Table(
    "parliament_votes.csv",
    (
        "vote",
        "term",
        "sitting",
        "external_id",
        "opendata_id",
        "number",
        "timestamp",
        "motive",
        "document_numbers",
        "bill",
        "reading",
        "is_urgent",
        "is_proposal",
        "is_secret",
        "is_candidate_vote",
        "outcome",
        "outcome_label",
        "for_count",
        "against_count",
        "abstain_count",
        "not_voting_count",
        *PROVENANCE,
    ),
    "every roll call, secret ballots and votes on persons included",
)
BALLOTS = Table(
    "parliament_ballots.csv",
    ("vote", "deputy", "choice", "faction"),
    "every deputy's ballot in every roll call (absent ones included), in printed order",
)
BILLS = Table(
    "legislation_bills.csv",
    (
        "number",
        "term",
        "kind",
        "title",
        "committee",
        "rapporteur",
        "submitters",
        "status",
        "status_label",
        "law_title",
        "law_url",
        "decision_verb",
        "decision_verb_text",
        "decision_addressee",
        "decision_text_url",
        *PROVENANCE,
    ),
    "bills and draft decisions, with the law each became",
)
BILL_STAGES = Table(
    "legislation_bill_stages.csv",
    (
        "bill",
        "kind",
        "sequence",
        "date",
        "result",
        "document_numbers",
        "deadline",
        "vote",
        *PROVENANCE,
    ),
    "each bill's stages, with the roll call each happened in",
)
INITIATIVES = Table(
    "legislation_initiatives.csv",
    (
        "source",
        "external_id",
        "url",
        "title",
        "title_en",
        "title_ru",
        "summary",
        "author",
        "addressee",
        "published_on",
        "signatures",
        "threshold",
        "status",
        "status_label",
        "submitted_on",
        *PROVENANCE,
    ),
    "citizen initiatives and collective submissions",
)
INITIATIVE_BILLS = Table(
    "legislation_initiative_bills.csv",
    ("initiative_source", "initiative", "bill", "kind", "note", "confirmed_at"),
    "links from initiatives to their Saeima decisions and to bills",
)
TOPICS = Table(
    "participation_topics.csv",
    ("slug", "name", "name_en", "name_ru"),
    "topics of the questions",
)
QUESTIONS = Table(
    "participation_questions.csv",
    (
        "question",
        "text",
        "text_en",
        "text_ru",
        "explanation",
        "explanation_en",
        "explanation_ru",
        "topic",
        "published_at",
    ),
    "published questions put to citizens",
)
QUESTION_VOTES = Table(
    "participation_question_votes.csv",
    ("question", "vote", "polarity"),
    "which roll calls each published question stands for, and which way round",
)
RESPONSES = Table(
    "dialogue_responses.csv",
    ("deputy", "faction_term", "faction", "target", "target_key", "text", "created_at"),
    "deputies' and factions' published responses (published only, not imported)",
    imported=False,
)
ANSWER_COUNTS = Table(
    "participation_answer_counts.csv",
    ("question", "answers", "answers_for", "answers_against", "answers_abstain"),
    f"citizens' answers per published question, per choice blank below {PUBLIC_MIN_ANSWERS} "
    "answers (aggregates only, not imported)",
    imported=False,
)
TABLES: tuple[Table, ...] = (
    TERMS,
    FACTIONS,
    COALITION_PERIODS,
    DEPUTIES,
    MEMBERSHIPS,
    SITTINGS,
    VOTES,
    BALLOTS,
    BILLS,
    BILL_STAGES,
    INITIATIVES,
    INITIATIVE_BILLS,
    TOPICS,
    QUESTIONS,
    QUESTION_VOTES,
    RESPONSES,
    ANSWER_COUNTS,
)


# --- values as text ----------------------------------------------------------------------------


def _text(value: object) -> str:
    """A value as the dump writes it (see docs/dump.md, "Values")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# --- keys --------------------------------------------------------------------------------------


def deputy_key(deputy: Deputy, newest_term: int | None) -> str:
    """The titania id; for a deputy without one, "<newest term>/<first name> <last name>"."""
    if deputy.external_id:
        return deputy.external_id
    return f"{newest_term or ''}/{deputy.first_name} {deputy.last_name}"


def sitting_key(sitting: Sitting, term: int) -> str:
    """The titania id, else the data.gov.lv DK_ID, else "<term>/<date>/<kind>"."""
    return sitting.external_id or sitting.opendata_id or f"{term}/{sitting.date}/{sitting.kind}"


def vote_key(vote: Vote, term: int) -> str:
    """The titania id, else the data.gov.lv VOTING_ID, else "<term>/<UTC timestamp>"."""
    return vote.external_id or vote.opendata_id or f"{term}/{_text(vote.timestamp)}"


# --- export ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FullExportResult:
    roll_calls: ExportResult
    rows: dict[str, int] = field(default_factory=dict)


def _newest_terms() -> dict[int, int]:
    return dict(
        Membership.objects.values("deputy_id")
        .annotate(newest=Max("term__number"))
        .values_list("deputy_id", "newest")
    )


def _export_rows() -> Iterator[tuple[Table, list[tuple[object, ...]]]]:
    terms = {t.pk: t.number for t in Term.objects.all()}
    factions = {f.pk: (terms[f.term_id], f.short_name) for f in Faction.objects.all()}
    newest = _newest_terms()
    deputies = {d.pk: deputy_key(d, newest.get(d.pk)) for d in Deputy.objects.all()}
    sittings = {s.pk: sitting_key(s, terms[s.term_id]) for s in Sitting.objects.all()}
    bills = dict(Bill.objects.values_list("pk", "number"))

    yield TERMS, sorted((t.number, t.start, t.end) for t in Term.objects.all())

    rows = [
        (
            terms[f.term_id],
            f.short_name,
            f.name,
            f.aliases,
            f.colour,
            f.founded_on,
            f.dissolved_on,
            f.source_url,
            f.fetched_at,
            f.checksum,
        )
        for f in Faction.objects.all()
    ]
    yield FACTIONS, sorted(rows, key=lambda r: (r[0], r[1]))

    rows = [
        (*factions[c.faction_id], c.start, c.end, c.government)
        for c in CoalitionPeriod.objects.all()
    ]
    yield COALITION_PERIODS, sorted(rows, key=lambda r: (r[0], r[1], r[2]))

    rows = [
        (
            deputies[d.pk],
            d.external_id,
            d.first_name,
            d.last_name,
            d.wikidata_id,
            newest.get(d.pk),
            d.source_url,
            d.fetched_at,
            d.checksum,
        )
        for d in Deputy.objects.order_by("pk")
    ]
    # In the order first stored, which the import keeps: deputies.csv lists them in that order.
    yield DEPUTIES, rows

    rows = [
        (
            deputies[m.deputy_id],
            terms[m.term_id],
            factions[m.faction_id][1] if m.faction_id else "",
            m.start,
            m.end,
            m.is_substitute,
            m.note,
            m.source_url,
            m.fetched_at,
            m.checksum,
        )
        for m in Membership.objects.all()
    ]
    yield MEMBERSHIPS, sorted(rows, key=lambda r: (r[0], r[1], r[3] or dt.date.min))

    rows = [
        (
            sittings[s.pk],
            terms[s.term_id],
            s.date,
            s.external_id,
            s.opendata_id,
            s.kind,
            s.title,
            s.source_url,
            s.fetched_at,
            s.checksum,
        )
        for s in Sitting.objects.all()
    ]
    yield SITTINGS, sorted(rows, key=lambda r: (r[1], r[2], r[0]))

    # The order of votes.csv (time, number in the sitting, then the order first stored).
    votes = list(Vote.objects.order_by("timestamp", "number", "pk"))
    vote_keys = {v.pk: vote_key(v, terms[v.term_id]) for v in votes}
    yield (
        VOTES,
        [
            (
                vote_keys[v.pk],
                terms[v.term_id],
                sittings.get(v.sitting_id, ""),
                v.external_id,
                v.opendata_id,
                v.number,
                v.timestamp,
                v.motive,
                v.document_numbers,
                bills.get(v.bill_id, ""),
                v.reading,
                v.is_urgent,
                v.is_proposal,
                v.is_secret,
                v.is_candidate_vote,
                v.outcome,
                v.outcome_label,
                v.for_count,
                v.against_count,
                v.abstain_count,
                v.not_voting_count,
                v.source_url,
                v.fetched_at,
                v.checksum,
            )
            for v in votes
        ],
    )

    order = {pk: index for index, pk in enumerate(vote_keys)}
    ballots = sorted(
        Ballot.objects.values_list("pk", "vote_id", "deputy_id", "choice", "faction_id"),
        key=lambda b: (order[b[1]], b[0]),  # printed order is the order stored
    )
    yield (
        BALLOTS,
        [
            (vote_keys[v], deputies[d], choice, factions[f][1] if f else "")
            for _, v, d, choice, f in ballots
        ],
    )

    rows = [
        (
            b.number,
            terms[b.term_id],
            b.kind,
            b.title,
            b.committee,
            b.rapporteur,
            b.submitters,
            b.status,
            b.status_label,
            b.law_title,
            b.law_url,
            b.decision_verb,
            b.decision_verb_text,
            b.decision_addressee,
            b.decision_text_url,
            b.source_url,
            b.fetched_at,
            b.checksum,
        )
        for b in Bill.objects.all()
    ]
    yield BILLS, sorted(rows, key=lambda r: (r[1], r[0]))

    rows = [
        (
            bills[s.bill_id],
            s.kind,
            s.sequence,
            s.date,
            s.result,
            s.document_numbers,
            s.deadline,
            vote_keys.get(s.vote_id, ""),
            s.source_url,
            s.fetched_at,
            s.checksum,
        )
        for s in BillStage.objects.all()
    ]
    yield BILL_STAGES, sorted(rows, key=lambda r: (r[0], r[2], r[1]))

    initiatives = {}
    rows = []
    for i in Initiative.objects.all():
        initiatives[i.pk] = (i.source, i.external_id)
        rows.append(
            (
                i.source,
                i.external_id,
                i.url,
                i.title,
                i.title_en,
                i.title_ru,
                i.summary,
                i.author,
                i.addressee,
                i.published_on,
                i.signatures,
                i.threshold,
                i.status,
                i.status_label,
                i.submitted_on,
                i.source_url,
                i.fetched_at,
                i.checksum,
            )
        )
    yield INITIATIVES, sorted(rows, key=lambda r: (r[0], r[1]))

    rows = [
        (
            *initiatives[link.initiative_id],
            bills[link.bill_id],
            link.kind,
            link.note,
            link.confirmed_at,
        )
        for link in InitiativeBill.objects.all()
    ]
    yield INITIATIVE_BILLS, sorted(rows, key=lambda r: (r[0], r[1], r[2]))

    yield TOPICS, sorted(Topic.objects.values_list("slug", "name", "name_en", "name_ru"))

    questions = sorted(
        Question.objects.filter(published_at__isnull=False).select_related("topic"),
        key=lambda q: (q.published_at, str(q.public_id)),
    )
    question_keys = {q.pk: str(q.public_id) for q in questions}
    yield (
        QUESTIONS,
        [
            (
                question_keys[q.pk],
                q.text,
                q.text_en,
                q.text_ru,
                q.explanation,
                q.explanation_en,
                q.explanation_ru,
                q.topic.slug if q.topic else "",
                q.published_at,
            )
            for q in questions
        ],
    )

    position = {key: index for index, key in enumerate(question_keys.values())}
    links = QuestionVote.objects.filter(question_id__in=question_keys)
    rows = [
        (question_keys[link.question_id], vote_keys[link.vote_id], link.polarity) for link in links
    ]
    rows.sort(key=lambda r: (position[r[0]], r[1]))
    yield QUESTION_VOTES, rows

    rows = []
    published = response_list_public().filter(state=Response.State.PUBLISHED)
    for response in published.order_by("created_at", "pk"):
        if response.question_id:
            target, key = "question", question_keys.get(response.question_id)
        elif response.vote_id:
            target, key = "vote", vote_keys[response.vote_id]
        else:
            source, external_id = initiatives[response.initiative_id]
            target, key = "initiative", f"{source}/{external_id}"
        if key is None:  # on a question no longer published
            continue
        faction = factions.get(response.faction_id, ("", ""))
        rows.append(
            (
                deputies.get(response.deputy_id, ""),
                *faction,
                target,
                key,
                response.text,
                response.created_at,
            )
        )
    yield RESPONSES, rows

    counts = {
        row["question_id"]: row for row in question_answer_totals()
    }  # the public exports' own selector: blanks below PUBLIC_MIN_ANSWERS
    yield (
        ANSWER_COUNTS,
        [
            (
                question_keys[pk],
                counts[pk]["answers"],
                counts[pk]["answers_for"],
                counts[pk]["answers_against"],
                counts[pk]["answers_abstain"],
            )
            for pk in question_keys
            if pk in counts
        ],
    )


def _readme() -> str:
    lines = [
        "# ParVaiPret data dump",
        "",
        "The public data of one ParVaiPret database: CSV files (UTF-8, comma, header row, one",
        "row per record, stable order). Every column and rule is explained in `docs/dump.md` of",
        "the ParVaiPret repository; `manage.py import_dump DIR` loads this folder into a",
        "database and a second import changes nothing.",
        "",
        "No personal data is in it: no users, e-mail addresses, respondents, individual answers,",
        "subscriptions, follows or tokens.",
        "",
        "## Roll calls in the project's original layout",
        "",
        "`deputies.csv`, `votes.csv`, `ballots.csv`: one term's roll calls as in the bundled",
        "sample `saeima14-2026-04-16` (see its README). The tables below hold the same roll calls",
        "and everything else; `import_dump` reads the tables when they are present.",
        "",
        "## Tables",
        "",
        "| file | what | imported | columns |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {table.file} | {table.about} | "
        f"{'yes' if table.imported else 'no'} | {', '.join(table.columns)} |"
        for table in TABLES
    ]
    return "\n".join(lines) + "\n"


def dump_export_all(
    *,
    path: Path,
    term: int = 14,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> FullExportResult:
    """Write the three roll-call files of `term` (`dump_export`), every table and README.md."""
    path = Path(path)
    roll_calls = dump_export(path=path, term=term, since=since, until=until)
    counts: dict[str, int] = {}
    for table, rows in _export_rows():
        write_csv(path / table.file, table.columns, [[_text(v) for v in row] for row in rows])
        counts[table.file] = len(rows)
    (path / README).write_text(_readme(), encoding="utf-8")
    return FullExportResult(roll_calls=roll_calls, rows=counts)
