"""The bills pipeline: LIVS cards of bills and decisions → `Bill` + `BillStage`, roll calls
linked to bills and stages, and the agenda's outcome labels on roll calls.

For each document number: fetch its card (`scrapers.saeima.urls.document_card_url`), parse it
(raw HTML or a saved rendered snapshot), and for a decision also the decision text linked from
the card (its verb: nodot / noraidīt / atstāt bez virzības). Then, in one transaction per
document, `legislation.services.bill_upsert` (each new stage records an event; followers are
told on commit) and `bill_link_votes` (`Vote.bill`, then each stage's roll call).

Which numbers: those asked for; or (`from_votes`) every bill or decision a roll call of the
term names; or, by default, those named by the roll calls of the last 14 days plus every bill
of the term not yet proclaimed, rejected or withdrawn. By default the agendas of the sittings in
the window are read too, for the official outcome labels ("Pieņemts", "Noraidīts", "Likums",
"Nod. kom.") of the roll calls whose tallies they print.

A card unchanged since the last good run is not parsed again (its votes are still linked: they
may have arrived since). A page that fails to parse is quarantined, the run goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from parvaipret.core.exceptions import ApplicationError
from parvaipret.ingest.errors import KIND_FETCH, KIND_PARSE, KIND_STORE
from parvaipret.ingest.fetching import PageFetcher
from parvaipret.ingest.models import ScrapeRun
from parvaipret.ingest.pipelines import is_snapshot, parse_agenda_page
from parvaipret.ingest.runs import RunLog
from parvaipret.ingest.terms import term_ensure
from parvaipret.ingest.votes import outcome_for
from parvaipret.legislation.models import Bill
from parvaipret.legislation.services import bill_link_votes, bill_upsert
from parvaipret.parliament.models import Ballot, Sitting, Term, Vote
from parvaipret.parliament.services import BallotData, Provenance, VoteData, votes_upsert
from scrapers.errors import FetchError, ParseError
from scrapers.http import FetchedPage
from scrapers.records.legislation import (
    LIVS_NUMBER_RE,
    AgendaRecord,
    BillRecord,
    DecisionTextRecord,
    DocumentKind,
)
from scrapers.saeima.bills import (
    parse_bill_card_html,
    parse_bill_card_snapshot,
    parse_decision_card_html,
    parse_decision_card_snapshot,
    parse_decision_text,
    parse_decision_text_links_html,
    parse_decision_text_links_snapshot,
    parse_decision_text_snapshot,
)
from scrapers.saeima.urls import agenda_url, document_card_url, vote_id_from_url

logger = logging.getLogger(__name__)

PIPELINE = "bills_sync"
DEFAULT_LOOKBACK = dt.timedelta(days=14)
FINAL_STATUSES = (Bill.Status.PROCLAIMED, Bill.Status.REJECTED, Bill.Status.WITHDRAWN)
Progress = Callable[[int, int, str], None]

NOT_A_NUMBER = "{number!r} is not a LIVS document number like 1292/Lp14 or 953/Lm14"
WRONG_CARD = "the card of {asked} shows {shown}"


def _no_progress(done: int, total: int, label: str) -> None:
    return None


# --- parsing a fetched page ----------------------------------------------------------------------


def _text(page: FetchedPage) -> str:
    return page.content.decode("utf-8")


def parse_card_page(page: FetchedPage, *, number: str) -> BillRecord:
    """A bill card (`Lp`) or a decision/request/question card, raw or rendered."""
    bill = "/Lp" in number
    if is_snapshot(page.content):
        parse = parse_bill_card_snapshot if bill else parse_decision_card_snapshot
        record = parse(_text(page), url=page.url)
    else:
        parse_html = parse_bill_card_html if bill else parse_decision_card_html
        record = parse_html(page.content, url=page.url)
    if record.number != number:
        raise ParseError(page.url, WRONG_CARD.format(asked=number, shown=record.number))
    return record


def decision_text_urls(page: FetchedPage) -> tuple[str, ...]:
    if is_snapshot(page.content):
        return parse_decision_text_links_snapshot(_text(page), url=page.url)
    return parse_decision_text_links_html(page.content, url=page.url)


def parse_decision_text_page(page: FetchedPage) -> DecisionTextRecord:
    if is_snapshot(page.content):
        return parse_decision_text_snapshot(_text(page), url=page.url)
    from bs4 import BeautifulSoup

    text = BeautifulSoup(page.content, "lxml").get_text(" ")
    return parse_decision_text(text, url=page.url)


def _fetch(fetcher: PageFetcher, url: str, log: RunLog) -> FetchedPage | None:
    try:
        return fetcher.get(url)
    except FetchError as error:
        log.fail(source=url, kind=KIND_FETCH, message=error.reason)
        return None


def _provenance(page: FetchedPage) -> Provenance:
    return Provenance(source_url=page.url, fetched_at=page.fetched_at, checksum=page.sha256 or "")


def _page_seen(log: RunLog, page: FetchedPage, *, ok: bool) -> None:
    if page.fetched_at is not None:  # bundled copies carry no fetch time and are not remembered
        log.page_seen(page, ok=ok)


# --- one document --------------------------------------------------------------------------------


def _decision_text(
    fetcher: PageFetcher, log: RunLog, card: FetchedPage
) -> DecisionTextRecord | None:
    """The first decision text linked from a card's results that names what was decided."""
    try:
        urls = decision_text_urls(card)
    except ParseError as error:
        log.fail(source=card.url, kind=KIND_PARSE, message=error.reason, content=card.content)
        return None
    for url in urls:
        page = _fetch(fetcher, url, log)
        if page is None:
            continue
        try:
            return parse_decision_text_page(page)
        except ParseError as error:
            log.fail(source=page.url, kind=KIND_PARSE, message=error.reason, content=page.content)
    return None


