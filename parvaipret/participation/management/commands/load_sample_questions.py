"""`python manage.py load_sample_questions`: publish sample questions for real bundled votes.

Each question stands for one real roll call of the 16 April 2026 sitting (found by its titania
vote id, so `import_dump` must have loaded that sitting). The question texts are the editors'
plain-language wording of the real motive, and say so; the questionnaire shows the real motive
beside them (it links the vote). Idempotent: a re-run reports every question as unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from parvaipret.parliament.models import Vote
from parvaipret.participation.services import question_publish, question_upsert_for_vote

EDITORS_NOTE = {
    "lv": "(Redakcijas vienkāršots Saeimas balsojuma motīva formulējums.)",
    "en": "(The editors' plain-language wording of the motive of the Saeima's vote.)",
    "ru": "(Упрощённая редакционная формулировка мотива голосования Сейма.)",
}
#: What kind of vote it was, in plain words (the page links the vote with its real motive).
REFERRAL_NOTE = (
    "Pirmais solis likumprojekta ceļā: Saeima balso, vai nodot to komisijām izskatīšanai. "
    "Ja nenodod, likumprojekts ir noraidīts.",
    "The first step for a bill: the Saeima votes on whether to send it to its committees. "
    "If it does not, the bill is rejected.",
    "Первый шаг законопроекта: Сейм голосует, передавать ли его в комиссии. "
    "Если нет, законопроект отклонён.",
)
FINAL_READING_NOTE = (
    "Trešais lasījums ir pēdējais: tajā pieņemtais likumprojekts ir Saeimas pieņemts likums.",
    "The third reading is the last one: a bill adopted in it is a law passed by the Saeima.",
    "Третье чтение — последнее: принятый в нём законопроект — закон, принятый Сеймом.",
)
REFERRAL = {
    "lv": "Vai Saeimai būtu jānodod komisijām izskatīšanai likumprojekts “{lv}” ({number})?",
    "en": "Should the Saeima send the bill “{en}” ({number}) to its committees for consideration?",
    "ru": "Следует ли Сейму передать в комиссии на рассмотрение законопроект «{ru}» ({number})?",
}


@dataclass(frozen=True)
class SampleQuestion:
    vote_external_id: str
    lv: str
    en: str
    ru: str
    note: tuple[str, str, str] = ("", "", "")
    polarity: int = 1


def _referral(vote_external_id: str, number: str, lv: str, en: str, ru: str) -> SampleQuestion:
    names = {"lv": lv, "en": en, "ru": ru}
    return SampleQuestion(
        vote_external_id,
        *(REFERRAL[lang].format(number=number, **names) for lang in ("lv", "en", "ru")),
        note=REFERRAL_NOTE,
    )


# Real votes of 16 April 2026 (/work/shared/data/saeima14-2026-04-16/votes.csv), chosen so the
# factions differ: referrals of bills to committees, an inquiry, a final reading.
SAMPLE_QUESTIONS: tuple[SampleQuestion, ...] = (
    _referral(
        "e8ee3055-f869-4dba-80ee-07c13a4617dd",
        "1292/Lp14",
        "Grozījumi Saeimas vēlēšanu likumā",
        "Amendments to the Saeima Election Law",
        "Поправки к Закону о выборах в Сейм",
    ),
    _referral(
        "59d08dcb-72e6-429f-9047-53d11d40fba6",
        "1297/Lp14",
        "Grozījumi Valsts drošības iestāžu likumā",
        "Amendments to the State Security Institutions Law",
        "Поправки к Закону об учреждениях государственной безопасности",
    ),
    _referral(
        "5234f1ea-56f0-4bbc-a903-dbc459e19055",
        "1298/Lp14",
        "Grozījumi Korupcijas novēršanas un apkarošanas biroja likumā",
        "Amendments to the Law on the Corruption Prevention and Combating Bureau",
        "Поправки к Закону о Бюро по предотвращению и борьбе с коррупцией",
    ),
    _referral(
        "ea29805d-59bd-43c3-8ead-c8ef31a5b94e",
        "1300/Lp14",
        "Grozījumi Latvijas Bankas likumā",
        "Amendments to the Law on Latvijas Banka",
        "Поправки к Закону о Банке Латвии",
    ),
    _referral(
        "58b34b2f-b61c-4304-b35d-e48b527f1946",
        "1307/Lp14",
        "Grozījumi Ieroču aprites likumā",
        "Amendments to the Weapons Circulation Law",
        "Поправки к Закону об обороте оружия",
    ),
    _referral(
        "b7d1d623-db4e-4460-9489-9cae1f66c776",
        "1308/Lp14",
        "Grozījumi Ukrainas civiliedzīvotāju atbalsta likumā",
        "Amendments to the Law on Assistance to Ukrainian Civilians",
        "Поправки к Закону о поддержке гражданских лиц Украины",
    ),
    SampleQuestion(
        "9fa4d829-54cd-4230-974d-8ae5cd19e813",
        "Vai Saeimai būtu jāatbalsta deputātu pieprasījums Ministru prezidentei “Par iespējamu "
        "politisko spiedienu un patiesībai neatbilstošas informācijas sniegšanu tiesību "
        "aizsardzības iestādei” (124/P14)?",
        "Should the Saeima support the deputies' request to the Prime Minister “On possible "
        "political pressure and the provision of untrue information to a law enforcement "
        "institution” (124/P14)?",
        "Следует ли Сейму поддержать запрос депутатов премьер-министру «О возможном "
        "политическом давлении и предоставлении не соответствующей действительности информации "
        "правоохранительному учреждению» (124/P14)?",
    ),
    SampleQuestion(
        "9449ea60-8bbd-4c86-9091-50d858e12abf",
        "Vai Saeimai būtu jāpieņem galīgajā, trešajā lasījumā likumprojekts “Grozījumi "
        "Epidemioloģiskās drošības likumā” (1139/Lp14)?",
        "Should the Saeima adopt the bill “Amendments to the Epidemiological Safety Law” "
        "(1139/Lp14) in the third and final reading?",
        "Следует ли Сейму принять в третьем, окончательном чтении законопроект «Поправки к "
        "Закону об эпидемиологической безопасности» (1139/Lp14)?",
        note=FINAL_READING_NOTE,
    ),
)


def wording(sample: SampleQuestion) -> dict[str, str]:
    """The Question fields: the editors' text marked as such, and what kind of vote it was."""
    texts = {"lv": sample.lv, "en": sample.en, "ru": sample.ru}
    fields = {}
    for number, (lang, suffix) in enumerate((("lv", ""), ("en", "_en"), ("ru", "_ru"))):
        fields[f"text{suffix}"] = f"{texts[lang]} {EDITORS_NOTE[lang]}"
        fields[f"explanation{suffix}"] = sample.note[number]
    return fields


