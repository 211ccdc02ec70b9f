"""Writes of the legislation app: bills and their stages, initiatives and their links, the
events followers are told about, subscriptions, and the e-mails themselves.

Upserts compare the stored row field by field (as `parliament.services` does) and report
"insert", "update" or "noop"; a value the source does not give never erases a stored one, and
provenance is written on insert and with every real change.

Events and e-mails
------------------
An `Event` is recorded in the same transaction as the change it reports: a new `BillStage`, a
changed initiative status, an initiative linked to its decision or to a bill. Re-ingesting the
same page is a noop, so it records nothing. When the transaction commits, the Celery task
`legislation.notify_followers` gets the new event ids.

`followers_notify` then creates one `Notification` row per (subscription, event) — a unique
constraint, so a second run or a concurrent worker cannot create another — and, in that same
transaction, queues `legislation.send_notification` for each new row (on commit).

Delivery is **at most once**: `notification_send` claims the row (sets `sent_at` with a
conditional UPDATE that only one worker can win) *before* handing the mail to the mail backend.
A worker that dies after the claim loses that one mail rather than sending it twice. When the
backend raises (the server refused or could not be reached, so nothing was delivered), the claim
is released, the error kept on the row, and the task retries. A duplicate is therefore only
possible if a backend raises after the server accepted the message, which SMTP does not do.

Who is told: active subscriptions (confirmed, not unsubscribed) to the bill, to an initiative
linked to the bill, or to the initiative — confirmed *before* the event was recorded, and not
for an event whose own date is older than the day the subscription was confirmed (old news found
late, e.g. a backfill). Each address gets one e-mail per event even if it follows both a bill and
its initiative.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from parvaipret.core.exceptions import ApplicationError
from parvaipret.core.ratelimit import rate_limit_hit
from parvaipret.core.upsert import row_upsert
from parvaipret.legislation.models import (
    Bill,
    BillStage,
    Event,
    Initiative,
    InitiativeBill,
    Notification,
    Subscription,
    new_token,
)
from parvaipret.parliament.models import Term, Vote
from parvaipret.parliament.services import Provenance, votes_link_bill
from scrapers.records.legislation import (
    BillRecord,
    DecisionTextRecord,
    DocumentKind,
    InitiativeRecord,
    StageKind,
)
from scrapers.saeima.motives import parse_motive

logger = logging.getLogger(__name__)

Outcome = Literal["insert", "update", "noop"]
Target = Bill | Initiative

# Error messages (tests import them).
UNKNOWN_SOURCE = "unknown initiative source {source!r} (known: {known})"
TERM_MISMATCH = "{number} belongs to the {record_term}. Saeima, not the {term}."
EMAIL_OR_USER = gettext_noop("follow with an e-mail address or while signed in")
NO_EMAIL_ON_ACCOUNT = gettext_noop("your account has no e-mail address to send the news to")

CONFIRMATION_RATE = "5/d"
"""Confirmation e-mails to one address per day (the follow form is also limited per client)."""

STAGE_KINDS: Mapping[StageKind, str] = {
    StageKind.SUBMITTED: BillStage.Kind.SUBMITTED,
    StageKind.PRESIDIUM: BillStage.Kind.PRESIDIUM,
    StageKind.REFERRED_TO_COMMITTEES: BillStage.Kind.REFERRED,
    StageKind.READING_1: BillStage.Kind.READING_1,
    StageKind.READING_2: BillStage.Kind.READING_2,
    StageKind.READING_3: BillStage.Kind.READING_3,
    StageKind.RECONSIDERATION: BillStage.Kind.RECONSIDERED,
    StageKind.PLENARY: BillStage.Kind.DECISION,
    StageKind.PROCLAIMED: BillStage.Kind.PROCLAIMED,
}
BILL_KINDS: Mapping[DocumentKind, str] = {
    DocumentKind.BILL: Bill.Kind.BILL,
    DocumentKind.DECISION: Bill.Kind.DECISION,
    DocumentKind.REQUEST: Bill.Kind.OTHER,
    DocumentKind.QUESTION: Bill.Kind.OTHER,
}
FINAL_STATUS: Mapping[StageKind, str] = {
    StageKind.PROCLAIMED: Bill.Status.PROCLAIMED,
    StageKind.REJECTED: Bill.Status.REJECTED,
    StageKind.WITHDRAWN: Bill.Status.WITHDRAWN,
    StageKind.ADOPTED: Bill.Status.ADOPTED,
}
STATUS_AFTER_STAGE: Mapping[str, str] = {
    BillStage.Kind.SUBMITTED: Bill.Status.SUBMITTED,
    BillStage.Kind.PRESIDIUM: Bill.Status.SUBMITTED,
    BillStage.Kind.REFERRED: Bill.Status.IN_COMMITTEE,
    BillStage.Kind.READING_1: Bill.Status.FIRST_READING,
    BillStage.Kind.READING_2: Bill.Status.SECOND_READING,
    BillStage.Kind.READING_3: Bill.Status.ADOPTED,
}
"""Status once a stage has a printed result (and the card gives no final outcome)."""

VOTE_READING: Mapping[str, str] = {
    BillStage.Kind.REFERRED: Vote.Reading.REFERRAL,
    BillStage.Kind.READING_1: Vote.Reading.FIRST,
    BillStage.Kind.READING_2: Vote.Reading.SECOND,
    BillStage.Kind.READING_3: Vote.Reading.THIRD,
}
"""The reading a roll call's motive names for each plenary stage of a bill."""