def _link_votes(log: RunLog, bill: Bill) -> None:
    votes, stages = bill_link_votes(bill=bill)
    if votes or stages:
        log.count("update", votes + stages)


def bill_sync(*, fetcher: PageFetcher, log: RunLog, term: Term, number: str) -> Bill | None:
    """One document: its card (and decision text), stored in one transaction with its votes."""
    known = Bill.objects.filter(number=number).first()
    page = _fetch(fetcher, document_card_url(number), log)
    if page is None:
        return known
    if log.page_unchanged(page):
        log.count("noop")
        if known is not None:
            _link_votes(log, known)
        return known
    try:
        record = parse_card_page(page, number=number)
    except ParseError as error:
        log.fail(source=page.url, kind=KIND_PARSE, message=error.reason, content=page.content)
        _page_seen(log, page, ok=False)
        return known
    decision = None
    if record.kind is DocumentKind.DECISION:
        decision = _decision_text(fetcher, log, page)
    failed_before = log.counts["failed"]
    try:
        with transaction.atomic():
            result = bill_upsert(
                record=record, term=term, provenance=_provenance(page), decision=decision
            )
            for outcome, n in result.counts.items():
                log.count(outcome, n)
            _link_votes(log, result.bill)
    except (ApplicationError, ValidationError, DatabaseError) as error:
        message = error.message if isinstance(error, ApplicationError) else str(error)
        log.fail(source=page.url, kind=KIND_STORE, message=message, content=page.content)
        _page_seen(log, page, ok=False)
        return known
    _page_seen(log, page, ok=log.counts["failed"] == failed_before)
    return result.bill


# --- agenda outcome labels -----------------------------------------------------------------------


def _vote_data(vote: Vote, label: str) -> VoteData:
    return VoteData(
        term_id=vote.term_id,
        timestamp=vote.timestamp,
        motive=vote.motive,
        for_count=vote.for_count,
        against_count=vote.against_count,
        abstain_count=vote.abstain_count,
        external_id=vote.external_id,
        opendata_id=vote.opendata_id,
        sitting_id=vote.sitting_id,
        number=vote.number,
        document_numbers=vote.document_numbers,
        bill_id=vote.bill_id,
        reading=vote.reading,
        is_urgent=vote.is_urgent,
        is_proposal=vote.is_proposal,
        is_secret=vote.is_secret,
        is_candidate_vote=vote.is_candidate_vote,
        outcome=outcome_for(label),
        outcome_label=label,
        not_voting_count=vote.not_voting_count,
    )


def agenda_outcomes_apply(*, log: RunLog, agenda: AgendaRecord) -> None:
    """Give each known roll call of the agenda its item's official outcome label.

    A label belongs to the roll call whose tallies the agenda prints beside it; an item with
    several roll calls (proposals) labels only the one with those tallies.
    """
    items = {}
    for item in agenda.items:
        if not item.outcome or item.votes_for is None:
            continue
        for url in item.vote_urls:
            vote_id = vote_id_from_url(url)
            if vote_id:
                items[vote_id.lower()] = item
    if not items:
        return
    ids = set(items) | {i.upper() for i in items}
    changed: list[tuple[Vote, str]] = []
    for vote in Vote.objects.filter(external_id__in=ids):
        item = items[vote.external_id.lower()]
        tally = (item.votes_for, item.votes_against, item.votes_abstain)
        if tally != (vote.for_count, vote.against_count, vote.abstain_count):
            continue
        if vote.outcome_label == item.outcome:
            log.count("noop")
            continue
        changed.append((vote, item.outcome))
    if not changed:
        return
    stored: dict[int, list[BallotData]] = {}
    for vote_id, deputy_id, choice, faction_id in Ballot.objects.filter(
        vote_id__in=[v.pk for v, _ in changed]
    ).values_list("vote_id", "deputy_id", "choice", "faction_id"):
        stored.setdefault(vote_id, []).append(BallotData(deputy_id, choice, faction_id))
    try:
        results = votes_upsert(
            items=[(_vote_data(vote, label), stored.get(vote.pk, [])) for vote, label in changed]
        )
    except (ApplicationError, ValidationError, DatabaseError) as error:
        log.fail(source=agenda.source_url, kind=KIND_STORE, message=str(error), n=len(changed))
        return
    for _vote, outcome in results:
        log.count(outcome)


