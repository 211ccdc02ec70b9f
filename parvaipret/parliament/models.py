"""The Saeima: convocations, factions, deputies, their memberships, sittings, roll calls, ballots."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parvaipret.core.models import SourcedModel, TimeStampedModel


class Term(models.Model):
    """A Saeima convocation (sasaukums), e.g. the 14th Saeima from 1 Nov 2022."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    start = models.DateField(_("first sitting"))
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("Saeima term")
        verbose_name_plural = _("Saeima terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="term_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. Saeima"


class Faction(SourcedModel):
    """A parliamentary group (frakcija) within one term."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="factions")
    short_name = models.CharField(_("code on vote pages"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    aliases = models.JSONField(
        _("other codes"),
        default=list,
        blank=True,
        help_text=_("Other spellings of the code seen in sources, e.g. S!, ST!, ST."),
    )
    colour = models.CharField(_("colour"), max_length=7, default="#888888")
    founded_on = models.DateField(_("founded"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved"), null=True, blank=True)

    class Meta:
        ordering = ["term", "short_name"]
        verbose_name = _("faction")
        verbose_name_plural = _("factions")
        constraints = [
            models.UniqueConstraint(fields=["term", "short_name"], name="faction_unique_code"),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9A-Fa-f]{6}$"), name="faction_colour_hex"
            ),
            models.CheckConstraint(condition=~Q(short_name=""), name="faction_code_not_empty"),
        ]

    def __str__(self) -> str:
        return self.short_name


class CoalitionPeriod(models.Model):
    """A faction's time in the governing coalition (Latvia's coalitions change within a term)."""

    faction = models.ForeignKey(Faction, on_delete=models.CASCADE, related_name="coalition_periods")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    government = models.CharField(_("government"), max_length=200, blank=True)

    class Meta:
        ordering = ["faction", "start"]
        verbose_name = _("coalition period")
        verbose_name_plural = _("coalition periods")
        constraints = [
            models.UniqueConstraint(fields=["faction", "start"], name="coalition_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.faction} {self.start}–{self.end or ''}"


class Deputy(SourcedModel, TimeStampedModel):
    """A person who has held a Saeima mandate."""

    external_id = models.CharField(
        _("titania id"),
        max_length=32,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The DepWeb unid (32 hex) of the newest term the deputy is known in."),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    wikidata_id = models.CharField(_("Wikidata id"), max_length=20, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Membership(SourcedModel):
    """A deputy's seat in a term, in a faction or unaffiliated (faction empty), over dates.

    The union of a deputy's memberships is their mandate; a gap is a suspended mandate.
    Empty dates mean the source did not give them (open-ended). The database rejects two
    memberships of one deputy that overlap in time (a trigger, see migration 0002).
    """

    deputy = models.ForeignKey(Deputy, on_delete=models.CASCADE, related_name="memberships")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="memberships")
    faction = models.ForeignKey(
        Faction, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    is_substitute = models.BooleanField(_("substitute mandate"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["deputy", "start"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["term", "deputy"])]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.faction or '—'} · {self.start or '…'}–{self.end or '…'}"


class Sitting(SourcedModel):
    """A plenary sitting (sēde)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular sitting")
        EXTRAORDINARY = "extraordinary", _("extraordinary sitting")
        SOLEMN = "solemn", _("solemn sitting")
        CLOSED = "closed", _("closed sitting")
        QUESTIONS = "questions", _("answers to deputies' questions")
        EXTRAORDINARY_SESSION = "extraordinary_session", _("sitting of an extraordinary session")
        UNKNOWN = "", _("not given")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sittings")
    external_id = models.CharField(_("titania id"), max_length=64, null=True, blank=True)
    opendata_id = models.CharField(_("data.gov.lv DK_ID"), max_length=64, null=True, blank=True)
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        constraints = [
            models.UniqueConstraint(fields=["external_id"], name="sitting_unique_external_id"),
            models.UniqueConstraint(fields=["opendata_id"], name="sitting_unique_opendata_id"),
        ]
        indexes = [models.Index(fields=["term", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_kind_display()}"


class Vote(SourcedModel, TimeStampedModel):
    """One roll call (balsojums)."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        UNKNOWN = "", _("not given")

    class Reading(models.TextChoices):
        REFERRAL = "referral", _("referral to committees")
        FIRST = "1", _("first reading")
        SECOND = "2", _("second reading")
        THIRD = "3", _("third reading")
        NONE = "", _("none")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="votes")
    sitting = models.ForeignKey(
        Sitting, on_delete=models.PROTECT, null=True, blank=True, related_name="votes"
    )
    external_id = models.CharField(
        _("titania id"), max_length=64, null=True, blank=True, help_text=_("Vote page guid.")
    )
    opendata_id = models.CharField(_("data.gov.lv VOTING_ID"), max_length=64, null=True, blank=True)
    number = models.PositiveIntegerField(_("number in sitting"), null=True, blank=True)
    timestamp = models.DateTimeField(_("time"))
    motive = models.TextField(_("motive (Balsošanas motīvs)"))
    document_numbers = models.CharField(
        _("document numbers"), max_length=200, blank=True, help_text=_("As named in the motive.")
    )
    bill = models.ForeignKey(
        "legislation.Bill", on_delete=models.SET_NULL, null=True, blank=True, related_name="votes"
    )
    reading = models.CharField(_("reading"), max_length=10, choices=Reading.choices, blank=True)
    is_urgent = models.BooleanField(_("urgent"), default=False)
    is_proposal = models.BooleanField(_("vote on a proposal"), default=False)
    is_secret = models.BooleanField(_("secret ballot"), default=False)
    is_candidate_vote = models.BooleanField(_("vote on persons"), default=False)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_label = models.CharField(
        _("outcome as printed"), max_length=100, blank=True, help_text=_("e.g. Pieņemts, Likums")
    )
    for_count = models.PositiveSmallIntegerField(_("for"))
    against_count = models.PositiveSmallIntegerField(_("against"))
    abstain_count = models.PositiveSmallIntegerField(_("abstain"))
    not_voting_count = models.PositiveSmallIntegerField(_("did not vote"), null=True, blank=True)

    class Meta:
        ordering = ["-timestamp", "-number"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["external_id"], name="vote_unique_external_id"),
            models.UniqueConstraint(fields=["opendata_id"], name="vote_unique_opendata_id"),
            models.UniqueConstraint(
                fields=["sitting", "number"],
                condition=Q(number__isnull=False),
                name="vote_unique_number_in_sitting",
            ),
            models.CheckConstraint(
                condition=Q(for_count__lte=100)
                & Q(against_count__lte=100)
                & Q(abstain_count__lte=100),
                name="vote_tallies_at_most_100",
            ),
        ]
        indexes = [
            models.Index(fields=["term", "timestamp"]),
            models.Index(fields=["timestamp"]),
        ]

    def __str__(self) -> str:
        return f"{self.timestamp:%d.%m.%Y %H:%M} {self.motive[:80]}"

    @property
    def is_matchable(self) -> bool:
        """Secret ballots and votes on persons carry no comparable position."""
        return not (self.is_secret or self.is_candidate_vote)


class Ballot(models.Model):
    """One deputy's ballot in one roll call, with the faction they sat in at the time."""

    class Choice(models.TextChoices):
        FOR = "for", _("for")
        AGAINST = "against", _("against")
        ABSTAIN = "abstain", _("abstain")
        DID_NOT_VOTE = "did_not_vote", _("did not vote")
        ABSENT = "absent", _("absent")

    # `vote` keeps its own index: without planner statistics (autovacuum off, or a term just
    # loaded) PostgreSQL answers `vote_id IN (…)` with a sequential scan of every ballot when
    # only the unique (vote, deputy) index leads with it. `deputy` has none: the (deputy, vote)
    # index serves every lookup by deputy; one index fewer to maintain per ballot.
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="ballots", db_index=False
    )
    choice = models.CharField(_("choice"), max_length=12, choices=Choice.choices)
    faction = models.ForeignKey(
        Faction, on_delete=models.PROTECT, null=True, blank=True, related_name="ballots"
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "deputy"], name="ballot_unique_deputy_per_vote"
            ),
            models.CheckConstraint(
                condition=Q(choice__in=["for", "against", "abstain", "did_not_vote", "absent"]),
                name="ballot_choice_valid",
            ),
        ]
        indexes = [models.Index(fields=["deputy", "vote"])]

    def __str__(self) -> str:
        return f"{self.deputy} {self.get_choice_display()}"