_BILL_OPTIONAL = frozenset(
    {
        "committee",
        "rapporteur",
        "submitters",
        "status",
        "status_label",
        "decision_verb",
        "decision_verb_text",
        "decision_addressee",
        "decision_text_url",
    }
)
_INITIATIVE_OPTIONAL = frozenset(
    {
        "url",
        "title_en",
        "title_ru",
        "summary",
        "author",
        "addressee",
        "published_on",
        "signatures",
        "threshold",
        "status_label",
        "submitted_on",
    }
)
_STAGE_FIELDS = ("sequence", "date", "result", "document_numbers", "deadline")


def _is_empty(value: object) -> bool:
    return value is None or value == ""


def _changes(
    instance: object, values: Mapping[str, Any], *, optional: frozenset[str] = frozenset()
) -> dict[str, Any]:
    return {
        name: value
        for name, value in values.items()
        if not (name in optional and _is_empty(value)) and getattr(instance, name) != value
    }


def _apply(instance: object, changes: Mapping[str, Any], provenance: Provenance | None) -> None:
    for name, value in changes.items():
        setattr(instance, name, value)
    if provenance is not None:
        for name, value in provenance.as_fields().items():
            if not _is_empty(value):
                setattr(instance, name, value)


def _queue_notifications(events: Sequence[Event]) -> None:
    """After commit, tell `legislation.notify_followers` about the events just recorded."""
    ids = [event.pk for event in events]
    if not ids:
        return
    from parvaipret.legislation.tasks import notify_followers as notify_followers_task

    transaction.on_commit(lambda: notify_followers_task.delay(event_ids=ids))


# --- bills and their stages ----------------------------------------------------------------------


@dataclass(slots=True)
class BillUpsertResult:
    """What `bill_upsert` did: the bill's own outcome, each stage's, the events it recorded."""

    bill: Bill
    outcome: Outcome
    stage_outcomes: list[Outcome] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter([self.outcome, *self.stage_outcomes])


def bill_status(record: BillRecord) -> str:
    """The `Bill.Status` a card implies: its final outcome, else the last stage with a result."""
    if record.outcome in FINAL_STATUS:
        return FINAL_STATUS[record.outcome]
    with_result = [s for s in record.stages if s.result]
    if with_result:
        return STATUS_AFTER_STAGE.get(STAGE_KINDS[with_result[-1].kind], Bill.Status.UNKNOWN)
    if any(s.date for s in record.stages):
        return Bill.Status.SUBMITTED
    return Bill.Status.UNKNOWN


