"""The vote motive reader, on every real motive we hold (25 sample + 30 dump + the 2018 page).

Each row: motive, voted document, bill numbers, decision numbers, reading, urgent, title.
"""

# ruff: noqa: E501 - real motives are kept verbatim, one string each

from __future__ import annotations

import csv
import io
import json

import pytest

from scrapers.records.parliament import MotiveInfo, Reading
from scrapers.saeima.motives import parse_motive
from tests.scrapers.helpers import read_fixture

SAMPLE_MOTIVES = [
    (
        "Grozījumi likumā “Par piesārņojumu” (1274/Lp14), 1.lasījums",
        "1274/Lp14",
        ("1274/Lp14",),
        (),
        Reading.FIRST,
        False,
        "Grozījumi likumā “Par piesārņojumu”",
    ),
    (
        "Grozījumi Imigrācijas likumā (1180/Lp14), 3.lasījums",
        "1180/Lp14",
        ("1180/Lp14",),
        (),
        Reading.THIRD,
        False,
        "Grozījumi Imigrācijas likumā",
    ),
    (
        "Grozījumi likumā “Par valsts sociālo apdrošināšanu” (991/Lp14), 3.lasījums",
        "991/Lp14",
        ("991/Lp14",),
        (),
        Reading.THIRD,
        False,
        "Grozījumi likumā “Par valsts sociālo apdrošināšanu”",
    ),
    (
        "Par Saeimas piekrišanu valsts īstermiņa aizdevuma izsniegšanai AS “Air Baltic Corporation” (953/Lm14)",
        "953/Lm14",
        (),
        ("953/Lm14",),
        None,
        False,
        "Par Saeimas piekrišanu valsts īstermiņa aizdevuma izsniegšanai AS “Air Baltic Corporation”",
    ),
    (
        "Grozījums Saeimas vēlēšanu likumā (1288/Lp14), 1.lasījums",
        "1288/Lp14",
        ("1288/Lp14",),
        (),
        Reading.FIRST,
        False,
        "Grozījums Saeimas vēlēšanu likumā",
    ),
    (
        "Grozījumi Kriminālprocesa likumā (1312/Lp14), 2.lasījums, steidzams",
        "1312/Lp14",
        ("1312/Lp14",),
        (),
        Reading.SECOND,
        True,
        "Grozījumi Kriminālprocesa likumā",
    ),
    (
        "Grozījumi Civilprocesa likumā (1187/Lp14), 3.lasījums",
        "1187/Lp14",
        ("1187/Lp14",),
        (),
        Reading.THIRD,
        False,
        "Grozījumi Civilprocesa likumā",
    ),
    (
        "Grozījumi Izglītības likumā (1303/Lp14), 1.lasījums",
        "1303/Lp14",
        ("1303/Lp14",),
        (),
        Reading.FIRST,
        False,
        "Grozījumi Izglītības likumā",
    ),
    (
        "Grozījums Bērnu tiesību aizsardzības likumā (1257/Lp14), 1.lasījums",
        "1257/Lp14",
        ("1257/Lp14",),
        (),
        Reading.FIRST,
        False,
        "Grozījums Bērnu tiesību aizsardzības likumā",
    ),
    (
        "Grozījums Meža likumā (1291/Lp14), nodošana komisijām",
        "1291/Lp14",
        ("1291/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījums Meža likumā",
    ),
    (
        "Par Jura Rancāna iecelšanu par rajona (pilsētas) tiesas tiesnesi (938/Lm14)",
        "938/Lm14",
        (),
        ("938/Lm14",),
        None,
        False,
        "Par Jura Rancāna iecelšanu par rajona (pilsētas) tiesas tiesnesi",
    ),
    (
        "Grozījumi Atkritumu apsaimniekošanas likumā (1270/Lp14), 1.lasījums",
        "1270/Lp14",
        ("1270/Lp14",),
        (),
        Reading.FIRST,
        False,
        "Grozījumi Atkritumu apsaimniekošanas likumā",
    ),
    (
        "Grozījumi Valsts drošības iestāžu likumā (1297/Lp14), nodošana komisijām",
        "1297/Lp14",
        ("1297/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi Valsts drošības iestāžu likumā",
    ),
    (
        "Grozījumi Gaisa kuģu pasažieru datu apstrādes likumā (1072/Lp14), 3.lasījums",
        "1072/Lp14",
        ("1072/Lp14",),
        (),
        Reading.THIRD,
        False,
        "Grozījumi Gaisa kuģu pasažieru datu apstrādes likumā",
    ),
    (
        "Par 10 177 Latvijas pilsoņu kolektīvā iesnieguma “Par atklātu algu valsts pārvaldē” turpmāko virzību (928/Lm14)",
        "928/Lm14",
        (),
        ("928/Lm14",),
        None,
        False,
        "Par 10 177 Latvijas pilsoņu kolektīvā iesnieguma “Par atklātu algu valsts pārvaldē” turpmāko virzību",
    ),
    (
        "Grozījumi Dzīvokļa īpašuma likumā (1153/Lp14), 2.lasījums",
        "1153/Lp14",
        ("1153/Lp14",),
        (),
        Reading.SECOND,
        False,
        "Grozījumi Dzīvokļa īpašuma likumā",
    ),
    (
        "Par priekšlikumu iesniegšanas termiņa pagarināšanu likumprojekta “Imigrācijas likums” (Nr.56/Lp14) trešajam lasījumam līdz 2026. gada 9. aprīlim (940/Lm14)",
        "940/Lm14",
        ("56/Lp14",),
        ("940/Lm14",),
        None,
        False,
        "Par priekšlikumu iesniegšanas termiņa pagarināšanu likumprojekta “Imigrācijas likums” (Nr.56/Lp14) trešajam lasījumam līdz 2026. gada 9. aprīlim",
    ),
    (
        "Grozījums likumā “Par Latvijas Republikas Uzņēmumu reģistru” (1265/Lp14), 1.lasījums",
        "1265/Lp14",
        ("1265/Lp14",),
        (),
        Reading.FIRST,
        False,
        "Grozījums likumā “Par Latvijas Republikas Uzņēmumu reģistru”",
    ),
    (
        "Grozījumi likumā “Par nekustamā īpašuma nodokli” (1280/Lp14), nodošana komisijām",
        "1280/Lp14",
        ("1280/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi likumā “Par nekustamā īpašuma nodokli”",
    ),
    (
        "Grozījumi likumā “Par akcīzes nodokli” (913/Lp14), 1.lasījums",
        "913/Lp14",
        ("913/Lp14",),
        (),
        Reading.FIRST,
        False,
        "Grozījumi likumā “Par akcīzes nodokli”",
    ),
    (
        "Grozījumi Ieslodzījuma vietu pārvaldes likumā (1052/Lp14), 2.lasījums",
        "1052/Lp14",
        ("1052/Lp14",),
        (),
        Reading.SECOND,
        False,
        "Grozījumi Ieslodzījuma vietu pārvaldes likumā",
    ),
    (
        "Grozījumi Energoresursu cenu ārkārtēja pieauguma samazinājuma pasākumu likumā (99/Lp14)",
        "99/Lp14",
        ("99/Lp14",),
        (),
        None,
        False,
        "Grozījumi Energoresursu cenu ārkārtēja pieauguma samazinājuma pasākumu likumā",
    ),
    (
        "Grozījumi Autortiesību likumā (726/Lp14), 1.lasījums",
        "726/Lp14",
        ("726/Lp14",),
        (),
        Reading.FIRST,
        False,
        "Grozījumi Autortiesību likumā",
    ),
    (
        "Grozījumi Administratīvo teritoriju un apdzīvoto vietu likumā (572/Lp14), nodošana komisijām",
        "572/Lp14",
        ("572/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi Administratīvo teritoriju un apdzīvoto vietu likumā",
    ),
    (
        "Grozījums Covid-19 infekcijas izplatības seku pārvarēšanas likumā (519/Lp14), 2.lasījums",
        "519/Lp14",
        ("519/Lp14",),
        (),
        Reading.SECOND,
        False,
        "Grozījums Covid-19 infekcijas izplatības seku pārvarēšanas likumā",
    ),
]
DUMP_MOTIVES = [
    (
        "Grozījumi Saeimas vēlēšanu likumā (1292/Lp14), nodošana komisijām",
        "1292/Lp14",
        ("1292/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi Saeimas vēlēšanu likumā",
    ),
    (
        "Grozījumi Pašvaldības domes vēlēšanu likumā (1293/Lp14), nodošana komisijām",
        "1293/Lp14",
        ("1293/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi Pašvaldības domes vēlēšanu likumā",
    ),
    (
        "Grozījumi Ministru kabineta iekārtas likumā (1294/Lp14), nodošana komisijām",
        "1294/Lp14",
        ("1294/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi Ministru kabineta iekārtas likumā",
    ),
    (
        "Grozījumi Valsts pārvaldes iekārtas likumā (1295/Lp14), nodošana komisijām",
        "1295/Lp14",
        ("1295/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi Valsts pārvaldes iekārtas likumā",
    ),
    (
        "Grozījumi Eiropas Parlamenta vēlēšanu likumā (1296/Lp14), nodošana komisijām",
        "1296/Lp14",
        ("1296/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi Eiropas Parlamenta vēlēšanu likumā",
    ),
    (
        "Grozījumi Valsts drošības iestāžu likumā (1297/Lp14), nodošana komisijām",
        "1297/Lp14",
        ("1297/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi Valsts drošības iestāžu likumā",
    ),
    (
        "Grozījumi Korupcijas novēršanas un apkarošanas biroja likumā (1298/Lp14), nodošana komisijām",
        "1298/Lp14",
        ("1298/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi Korupcijas novēršanas un apkarošanas biroja likumā",
    ),
    (
        "Grozījumi likumā “Par Centrālo vēlēšanu komisiju” (1299/Lp14), nodošana komisijām",
        "1299/Lp14",
        ("1299/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi likumā “Par Centrālo vēlēšanu komisiju”",
    ),
    (
        "Grozījumi Latvijas Bankas likumā (1300/Lp14), nodošana komisijām",
        "1300/Lp14",
        ("1300/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi Latvijas Bankas likumā",
    ),
    (
        "Grozījumi Ieroču aprites likumā (1307/Lp14), nodošana komisijām",
        "1307/Lp14",
        ("1307/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi Ieroču aprites likumā",
    ),
    (
        "Grozījumi Ukrainas civiliedzīvotāju atbalsta likumā (1308/Lp14), nodošana komisijām",
        "1308/Lp14",
        ("1308/Lp14",),
        (),
        Reading.REFERRAL,
        False,
        "Grozījumi Ukrainas civiliedzīvotāju atbalsta likumā",
    ),
    (
        "Par Rolanda Stūra iecelšanu par rajona (pilsētas) tiesas tiesnesi (942/Lm14)",
        "942/Lm14",
        (),
        ("942/Lm14",),
        None,
        False,
        "Par Rolanda Stūra iecelšanu par rajona (pilsētas) tiesas tiesnesi",
    ),
    (
        "Par iespējamu politisko spiedienu un patiesībai neatbilstošas informācijas sniegšanu tiesību aizsardzības iestādei (124/P14)",
        "124/P14",
        (),
        (),
        None,
        False,
        "Par iespējamu politisko spiedienu un patiesībai neatbilstošas informācijas sniegšanu tiesību aizsardzības iestādei",
    ),
    (
        "Par likumprojekta 'Grozījumi likumā 'Par piesārņojumu'' (Nr. 1274/Lp14) (steidzams) izskatīšanas Saeimas sēdē datuma maiņu no 2026. gada 16. aprīļa uz 2026. gada 14. maiju un priekšlikumu iesniegšanas termiņa pagarināšanu likumprojekta ... (950/Lm14)",
        "950/Lm14",
        ("1274/Lp14",),
        ("950/Lm14",),
        None,
        True,
        "Par likumprojekta 'Grozījumi likumā 'Par piesārņojumu'' (Nr. 1274/Lp14) (steidzams) izskatīšanas Saeimas sēdē datuma maiņu no 2026. gada 16. aprīļa uz 2026. gada 14. maiju un priekšlikumu iesniegšanas termiņa pagarināšanu likumprojekta ...",
    ),
    (
        "Grozījumi Vides aizsardzības likumā (1269/Lp14), 2.lasījums, steidzams",
        "1269/Lp14",
        ("1269/Lp14",),
        (),
        Reading.SECOND,
        True,
        "Grozījumi Vides aizsardzības likumā",
    ),
    (
        "Grozījumi likumā “Par zemes dzīlēm” (1271/Lp14), 2.lasījums, steidzams",
        "1271/Lp14",
        ("1271/Lp14",),
        (),
        Reading.SECOND,
        True,
        "Grozījumi likumā “Par zemes dzīlēm”",
    ),
    (
        "Grozījumi likumā “Par radiācijas drošību un kodoldrošību” (1272/Lp14), 2.lasījums, steidzams",
        "1272/Lp14",
        ("1272/Lp14",),
        (),
        Reading.SECOND,
        True,
        "Grozījumi likumā “Par radiācijas drošību un kodoldrošību”",
    ),
    (
        "Grozījumi Ķīmisko vielu likumā (1273/Lp14), 2.lasījums, steidzams",
        "1273/Lp14",
        ("1273/Lp14",),
        (),
        Reading.SECOND,
        True,
        "Grozījumi Ķīmisko vielu likumā",
    ),
    (
        "Grozījumi Ūdens apsaimniekošanas likumā (1275/Lp14), 2.lasījums, steidzams",
        "1275/Lp14",
        ("1275/Lp14",),
        (),
        Reading.SECOND,
        True,
        "Grozījumi Ūdens apsaimniekošanas likumā",
    ),
    (
        "Grozījumi likumā “Par ietekmes uz vidi novērtējumu” (1276/Lp14), 2.lasījums, steidzams",
        "1276/Lp14",
        ("1276/Lp14",),
        (),
        Reading.SECOND,
        True,
        "Grozījumi likumā “Par ietekmes uz vidi novērtējumu”",
    ),
    (
        "Grozījumi Sugu un biotopu aizsardzības likumā (1277/Lp14), 2.lasījums, steidzams",
        "1277/Lp14",
        ("1277/Lp14",),
        (),
        Reading.SECOND,
        True,
        "Grozījumi Sugu un biotopu aizsardzības likumā",
    ),
    (
        "Grozījumi likumā “Par valsts sociālo apdrošināšanu” (991/Lp14), 3.lasījums",
        "991/Lp14",
        ("991/Lp14",),
        (),
        Reading.THIRD,
        False,
        "Grozījumi likumā “Par valsts sociālo apdrošināšanu”",
    ),
    (
        "Sabiedrības interesēs iesaistīto personu aizsardzības likums (1186/Lp14), 3.lasījums",
        "1186/Lp14",
        ("1186/Lp14",),
        (),
        Reading.THIRD,
        False,
        "Sabiedrības interesēs iesaistīto personu aizsardzības likums",
    ),
    (
        "Grozījumi Civilprocesa likumā (1187/Lp14), 3.lasījums",
        "1187/Lp14",
        ("1187/Lp14",),
        (),
        Reading.THIRD,
        False,
        "Grozījumi Civilprocesa likumā",
    ),
    (
        "Grozījumi likumā “Par valsts kompensāciju cietušajiem” (1156/Lp14), 3.lasījums",
        "1156/Lp14",
        ("1156/Lp14",),
        (),
        Reading.THIRD,
        False,
        "Grozījumi likumā “Par valsts kompensāciju cietušajiem”",
    ),
    (
        "Grozījumi Epidemioloģiskās drošības likumā (1139/Lp14), 3.lasījums",
        "1139/Lp14",
        ("1139/Lp14",),
        (),
        Reading.THIRD,
        False,
        "Grozījumi Epidemioloģiskās drošības likumā",
    ),
    (
        "Grozījumi Valsts robežsardzes likumā (1197/Lp14), 3.lasījums",
        "1197/Lp14",
        ("1197/Lp14",),
        (),
        Reading.THIRD,
        False,
        "Grozījumi Valsts robežsardzes likumā",
    ),
    (
        "Grozījumi Biometrijas datu apstrādes sistēmas likumā (1203/Lp14), 3.lasījums",
        "1203/Lp14",
        ("1203/Lp14",),
        (),
        Reading.THIRD,
        False,
        "Grozījumi Biometrijas datu apstrādes sistēmas likumā",
    ),
    (
        "Grozījumi Bibliotēku likumā (1284/Lp14), 1.lasījums",
        "1284/Lp14",
        ("1284/Lp14",),
        (),
        Reading.FIRST,
        False,
        "Grozījumi Bibliotēku likumā",
    ),
    (
        "Grozījums Operatīvās darbības likumā (1252/Lp14), 2.lasījums",
        "1252/Lp14",
        ("1252/Lp14",),
        (),
        Reading.SECOND,
        False,
        "Grozījums Operatīvās darbības likumā",
    ),
]


def test_the_tables_cover_every_real_motive_we_hold():
    sample = json.loads(read_fixture("titania-derived/vote_motifs_14saeima_sample.json"))
    dump = csv.DictReader(io.StringIO(read_fixture("dump-2026-04-16/votes.csv").decode()))

    assert [row[0] for row in SAMPLE_MOTIVES] == sample["motifs"]
    assert [row[0] for row in DUMP_MOTIVES] == [row["motive"] for row in dump]
    assert len(SAMPLE_MOTIVES) == 25
    assert len(DUMP_MOTIVES) == 30


@pytest.mark.parametrize(
    ("motive", "document", "bills", "decisions", "reading", "urgent", "title"),
    SAMPLE_MOTIVES + DUMP_MOTIVES,
)
def test_parse_motive_real_motives(motive, document, bills, decisions, reading, urgent, title):
    info = parse_motive(motive)

    assert info.document_number == document
    assert info.bill_numbers == bills
    assert info.decision_numbers == decisions
    assert info.reading is reading
    assert info.urgent is urgent
    assert info.title == title
    assert info.is_referral is (reading is Reading.REFERRAL)
    assert info.is_proposal is False
    assert info.proposal_number is None
    assert info.is_whole is False
    assert info.is_agenda_inclusion is False
    assert info.is_registration is False
    assert info.is_collective_submission is (document == "928/Lm14")


def test_parse_motive_collective_submission():
    info = parse_motive(
        "Par 10 177 Latvijas pilsoņu kolektīvā iesnieguma “Par atklātu algu valsts pārvaldē” "
        "turpmāko virzību (928/Lm14)"
    )

    assert info.is_collective_submission is True
    assert info.signature_count == 10177
    assert info.initiative_title == "Par atklātu algu valsts pārvaldē"
    assert info.decision_numbers == ("928/Lm14",)


@pytest.mark.parametrize("separator", ["\u00a0", "\u202f"])
def test_parse_motive_collective_submission_with_non_breaking_thousands(separator):
    info = parse_motive(
        f"Par 11{separator}391 Latvijas pilsoņa kolektīvā iesnieguma “Nodrošināt iespēju "
        "brīvprātīgi izņemt 2. pensiju līmeņa uzkrāto kapitālu” turpmāko virzību (936/Lm14)"
    )

    assert info.signature_count == 11391
    assert info.initiative_title == (
        "Nodrošināt iespēju brīvprātīgi izņemt 2. pensiju līmeņa uzkrāto kapitālu"
    )
    assert info.document_number == "936/Lm14"


def test_parse_motive_collective_submission_with_quotes_around_part_of_the_title():
    """952/Lm14 (quoted in an imaksligais/atmina-lv test): the title is not cut at the first
    closing quote; the same reader as `parse_collective_submission_title`."""
    info = parse_motive(
        'Par 10 485 Latvijas pilsoņu kolektīvā iesnieguma "Goda ģimenes" statuss vecākiem uz '
        "mūžu - pateicība par ieguldījumu Latvijas tautas ataudzē turpmāko virzību (952/Lm14)"
    )

    assert info.is_collective_submission is True
    assert info.signature_count == 10485
    assert info.initiative_title == (
        '"Goda ģimenes" statuss vecākiem uz mūžu - pateicība par ieguldījumu Latvijas tautas '
        "ataudzē"
    )
    assert info.document_number == "952/Lm14"


def test_parse_motive_agenda_inclusion_on_the_2018_page():
    info = parse_motive(
        "Par lēmuma projekta Par atbildīgās komisijas maiņu likumprojektam “Grozījums "
        "Priekšvēlēšanu aģitācijas likumā” (1165/Lp12) (718/Lm12) iekļaušanu Saeimas sēdes "
        "darba kārtībā"
    )

    assert info.is_agenda_inclusion is True
    assert info.document_number == "718/Lm12"
    assert info.document_numbers == ("1165/Lp12", "718/Lm12")
    assert info.reading is None
    assert info.title == (
        "Par atbildīgās komisijas maiņu likumprojektam “Grozījums Priekšvēlēšanu aģitācijas "
        "likumā” (1165/Lp12)"
    )


def test_parse_motive_bill_agenda_inclusion_grammar():
    """Shape from saeima-data.md 3: `Par likumprojekta {Title} ({n}/Lp14), 1.lasījums iekļaušanu …`."""
    info = parse_motive(
        "Par likumprojekta Grozījumi Bibliotēku likumā (1284/Lp14), 1.lasījums iekļaušanu "
        "Saeimas sēdes darba kārtībā"
    )

    assert info.is_agenda_inclusion is True
    assert info.reading is Reading.FIRST
    assert info.title == "Grozījumi Bibliotēku likumā"
    assert info.document_number == "1284/Lp14"


def test_parse_motive_proposal_grammar():
    """Shape from saeima-data.md 3: `Par priekšlikumu Nr.{k}. {Title} ({n}/Lp14), 2.lasījums`."""
    info = parse_motive(
        "Par priekšlikumu Nr.12. Grozījumi Imigrācijas likumā (1180/Lp14), 2.lasījums"
    )

    assert info.is_proposal is True
    assert info.proposal_number == 12
    assert info.reading is Reading.SECOND
    assert info.title == "Grozījumi Imigrācijas likumā"
    assert info.is_whole is False


def test_parse_motive_deadline_for_proposals_is_not_a_proposal_vote():
    info = parse_motive(
        "Par priekšlikumu iesniegšanas termiņa pagarināšanu likumprojekta “Imigrācijas likums” "
        "(Nr.56/Lp14) trešajam lasījumam līdz 2026. gada 9. aprīlim (940/Lm14)"
    )

    assert info.is_proposal is False
    assert info.reading is None
    assert info.bill_numbers == ("56/Lp14",)
    assert info.document_number == "940/Lm14"


def test_parse_motive_whole_bill_vote():
    info = parse_motive("Grozījumi Imigrācijas likumā (1180/Lp14), 3.lasījums, kopumā")

    assert info.is_whole is True
    assert info.reading is Reading.THIRD


def test_parse_motive_registration():
    info = parse_motive("Deputātu klātbūtnes reģistrācija")

    assert info == MotiveInfo(
        text="Deputātu klātbūtnes reģistrācija",
        document_number=None,
        document_numbers=(),
        bill_numbers=(),
        decision_numbers=(),
        title=None,
        reading=None,
        urgent=False,
        is_proposal=False,
        proposal_number=None,
        is_whole=False,
        is_referral=False,
        is_agenda_inclusion=False,
        is_collective_submission=False,
        signature_count=None,
        initiative_title=None,
        is_registration=True,
    )


def test_parse_motive_collapses_whitespace():
    info = parse_motive("  Par iekļaušanu nākamās kārtējās sēdes darba kārtībā")

    assert info.text == "Par iekļaušanu nākamās kārtējās sēdes darba kārtībā"
    assert info.is_agenda_inclusion is True
    assert info.document_number is None