class Command(BaseCommand):
    help = (
        "Create and publish sample questions for real votes of the bundled 16 April 2026 sitting."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        wanted = [s.vote_external_id for s in SAMPLE_QUESTIONS]
        votes = Vote.objects.in_bulk(wanted, field_name="external_id")
        missing = [external_id for external_id in wanted if external_id not in votes]
        if missing:
            raise CommandError(
                f"load_sample_questions: {len(missing)} of the {len(wanted)} sample votes are "
                f"not loaded (titania ids {', '.join(missing)}). Load the sitting first: "
                "python manage.py import_dump parvaipret/ingest/fixtures/saeima14-2026-04-16"
            )
        outcomes: dict[str, int] = {"insert": 0, "update": 0, "noop": 0}
        published = 0
        for sample in SAMPLE_QUESTIONS:
            vote = votes[sample.vote_external_id]
            question, outcome = question_upsert_for_vote(
                vote=vote, wording=wording(sample), polarity=sample.polarity
            )
            outcomes[outcome] += 1
            if not question.is_published:
                question_publish(question=question, editor=None)
                published += 1
        self.stdout.write(
            f"load_sample_questions: {len(SAMPLE_QUESTIONS)} questions "
            f"({outcomes['insert']} inserted, {outcomes['update']} updated, "
            f"{outcomes['noop']} unchanged; {published} newly published)"
        )