def _stage_values(record: BillRecord) -> list[tuple[str, int, dict[str, Any], str]]:
    """(kind, nth of that kind, field values, label as printed) for each column that happened.

    A column with neither a date nor a result has not happened yet and is left out.
    """
    seen: Counter[str] = Counter()
    rows = []
    for index, stage in enumerate(record.stages):
        if stage.date is None and not stage.result:
            continue
        kind = STAGE_KINDS.get(stage.kind)
        if kind is None:  # a final-outcome kind, never a card column
            continue
        rows.append(
            (
                kind,
                seen[kind],
                {
                    "sequence": index,
                    "date": stage.date,
                    "result": stage.result or "",
                    "document_numbers": ", ".join(stage.documents)[:200],
                    "deadline": stage.deadline,
                },
                stage.label,
            )
        )
        seen[kind] += 1
    return rows


def _stage_summary(bill: Bill, label: str, values: Mapping[str, Any]) -> str:
    parts = [bill.number, label, values["date"].strftime("%d.%m.%Y") if values["date"] else "?"]
    if values["result"]:
        parts.append(values["result"])
    return " · ".join(parts)[:500]


def _stages_upsert(
    *, bill: Bill, record: BillRecord, provenance: Provenance
) -> tuple[list[Outcome], list[Event]]:
    stored: dict[str, list[BillStage]] = {}
    for stage in bill.stages.order_by("sequence", "id"):
        stored.setdefault(stage.kind, []).append(stage)
    outcomes: list[Outcome] = []
    events: list[Event] = []
    changed: list[tuple[BillStage, dict[str, Any]]] = []
    for kind, nth, values, label in _stage_values(record):
        existing = stored.get(kind, [])
        if nth >= len(existing):
            stage = BillStage(bill=bill, kind=kind, **values, **provenance.as_fields())
            changed.append((stage, {}))
            events.append(
                Event(
                    kind=Event.Kind.STAGE,
                    bill=bill,
                    stage=stage,
                    date=values["date"],
                    summary=_stage_summary(bill, label, values),
                )
            )
            outcomes.append("insert")
            continue
        stage = existing[nth]
        differences = _changes(stage, values)
        if differences:
            changed.append((stage, differences))
            outcomes.append("update")
        else:
            outcomes.append("noop")
    # Columns may shift (a new one inserted before others): move the rows out of the way first,
    # so the unique (bill, kind, sequence) never sees two rows at one place.
    moving = [s for s, d in changed if s.pk and "sequence" in d]
    for offset, stage in enumerate(moving):
        BillStage.objects.filter(pk=stage.pk).update(sequence=30000 + offset)
    for stage, differences in changed:
        _apply(stage, differences, provenance)
        stage.save()
    for event in events:
        event.save()  # its stage is saved now; Django takes the stage's new id on save
    return outcomes, events