def agenda_outcomes_sync(
    *, fetcher: PageFetcher, log: RunLog, term: Term, since: dt.date, until: dt.date
) -> None:
    """The agendas of the term's titania sittings between `since` and `until`."""
    sittings = Sitting.objects.filter(
        term=term, date__range=(since, until), external_id__isnull=False
    ).order_by("date")
    for sitting in sittings:
        page = _fetch(fetcher, agenda_url(term.number, sitting.external_id), log)
        if page is None:
            continue
        try:
            agenda = parse_agenda_page(page)
        except ParseError as error:
            log.fail(source=page.url, kind=KIND_PARSE, message=error.reason, content=page.content)
            continue
        agenda_outcomes_apply(log=log, agenda=agenda)


# --- which documents -----------------------------------------------------------------------------


def _document_number(numbers: str) -> str | None:
    """The document a roll call votes on: the last number its motive names."""
    parts = [n.strip() for n in numbers.split(",") if n.strip()]
    return parts[-1] if parts else None


def bill_numbers_from_votes(*, term: Term, since: dt.date | None = None) -> list[str]:
    """Every bill (`Lp`) and decision (`Lm`) the term's roll calls vote on (since a day)."""
    votes = Vote.objects.filter(term=term).exclude(document_numbers="")
    if since is not None:
        votes = votes.filter(timestamp__date__gte=since)
    found = set()
    for numbers in votes.values_list("document_numbers", flat=True).distinct():
        number = _document_number(numbers)
        if number and ("/Lp" in number or "/Lm" in number):
            found.add(number)
    return sorted(found, key=_number_key)


def _number_key(number: str) -> tuple[str, int]:
    match = LIVS_NUMBER_RE.match(number)
    return (match["kind"], int(match["n"])) if match else ("", 0)


def open_bill_numbers(*, term: Term) -> list[str]:
    """Bills and decisions of the term whose path has not ended (an adopted bill still awaits
    proclamation; an adopted decision is done)."""
    bills = Bill.objects.filter(term=term, kind__in=[Bill.Kind.BILL, Bill.Kind.DECISION])
    bills = bills.exclude(
        Q(status__in=FINAL_STATUSES) | Q(kind=Bill.Kind.DECISION, status=Bill.Status.ADOPTED)
    )
    return sorted(bills.values_list("number", flat=True), key=_number_key)


def _checked(numbers: Iterable[str], term: int) -> list[str]:
    result = []
    for number in dict.fromkeys(n.strip() for n in numbers):
        match = LIVS_NUMBER_RE.match(number)
        if match is None:
            raise ApplicationError(NOT_A_NUMBER.format(number=number))
        if int(match["term"]) == term:
            result.append(number)
    return result


def bills_sync(
    *,
    fetcher: PageFetcher,
    term: int = 14,
    numbers: Sequence[str] | None = None,
    from_votes: bool = False,
    since: dt.date | None = None,
    until: dt.date | None = None,
    agendas: bool | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ScrapeRun:
    """Read the cards of bills and decisions of the `term` (see the module docstring for which).

    `agendas` (default: when no `numbers` are given) also reads the agendas of the sittings
    between `since` (default 14 days ago) and `until` (default today) for outcome labels.
    """
    until = until or timezone.localdate()
    since = since or until - DEFAULT_LOOKBACK
    if agendas is None:
        agendas = not numbers
    progress = progress or _no_progress
    log = RunLog(
        pipeline=PIPELINE,
        params={
            "term": term,
            "numbers": list(numbers or []),
            "from_votes": from_votes,
            "since": since.isoformat(),
            "until": until.isoformat(),
            "agendas": agendas,
        },
        dry_run=dry_run,
    )
    try:
        with log.data_changes():
            term_row = term_ensure(log=log, number=term)
            if numbers:
                chosen = _checked(numbers, term)
            elif from_votes:
                chosen = bill_numbers_from_votes(term=term_row)
            else:
                recent = bill_numbers_from_votes(term=term_row, since=since)
                chosen = _checked([*recent, *open_bill_numbers(term=term_row)], term)
            for index, number in enumerate(chosen):
                progress(index, len(chosen), number)
                bill_sync(fetcher=fetcher, log=log, term=term_row, number=number)
            progress(len(chosen), len(chosen), "cards done")
            if agendas:
                agenda_outcomes_sync(
                    fetcher=fetcher, log=log, term=term_row, since=since, until=until
                )
    except ApplicationError:
        log.finish(status=ScrapeRun.Status.FAILED)
        raise
    return log.finish()
