"""Bulk open-data exports under DATA_DIR/exports/, rebuilt after each ingest.

Per Saeima term with votes:

- ``saeima<N>-votes-csv.zip``: the project's dump layout (``deputies.csv``, ``votes.csv``,
  ``ballots.csv``) written by the ingest's own writer (``parvaipret.ingest.dump.dump_export``),
  so ``import_dump`` reads it back. Like the dump, it has no secret ballots or votes on persons
  (they carry no per-deputy record).
- ``saeima<N>-votes.json.gz``: every roll call of the term, each with its ballots.

And once: ``questions-answers.csv``, every published question with the totals of citizens'
answers per choice (blank below ``PUBLIC_MIN_ANSWERS``); never an individual answer.

``manifest.json`` lists the files with their sizes and when they were generated. Every file is
written to a temporary name and moved into place, so a download never sees half a file.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from parvaipret.ingest.dump import BALLOTS_CSV, DEPUTIES_CSV, VOTES_CSV, dump_export
from parvaipret.insights.selectors import PUBLIC_MIN_ANSWERS
from parvaipret.parliament.models import Ballot, Term, Vote
from parvaipret.participation.models import Question

EXPORTS_DIRNAME: Final = "exports"
MANIFEST: Final = "manifest.json"
QUESTIONS_FILE: Final = "questions-answers.csv"
VOTES_PER_BATCH: Final = 500
QUESTION_COLUMNS: Final = (
    "question_id",
    "text",
    "topic",
    "published_at",
    "vote_ids",
    "polarities",
    "answers",
    "answers_for",
    "answers_against",
    "answers_abstain",
)


@dataclass(frozen=True)
class ExportFile:
    name: str
    size: int
    generated_at: str
    format: str
    term: int | None
    description: str


def exports_dir() -> Path:
    return Path(settings.DATA_DIR) / EXPORTS_DIRNAME


def csv_name(term: int) -> str:
    return f"saeima{term}-votes-csv.zip"


def json_name(term: int) -> str:
    return f"saeima{term}-votes.json.gz"


def exports_rebuild(*, terms: Iterable[int] | None = None) -> list[ExportFile]:
    """Write the exports of ``terms`` (Saeima numbers; default every term with votes) and the
    questions file, then the manifest (keeping the entries of terms not rebuilt)."""
    folder = exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    numbers = (
        sorted(set(terms))
        if terms is not None
        else list(
            Term.objects.filter(votes__isnull=False)
            .distinct()
            .order_by("number")
            .values_list("number", flat=True)
        )
    )
    files = {f.name: f for f in export_list()}
    for number in numbers:
        for item in (_write_csv(folder, number), _write_json(folder, number)):
            files[item.name] = item
    questions = _write_questions(folder)
    files[questions.name] = questions
    manifest = sorted(files.values(), key=lambda f: (f.term is None, f.term or 0, f.name))
    _atomic_write(
        folder / MANIFEST,
        lambda path: path.write_text(
            json.dumps([asdict(f) for f in manifest], ensure_ascii=False, indent=1),
            encoding="utf-8",
        ),
    )
    return manifest


def export_list() -> list[ExportFile]:
    """The files of the last rebuild, as the manifest lists them (files gone since are left out)."""
    path = exports_dir() / MANIFEST
    if not path.is_file():
        return []
    entries = [ExportFile(**entry) for entry in json.loads(path.read_text(encoding="utf-8"))]
    return [e for e in entries if (exports_dir() / e.name).is_file()]


def export_path(name: str) -> Path | None:
    """The file of a listed export, or None (only names in the manifest are ever served)."""
    for entry in export_list():
        if entry.name == name:
            return exports_dir() / entry.name
    return None


def _now() -> str:
    return timezone.now().isoformat(timespec="seconds")


def _atomic_write(target: Path, write) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _entry(folder: Path, name: str, *, fmt: str, term: int | None, text: str) -> ExportFile:
    return ExportFile(
        name=name,
        size=(folder / name).stat().st_size,
        generated_at=_now(),
        format=fmt,
        term=term,
        description=text,
    )


def _write_csv(folder: Path, term: int) -> ExportFile:
    name = csv_name(term)

    def write(path: Path) -> None:
        with tempfile.TemporaryDirectory() as dump:
            dump_export(path=Path(dump), term=term)
            with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for member in (DEPUTIES_CSV, VOTES_CSV, BALLOTS_CSV):
                    archive.write(Path(dump) / member, arcname=member)

    _atomic_write(folder / name, write)
    return _entry(
        folder,
        name,
        fmt="csv",
        term=term,
        text=f"{term}. Saeima: deputies.csv, votes.csv, ballots.csv in the import_dump layout",
    )


def _write_json(folder: Path, term: int) -> ExportFile:
    name = json_name(term)

    def write(path: Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8") as out:
            out.write(f'{{"term": {term}, "generated_at": {json.dumps(_now())}, "votes": [')
            for k, vote in enumerate(votes_with_ballots(term=term)):
                out.write(("," if k else "") + "\n" + json.dumps(vote, ensure_ascii=False))
            out.write("\n]}\n")

    _atomic_write(folder / name, write)
    return _entry(
        folder, name, fmt="json", term=term, text=f"{term}. Saeima: every roll call with ballots"
    )


VOTE_FIELDS: Final = (
    "id",
    "external_id",
    "opendata_id",
    "sitting__date",
    "number",
    "timestamp",
    "motive",
    "document_numbers",
    "bill__number",
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
    "source_url",
)


def votes_with_ballots(*, term: int) -> Iterator[dict]:
    """Each roll call of the term in time order as a JSON-ready dict with its ``ballots``.

    Reads the votes once and their ballots in batches of ``VOTES_PER_BATCH`` votes.
    """
    votes = list(
        Vote.objects.filter(term__number=term)
        .order_by("timestamp", "number", "id")
        .values(*VOTE_FIELDS)
    )
    for start in range(0, len(votes), VOTES_PER_BATCH):
        batch = votes[start : start + VOTES_PER_BATCH]
        ballots: dict[int, list[dict]] = {vote["id"]: [] for vote in batch}
        rows = (
            Ballot.objects.filter(vote_id__in=list(ballots))
            .order_by("vote_id", "id")
            .values_list(
                "vote_id",
                "deputy_id",
                "deputy__external_id",
                "deputy__first_name",
                "deputy__last_name",
                "faction__short_name",
                "choice",
            )
        )
        for vote_id, deputy_id, external_id, first, last, faction, choice in rows:
            ballots[vote_id].append(
                {
                    "deputy_id": deputy_id,
                    "deputy_external_id": external_id,
                    "deputy": f"{first} {last}",
                    "faction": faction,
                    "choice": choice,
                }
            )
        for vote in batch:
            yield {
                "id": vote["id"],
                "external_id": vote["external_id"],
                "opendata_id": vote["opendata_id"],
                "sitting_date": _iso(vote["sitting__date"]),
                "number": vote["number"],
                "timestamp": _iso(vote["timestamp"]),
                "motive": vote["motive"],
                "document_numbers": vote["document_numbers"],
                "bill": vote["bill__number"],
                "reading": vote["reading"],
                "is_urgent": vote["is_urgent"],
                "is_proposal": vote["is_proposal"],
                "is_secret": vote["is_secret"],
                "is_candidate_vote": vote["is_candidate_vote"],
                "outcome": vote["outcome"],
                "outcome_label": vote["outcome_label"],
                "for_count": vote["for_count"],
                "against_count": vote["against_count"],
                "abstain_count": vote["abstain_count"],
                "not_voting_count": vote["not_voting_count"],
                "source_url": vote["source_url"],
                "ballots": ballots[vote["id"]],
            }


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def question_answer_totals() -> Iterator[dict]:
    """Published questions with their answers counted per choice (one query); the counts are
    None below ``PUBLIC_MIN_ANSWERS`` answers, as on the dashboards."""
    questions = (
        Question.objects.filter(published_at__isnull=False)
        .select_related("topic")
        .prefetch_related("question_votes")
        .annotate(
            total=Count("answers"),
            n_for=Count("answers", filter=Q(answers__choice="for")),
            n_against=Count("answers", filter=Q(answers__choice="against")),
            n_abstain=Count("answers", filter=Q(answers__choice="abstain")),
        )
        .order_by("id")
    )
    for question in questions:
        shown = question.total >= PUBLIC_MIN_ANSWERS
        links = sorted(question.question_votes.all(), key=lambda link: link.vote_id)
        yield {
            "question_id": question.pk,
            "text": question.text,
            "topic": question.topic.slug if question.topic else "",
            "published_at": _iso(question.published_at),
            "vote_ids": " ".join(str(link.vote_id) for link in links),
            "polarities": " ".join(f"{link.polarity:+d}" for link in links),
            "answers": question.total,
            "answers_for": question.n_for if shown else None,
            "answers_against": question.n_against if shown else None,
            "answers_abstain": question.n_abstain if shown else None,
        }


def _write_questions(folder: Path) -> ExportFile:
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=QUESTION_COLUMNS)
            writer.writeheader()
            writer.writerows(question_answer_totals())

    _atomic_write(folder / QUESTIONS_FILE, write)
    return _entry(
        folder,
        QUESTIONS_FILE,
        fmt="csv",
        term=None,
        text=(
            "Published questions with the totals of citizens' answers per choice "
            f"(blank below {PUBLIC_MIN_ANSWERS} answers); no individual answers"
        ),
    )