@transaction.atomic
def bill_upsert(
    *,
    record: BillRecord,
    term: Term,
    provenance: Provenance | None = None,
    decision: DecisionTextRecord | None = None,
) -> BillUpsertResult:
    """Create or update a bill or decision from its card (`BillRecord`) and its stages.

    `decision` is the parsed decision text, whose verb says what the decision does. Each stage
    inserted records an `Event` (followers are told on commit); stages are matched by kind and
    order, never deleted. Votes are not linked here: see `bill_link_votes`.
    """
    if record.term != term.number:
        raise ApplicationError(
            TERM_MISMATCH.format(number=record.number, record_term=record.term, term=term.number)
        )
    provenance = provenance or Provenance(source_url=record.source_url)
    values: dict[str, Any] = {
        "term_id": term.pk,
        "kind": BILL_KINDS[record.kind],
        "title": record.title,
        "committee": (record.responsible_committee or "")[:300],
        "rapporteur": ", ".join(record.rapporteurs)[:200],
        "submitters": ", ".join(record.submitters),
        "status": bill_status(record),
        "status_label": (record.status or "")[:200],
    }
    if decision is not None:
        values.update(
            decision_verb=decision.verb.value if decision.verb else "",
            decision_verb_text=(decision.verb_text or "")[:50],
            decision_addressee=(decision.addressee or "")[:300],
            decision_text_url=decision.source_url,
        )
    bill = Bill.objects.filter(number=record.number).first()
    if bill is None:
        bill = Bill(number=record.number, **values, **provenance.as_fields())
        bill.full_clean()
        bill.save()
        outcome: Outcome = "insert"
    else:
        differences = _changes(bill, values, optional=_BILL_OPTIONAL)
        if differences:
            _apply(bill, differences, provenance)
            bill.full_clean()
            bill.save()
            outcome = "update"
        else:
            outcome = "noop"
    stage_outcomes, events = _stages_upsert(bill=bill, record=record, provenance=provenance)
    _queue_notifications(events)
    return BillUpsertResult(
        bill=bill, outcome=outcome, stage_outcomes=stage_outcomes, events=events
    )


def _stage_vote(stage: BillStage, votes: Sequence[Vote]) -> Vote | None:
    """The roll call in which a stage happened: same day, the stage's reading (or, for a
    decision, a vote on the decision itself), not a proposal nor an agenda change; the last
    one of the day (the vote "as a whole" comes after the proposals)."""
    if stage.date is None:
        return None
    if stage.kind == BillStage.Kind.DECISION:
        wanted_reading = ""
    elif stage.kind in VOTE_READING:
        wanted_reading = VOTE_READING[stage.kind]
    else:
        return None
    candidates = [
        vote
        for vote in votes
        if timezone.localdate(vote.timestamp) == stage.date
        and vote.reading == wanted_reading
        and not vote.is_proposal
        and not parse_motive(vote.motive).is_agenda_inclusion
    ]
    return max(candidates, key=lambda v: (v.timestamp, v.pk)) if candidates else None


@transaction.atomic
def bill_link_votes(*, bill: Bill) -> tuple[int, int]:
    """Link the roll calls on `bill` to it and each stage to the roll call it happened in.

    First every unlinked vote whose motive names the bill last gets `Vote.bill`
    (`parliament.services.votes_link_bill`); then each referral, reading and decision stage gets
    its vote (see `_stage_vote`). A stage whose vote cannot be told keeps the one it has (an
    editor may have set it). Returns (votes linked to the bill, stages linked to a vote).
    """
    votes_linked = votes_link_bill(bill=bill)
    votes = list(Vote.objects.filter(bill=bill).order_by("timestamp", "pk"))
    stages_linked = 0
    for stage in bill.stages.all():
        vote = _stage_vote(stage, votes)
        if vote is not None and stage.vote_id != vote.pk:
            stage.vote = vote
            stage.save(update_fields=["vote"])
            stages_linked += 1
    return votes_linked, stages_linked


# --- initiatives -------------------------------------------------------------------------------


def _initiative_values(record: InitiativeRecord) -> dict[str, Any]:
    return {
        "url": record.url or "",
        "title": record.title_lv or record.title_en or record.title_ru or "",
        "title_en": record.title_en or "",
        "title_ru": record.title_ru or "",
        "summary": record.summary or "",
        "author": (record.author or "")[:300],
        "addressee": (record.addressee or "")[:300],
        "published_on": record.published,
        "signatures": record.signatures,
        "threshold": record.threshold,
        "status_label": (record.status or "")[:500],
        "submitted_on": record.submitted,
    }


def _status_event(initiative: Initiative, before: str, after: str) -> Event:
    event = Event(
        kind=Event.Kind.STATUS,
        initiative=initiative,
        summary=f"{initiative.title[:200]} · {before or '—'} → {after or '—'}"[:500],
    )
    event.save()
    return event


@transaction.atomic
def initiative_upsert(
    *,
    record: InitiativeRecord,
    fetched_at: dt.datetime | None = None,
    checksum: str = "",
) -> tuple[Initiative, Outcome, list[Event]]:
    """Create or update an initiative by (source, external_id) from a page or an import row.

    `source_url` may be a file row ("initiatives.csv#row=2") rather than a web address. A
    changed status line records an `Event` for the initiative's followers. Links to decisions
    and bills are made with `initiative_link_bill`.
    """
    if record.source not in Initiative.Source.values:
        known = ", ".join(Initiative.Source.values)
        raise ApplicationError(UNKNOWN_SOURCE.format(source=record.source, known=known))
    provenance = Provenance(source_url=record.source_url, fetched_at=fetched_at, checksum=checksum)
    values = _initiative_values(record)
    initiative = Initiative.objects.filter(
        source=record.source, external_id=record.external_id
    ).first()
    if initiative is None:
        initiative = Initiative(
            source=record.source,
            external_id=record.external_id,
            **values,
            **provenance.as_fields(),
        )
        initiative.full_clean(exclude=["source_url"])
        initiative.save()
        return initiative, "insert", []
    before = initiative.status_label
    differences = _changes(initiative, values, optional=_INITIATIVE_OPTIONAL)
    if not differences:
        return initiative, "noop", []
    _apply(initiative, differences, provenance)
    initiative.full_clean(exclude=["source_url"])
    initiative.save()
    events = []
    if "status_label" in differences:
        events.append(_status_event(initiative, before, initiative.status_label))
    _queue_notifications(events)
    return initiative, "update", events


@transaction.atomic
def initiative_status_changed(*, initiative: Initiative, before: str) -> Event | None:
    """Record an editor's change of `Initiative.status` (admin) as an event for followers."""
    if before == initiative.status:
        return None
    before_label = Initiative.Status(before).label if before in Initiative.Status.values else before
    event = _status_event(initiative, str(before_label), str(initiative.get_status_display()))
    _queue_notifications([event])
    return event


def _decision_date(bill: Bill) -> dt.date | None:
    stages = [s for s in bill.stages.all() if s.kind == BillStage.Kind.DECISION and s.date]
    return stages[-1].date if stages else None


@transaction.atomic
def initiative_link_bill(
    *,
    initiative: Initiative,
    bill: Bill,
    kind: str,
    confirmed_by: Any = None,
    note: str = "",
) -> tuple[InitiativeBill, Outcome]:
    """Link an initiative to its Saeima decision (kind "decision") or a bill it led to.

    A link is a person's statement: `confirmed_at` is set now (with `confirmed_by` when made
    in the admin). A new decision or led-to link records an event for the followers.
    """
    link = InitiativeBill.objects.filter(initiative=initiative, bill=bill).first()
    if link is None:
        link = InitiativeBill(
            initiative=initiative,
            bill=bill,
            kind=kind,
            note=note[:300],
            confirmed_by=confirmed_by,
            confirmed_at=timezone.now(),
        )
        link.full_clean()
        link.save()
        outcome: Outcome = "insert"
    else:
        differences = _changes(link, {"kind": kind})
        if link.confirmed_at is None:
            differences.update(confirmed_at=timezone.now(), confirmed_by=confirmed_by)
        if not differences:
            return link, "noop"
        _apply(link, differences, None)
        link.full_clean()
        link.save()
        outcome = "update"
    if outcome == "insert" or "kind" in differences:
        event_kind = {
            InitiativeBill.Kind.DECISION: Event.Kind.DECISION,
            InitiativeBill.Kind.LED_TO: Event.Kind.LINK,
        }.get(link.kind)
        if event_kind is not None:
            event = Event.objects.create(
                kind=event_kind,
                initiative=initiative,
                bill=bill,
                date=_decision_date(bill) if event_kind == Event.Kind.DECISION else None,
                summary=f"{initiative.title[:200]} → {bill.number}",
            )
            _queue_notifications([event])
    return link, outcome


# --- rows of a data dump ------------------------------------------------------------------------
# `ingest.dump_tables` restores what another database exported, field for field. A dump row is
# one more source: an empty value keeps the stored one, provenance is kept but not compared, and
# no event is recorded (a restored stage or link is not news to anyone).


@transaction.atomic
def bill_import(
    *, term: Term, number: str, values: Mapping[str, Any], provenance: Provenance | None = None
) -> tuple[Bill, Outcome]:
    """The bill `number`, created or brought up to `values` (Bill fields other than the term,
    number, provenance and timestamps)."""
    return row_upsert(
        model=Bill,
        lookup={"number": number},
        values={"term_id": term.pk, **values},
        provenance=(provenance or Provenance()).as_fields(),
    )


@transaction.atomic
def bill_stage_import(
    *,
    bill: Bill,
    kind: str,
    sequence: int,
    values: Mapping[str, Any],
    vote: Vote | None = None,
    provenance: Provenance | None = None,
) -> tuple[BillStage, Outcome]:
    """The stage (`kind`, `sequence`) of `bill` with the vote it happened in, created or
    brought up to `values` (date, result, document_numbers, deadline)."""
    return row_upsert(
        model=BillStage,
        lookup={"bill": bill, "kind": kind, "sequence": sequence},
        values={**values, "vote_id": vote.pk if vote else None},
        provenance=(provenance or Provenance()).as_fields(),
        clean_exclude=["bill", "vote"],
    )


@transaction.atomic
def initiative_import(
    *,
    source: str,
    external_id: str,
    values: Mapping[str, Any],
    provenance: Provenance | None = None,
) -> tuple[Initiative, Outcome]:
    """The initiative (`source`, `external_id`), created or brought up to `values`
    (Initiative fields other than its key, provenance and timestamps)."""
    if source not in Initiative.Source.values:
        known = ", ".join(Initiative.Source.values)
        raise ApplicationError(UNKNOWN_SOURCE.format(source=source, known=known))
    return row_upsert(
        model=Initiative,
        lookup={"source": source, "external_id": external_id},
        values=values,
        provenance=(provenance or Provenance()).as_fields(),
        clean_exclude=["source_url"],  # may be a file row, as in `initiative_upsert`
    )


@transaction.atomic
def initiative_bill_import(
    *,
    initiative: Initiative,
    bill: Bill,
    kind: str,
    note: str = "",
    confirmed_at: dt.datetime | None = None,
) -> tuple[InitiativeBill, Outcome]:
    """The link of `initiative` to `bill` as another database confirmed it (who confirmed it is
    not carried over: a dump names no user)."""
    return row_upsert(
        model=InitiativeBill,
        lookup={"initiative": initiative, "bill": bill},
        values={"kind": kind, "note": note[:300], "confirmed_at": confirmed_at},
        clean_exclude=["initiative", "bill"],
    )


# --- subscriptions -------------------------------------------------------------------------------


def _target_fields(target: Target) -> dict[str, Any]:
    if isinstance(target, Bill):
        return {"bill": target, "initiative": None}
    return {"initiative": target, "bill": None}


def subscription_target(subscription: Subscription) -> Target:
    return subscription.bill if subscription.bill_id else subscription.initiative


def subscription_address(subscription: Subscription) -> str:
    if subscription.user_id:
        return subscription.user.email or ""
    return subscription.email


def normalise_email(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def subscription_create(
    *,
    target: Target,
    user: Any = None,
    email: str = "",
    language: str = "",
) -> Subscription:
    """Follow a bill or an initiative.

    Signed in (`user`): active at once, no e-mail. By `email`: a confirmation e-mail with the
    secret link is sent (double opt-in), at most `CONFIRMATION_RATE` a day per address; an
    address that already follows gets nothing new, one that unsubscribed must confirm again.
    The caller shows the same answer in every case, so the form tells nobody who follows what.
    """
    now = timezone.now()
    language = language[:8]
    if user is not None and getattr(user, "is_authenticated", False):
        if not user.email:
            raise ApplicationError(NO_EMAIL_ON_ACCOUNT)
        subscription, created = Subscription.objects.get_or_create(
            user=user,
            **_target_fields(target),
            defaults={"confirmed_at": now, "language": language},
        )
        if not created and not subscription.is_active:
            subscription.confirmed_at = now  # events before today's follow are not sent
            subscription.unsubscribed_at = None
            subscription.save(update_fields=["confirmed_at", "unsubscribed_at", "updated_at"])
        return subscription
    email = normalise_email(email)
    if not email:
        raise ApplicationError(EMAIL_OR_USER)
    subscription, created = Subscription.objects.get_or_create(
        email=email, **_target_fields(target), defaults={"language": language}
    )
    if not created:
        if subscription.is_active:
            return subscription
        if subscription.unsubscribed_at is not None:
            subscription.unsubscribed_at = None
            subscription.confirmed_at = None
            subscription.token = new_token()
        subscription.language = language or subscription.language
        subscription.save()
    subscription.full_clean()
    allowed = rate_limit_hit(
        scope="follow-confirmation", identity=email, rate=CONFIRMATION_RATE
    ).allowed
    if allowed:
        from parvaipret.legislation.tasks import send_confirmation as send_confirmation_task

        pk = subscription.pk
        transaction.on_commit(lambda: send_confirmation_task.delay(subscription_id=pk))
    else:
        logger.info("follow: confirmation e-mails to one address over the limit, none sent")
    return subscription


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscription | None:
    """Confirm an e-mail subscription by its secret token; None for an unknown token."""
    subscription = Subscription.objects.select_for_update().filter(token=token).first()
    if subscription is None:
        return None
    if subscription.confirmed_at is None or subscription.unsubscribed_at is not None:
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at", "updated_at"])
    return subscription


@transaction.atomic
def subscription_unsubscribe(*, token: str) -> Subscription | None:
    """Stop a subscription by its secret token (the link in every e-mail); idempotent."""
    subscription = Subscription.objects.select_for_update().filter(token=token).first()
    if subscription is None:
        return None
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at", "updated_at"])
    return subscription


@transaction.atomic
def subscription_stop(*, user: Any, target: Target) -> bool:
    """A signed-in follower stops following; False if they did not follow."""
    updated = Subscription.objects.filter(
        user=user, unsubscribed_at__isnull=True, **_target_fields(target)
    ).update(unsubscribed_at=timezone.now(), updated_at=timezone.now())
    return updated > 0


# --- e-mails -------------------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def target_url(target: Target) -> str:
    name = (
        "legislation:bill_detail" if isinstance(target, Bill) else "legislation:initiative_detail"
    )
    return absolute_url(reverse(name, args=[target.pk]))


def _language(subscription: Subscription) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return subscription.language if subscription.language in codes else settings.LANGUAGE_CODE


def _message(subscription: Subscription, template: str, context: Mapping[str, Any]) -> EmailMessage:
    unsubscribe = absolute_url(reverse("legislation:follow_unsubscribe", args=[subscription.token]))
    context = {
        **context,
        "subscription": subscription,
        "target": subscription_target(subscription),
        "target_url": target_url(subscription_target(subscription)),
        "unsubscribe_url": unsubscribe,
    }
    subject = render_to_string(f"legislation/email/{template}_subject.txt", context)
    body = render_to_string(f"legislation/email/{template}_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription_address(subscription)],
        headers={
            # RFC 2369 and RFC 8058: mail clients offer one-click unsubscribe (a POST to the URL).
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def subscription_send_confirmation(*, subscription: Subscription) -> bool:
    """Send the double opt-in e-mail with the confirmation link; False if nothing to send."""
    if subscription.is_active or subscription.user_id or not subscription.email:
        return False
    with translation.override(_language(subscription)):
        confirm = absolute_url(reverse("legislation:follow_confirm", args=[subscription.token]))
        _message(subscription, "confirm", {"confirm_url": confirm}).send()
    return True


def event_followers(*, event: Event) -> list[Subscription]:
    """The subscriptions to tell about `event`, one per address (see the module docstring)."""
    wanted = Q(pk__in=[])
    if event.bill_id:
        wanted |= Q(bill_id=event.bill_id)
        wanted |= Q(
            initiative__bill_links__bill_id=event.bill_id,
            initiative__bill_links__kind__in=[
                InitiativeBill.Kind.DECISION,
                InitiativeBill.Kind.LED_TO,
            ],
        )
    if event.initiative_id:
        wanted |= Q(initiative_id=event.initiative_id)
    candidates = (
        Subscription.objects.filter(
            wanted,
            confirmed_at__isnull=False,
            confirmed_at__lt=event.recorded_at,
            unsubscribed_at__isnull=True,
        )
        .select_related("user")
        .distinct()
        .order_by("initiative_id", "pk")  # a bill's own followers first (initiative is NULL)
    )
    chosen: dict[str, Subscription] = {}
    for subscription in candidates:
        if event.date is not None and event.date < timezone.localdate(subscription.confirmed_at):
            continue  # older than the subscription: old news found late
        address = normalise_email(subscription_address(subscription))
        if address and address not in chosen:
            chosen[address] = subscription
    return list(chosen.values())


@transaction.atomic
def notifications_create(*, event: Event) -> list[Notification]:
    """Create the unique notification rows of an event and queue their sending on commit.

    Returns the rows that still need sending (new ones, or earlier ones never claimed).
    """
    from parvaipret.legislation.tasks import send_notification as send_notification_task

    pending: list[Notification] = []
    for subscription in event_followers(event=event):
        try:
            with transaction.atomic():
                notification, _created = Notification.objects.get_or_create(
                    subscription=subscription, event=event
                )
        except IntegrityError:  # a concurrent worker created it first
            notification = Notification.objects.get(subscription=subscription, event=event)
        if notification.sent_at is None:
            pending.append(notification)
    for notification in pending:
        pk = notification.pk
        transaction.on_commit(lambda pk=pk: send_notification_task.delay(notification_id=pk))
    return pending


def followers_notify(*, event_ids: Sequence[int]) -> int:
    """For each event: notification rows and queued e-mails. Returns how many were queued."""
    queued = 0
    for event in Event.objects.filter(pk__in=event_ids).order_by("pk"):
        queued += len(notifications_create(event=event))
    return queued


def notification_send(*, notification_id: int) -> bool:
    """Send one notification at most once; True if the mail was handed to the backend.

    The row is claimed before sending; if the backend raises, the claim is released and the
    error re-raised so the task can retry (see the module docstring).
    """
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(
        sent_at=now
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related(
        "event", "event__bill", "event__initiative", "event__stage", "subscription__user"
    ).get(pk=notification_id)
    subscription = notification.subscription
    if not subscription.is_active:
        Notification.objects.filter(pk=notification_id).update(error="unsubscribed before sending")
        return False
    with translation.override(_language(subscription)):
        message = _message(subscription, "event", {"event": notification.event})
    try:
        message.send()
    except Exception as error:
        Notification.objects.filter(pk=notification_id).update(sent_at=None, error=str(error))
        raise
    return True


__all__ = [
    "CONFIRMATION_RATE",
    "EMAIL_OR_USER",
    "NO_EMAIL_ON_ACCOUNT",
    "TERM_MISMATCH",
    "UNKNOWN_SOURCE",
    "BillUpsertResult",
    "bill_link_votes",
    "bill_status",
    "bill_upsert",
    "event_followers",
    "followers_notify",
    "initiative_link_bill",
    "initiative_status_changed",
    "initiative_upsert",
    "notification_send",
    "notifications_create",
    "subscription_confirm",
    "subscription_create",
    "subscription_send_confirmation",
    "subscription_stop",
    "subscription_unsubscribe",
]
