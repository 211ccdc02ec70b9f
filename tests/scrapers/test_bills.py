"""Bill and decision cards, decision texts and collective submissions, on real saved pages.

Fixtures: tests/fixtures/legislation/ (sources in tests/fixtures/README.md).
"""

from datetime import date
from pathlib import Path

import pytest

from scrapers.errors import ParseError
from scrapers.records.legislation import (
    BillStageRecord,
    CollectiveSubmission,
    DecisionVerb,
    DocumentKind,
    StageKind,
)
from scrapers.saeima.bills import (
    labelled_values,
    parse_bill_card_html,
    parse_bill_card_snapshot,
    parse_collective_submission_title,
    parse_decision_card_html,
    parse_decision_card_snapshot,
    parse_decision_text,
    parse_decision_text_links_html,
    parse_decision_text_links_snapshot,
    parse_decision_text_snapshot,
    split_names,
    strip_wrapping_quotes,
)
from scrapers.saeima.motives import parse_motive
from scrapers.saeima.snapshot import parse_aria_snapshot

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "legislation"
BILL_URL = (
    "https://titania.saeima.lv/LIVS14/saeimalivs14.nsf/webSasaiste?OpenView"
    "&restricttocategory=1292/Lp14"
)
DECISION_URL = (
    "https://titania.saeima.lv/LIVS14/saeimalivs_lmp.nsf/webSasaiste?OpenView"
    "&restricttocategory=953/Lm14"
)
DECISION_TEXT_URL = (
    "https://titania.saeima.lv/LIVS14/saeimalivs_lmp.nsf/0/F1974A4311940EA6C2258DDB0043B181"
    "?OpenDocument"
)
REQUEST_URL = (
    "https://titania.saeima.lv/LIVS14/saeimalivs_lmp.nsf/0/205c179fc2dcd9b1c225894f004ae505"
    "?OpenDocument"
)

# The real motive of 928/Lm14 (vote_motifs_14saeima_sample.json) and of 936/Lm14 as quoted in
# /work/shared/docs/saeima-data.md section 0 (it comes from an imaksligais/atmina-lv test of
# `petition_decision_verb`; stored-file id 70261894626, path not recorded by the index).
MOTIVE_928 = (
    "Par 10 177 Latvijas pilsoņu kolektīvā iesnieguma “Par atklātu algu valsts pārvaldē” "
    "turpmāko virzību (928/Lm14)"
)
MOTIVE_936 = (
    "Par 11 391 Latvijas pilsoņa kolektīvā iesnieguma “Nodrošināt iespēju brīvprātīgi izņemt "
    "2. pensiju līmeņa uzkrāto kapitālu” turpmāko virzību (936/Lm14)"
)


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# --- the snapshot reader ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "titania_snapshot_bill_card_1292_Lp14.md",
        "titania_snapshot_decision_card_953_Lm14.md",
        "titania_snapshot_decision_text_953_Lm14.md",
        "titania_snapshot_agenda_2026-04-16.md",
        "titania_snapshot_agenda_2025-04-16.md",
    ],
)
def test_parse_aria_snapshot_reads_every_line_of_real_snapshots(name):
    text = read(name)
    tree = parse_aria_snapshot(text, url=name)
    items = sum(1 for line in text.splitlines() if line.strip().startswith("- "))
    urls = sum(1 for line in text.splitlines() if line.strip().startswith("- /url:"))
    assert sum(1 for _ in tree.iter()) - 1 == items - urls


def test_parse_aria_snapshot_unescapes_quoted_names_and_keeps_links():
    tree = parse_aria_snapshot(read("titania_snapshot_decision_card_953_Lm14.md"), url="x")
    titles = [n.name for n in tree.iter() if n.role == "cell" and n.name and "Air Baltic" in n.name]
    assert (
        "Par Saeimas piekrišanu valsts īstermiņa aizdevuma izsniegšanai AS 'Air Baltic Corporation'"
        in titles
    )
    links = {n.name: n.url for n in tree.iter() if n.role == "link" and n.name}
    assert links["4662"] == "./WEBRespDocumByNum?OpenView&restricttocategory=953/Lm14|4662|"


def test_parse_aria_snapshot_rejects_text_that_is_not_a_snapshot():
    with pytest.raises(ParseError, match="line 1: not a '- ' item"):
        parse_aria_snapshot("<html><body>Balsojums</body></html>", url="page.html")


def test_parse_aria_snapshot_rejects_an_empty_page():
    with pytest.raises(ParseError, match="empty snapshot"):
        parse_aria_snapshot("\n\n", url="page.md")


# --- bill card -----------------------------------------------------------------------------------


def test_parse_bill_card_snapshot_reads_stages_of_1292_lp14():
    bill = parse_bill_card_snapshot(read("titania_snapshot_bill_card_1292_Lp14.md"), url=BILL_URL)

    assert bill.number == "1292/Lp14"
    assert bill.external_id == "1292/Lp14"
    assert bill.term == 14
    assert bill.kind is DocumentKind.BILL
    assert bill.title == "Grozījumi Saeimas vēlēšanu likumā"
    assert bill.stages == (
        BillStageRecord(StageKind.SUBMITTED, "Iesniegts", date(2026, 3, 31), None, ()),
        BillStageRecord(StageKind.PRESIDIUM, "Prezidijs", date(2026, 4, 13), None, ()),
        BillStageRecord(
            StageKind.REFERRED_TO_COMMITTEES,
            "Nodošana komis.",
            date(2026, 4, 16),
            "Noraidīts",
            ("4595", "4595A"),
        ),
    )
    assert bill.submitters == (
        "Armaņeva Maija",
        "Liepiņa Linda",
        "Jencītis Mārcis",
        "Šlesers Ričards",
        "Stobova Ilze",
    )
    assert bill.rapporteurs == ()
    assert bill.responsible_committee is None
    assert bill.status == "Noraidīts"
    assert bill.outcome is StageKind.REJECTED
    assert bill.source_url == BILL_URL


def test_parse_bill_card_html_agrees_with_the_rendered_card():
    """The synthetic raw card carries the values of the rendered 1292/Lp14 card."""
    raw = parse_bill_card_html(
        (FIXTURES / "synthetic_bill_card_1292_Lp14.html").read_bytes(), url=BILL_URL
    )
    rendered = parse_bill_card_snapshot(
        read("titania_snapshot_bill_card_1292_Lp14.md"), url=BILL_URL
    )
    assert raw == rendered


def test_parse_bill_card_snapshot_refuses_a_decision_card():
    with pytest.raises(ParseError, match="953/Lm14 is not a bill card"):
        parse_bill_card_snapshot(read("titania_snapshot_decision_card_953_Lm14.md"), url="x")


def test_parse_bill_card_snapshot_rejects_an_unknown_stage_header():
    text = read("titania_snapshot_bill_card_1292_Lp14.md").replace(
        'cell "Prezidijs" [ref=e55]', 'cell "Prezidija sēde" [ref=e55]'
    )
    with pytest.raises(ParseError, match="unknown stage header 'Prezidija sēde'"):
        parse_bill_card_snapshot(text, url=BILL_URL)


def test_parse_bill_card_snapshot_rejects_a_malformed_date():
    text = read("titania_snapshot_bill_card_1292_Lp14.md").replace(
        'cell "13.04.2026" [ref=e60]', 'cell "13.14.2026" [ref=e60]'
    )
    with pytest.raises(ParseError, match=r"Prezidijs date: impossible date '13\.14\.2026'"):
        parse_bill_card_snapshot(text, url=BILL_URL)


def test_parse_bill_card_snapshot_rejects_a_page_without_a_card_number():
    text = read("titania_snapshot_bill_card_1292_Lp14.md").replace("Nr: 1292/Lp14", "1292/Lp14")
    with pytest.raises(ParseError, match="no 'Nr: …' cell"):
        parse_bill_card_snapshot(text, url=BILL_URL)


def test_parse_bill_card_html_rejects_a_page_without_stage_rows():
    html = "<html><head><title>#1292/Lp14: Grozījumi</title></head><body><table></table></body>"
    with pytest.raises(ParseError, match="1292/Lp14: no stage table"):
        parse_bill_card_html(html, url=BILL_URL)


# --- decision and request cards ---------------------------------------------------------------


def test_parse_decision_card_snapshot_reads_953_lm14():
    decision = parse_decision_card_snapshot(
        read("titania_snapshot_decision_card_953_Lm14.md"), url=DECISION_URL
    )
    assert decision.number == "953/Lm14"
    assert decision.kind is DocumentKind.DECISION
    assert decision.title == (
        "Par Saeimas piekrišanu valsts īstermiņa aizdevuma izsniegšanai AS 'Air Baltic Corporation'"
    )
    assert decision.stages == (
        BillStageRecord(StageKind.SUBMITTED, "Iesniegts", date(2026, 4, 16), None, ()),
        BillStageRecord(
            StageKind.PLENARY, "Saeimas sēde", date(2026, 4, 16), "Paziņojums", ("4662",)
        ),
    )
    assert decision.submitters == ("Budžeta un finanšu (nodokļu) komisija",)
    assert decision.rapporteurs == ("Čakša Anda",)
    assert decision.status == "Paziņojums"
    assert decision.outcome is StageKind.ADOPTED


def test_parse_decision_card_html_reads_a_withdrawn_request_with_two_sittings():
    request = parse_decision_card_html(
        (FIXTURES / "titania_request_card_1_P14.html").read_bytes(), url=REQUEST_URL
    )
    assert request.number == "1/P14"
    assert request.kind is DocumentKind.REQUEST
    assert request.title == (
        "Par informācijas sniegšanu saistībā ar Skultes sašķidrinātās dabasgāzes termināļa "
        "ekonomisko pamatojumu"
    )
    assert request.stages == (
        BillStageRecord(StageKind.SUBMITTED, "Iesniegts", date(2023, 2, 7), None, ()),
        BillStageRecord(
            StageKind.PLENARY,
            "Saeimas sēde I",
            date(2023, 2, 9),
            "Nodots Pieprasījumu komisijai",
            ("418",),
        ),
        BillStageRecord(
            StageKind.PLENARY, "Saeimas sēde II", date(2023, 2, 22), "Atsaukts", ("418A", "418B")
        ),
    )
    assert request.responsible_committee == "Pieprasījumu komisija"
    assert request.addressee == "Klimata un enerģētikas ministrs Raimonds Čudars"
    assert request.submitters[:2] == ("Simanovska Jana", "Briškens Kaspars")
    assert len(request.submitters) == 10
    assert request.status == "Atsaukts"
    assert request.outcome is StageKind.WITHDRAWN


def test_parse_decision_card_snapshot_refuses_a_bill_card():
    with pytest.raises(ParseError, match="1292/Lp14 is a bill card"):
        parse_decision_card_snapshot(read("titania_snapshot_bill_card_1292_Lp14.md"), url="x")


def test_parse_decision_card_snapshot_rejects_an_unknown_column():
    text = read("titania_snapshot_decision_card_953_Lm14.md").replace(
        'cell "Dok. nr." [ref=e56]', 'cell "Dokumenti" [ref=e56]'
    )
    with pytest.raises(ParseError, match="no stage table"):
        parse_decision_card_snapshot(text, url=DECISION_URL)


def test_parse_decision_card_html_rejects_values_that_do_not_fill_the_columns():
    html = (FIXTURES / "titania_request_card_1_P14.html").read_text(encoding="utf-8")
    html = html.replace("<td>22.02.2023</td>", "")
    with pytest.raises(ParseError, match="7 column labels but 6 values"):
        parse_decision_card_html(html, url=REQUEST_URL)


# --- decision texts ---------------------------------------------------------------------------


def test_parse_decision_text_snapshot_reads_the_953_lm14_notice():
    """953/Lm14 is a loan consent, not a collective submission: its verb is none of the three."""
    text = parse_decision_text_snapshot(
        read("titania_snapshot_decision_text_953_Lm14.md"), url=DECISION_TEXT_URL
    )
    assert text.heading == "Paziņojums"
    assert text.verb is None
    assert text.verb_text == "piekrist"
    assert text.addressee is None
    assert text.text.startswith("Daru zināmu, ka Saeima šā gada 16. aprīļa sēdē,")
    assert text.text.endswith("Rīgā 2026. gada 16. aprīlī")
    assert "953_airBaltic.doc" not in text.text


# Real decision-draft fragments (from "nolemj", shortened), as quoted in the imaksligais/atmina-lv
# test of `petition_decision_verb` (stored-file id 70261894626); the comments name the decisions.
@pytest.mark.parametrize(
    ("fragment", "verb", "verb_text", "addressee"),
    [
        (  # 937/Lm14
            "Saeima nolemj: noraidīt 10 946 Latvijas pilsoņu kolektīvo iesniegumu “Par pensiju "
            "2. līmeņa brīvprātīgumu un 6% mazākiem nodokļiem”. Oriģinālais dokumenta saturs "
            "937_Lm14.docx",
            DecisionVerb.REJECT,
            "noraidīt",
            None,
        ),
        (  # 936/Lm14: the title starts with "Nodrošināt", which is not "nodot"
            "nolemj: Noraidīt 11 391 Latvijas pilsoņa kolektīvo iesniegumu “Nodrošināt iespēju "
            "brīvprātīgi izņemt 2. pensiju līmeņa uzkrāto kapitālu”. Oriģinālais dokumenta saturs",
            DecisionVerb.REJECT,
            "Noraidīt",
            None,
        ),
        (  # 336/Lm14: numbered point, addressee after the title
            "nolemj: 1) nodot 15 878 Latvijas pilsoņu kolektīvo iesniegumu “Bankām nepaaugstināt "
            "EURIBOR likmi pagātnē izsniegtiem kredītiem” Saeimas Budžeta un finanšu (nodokļu) "
            "komisijai",
            DecisionVerb.FORWARD,
            "nodot",
            "Saeimas Budžeta un finanšu (nodokļu) komisijai",
        ),
        (  # 190/Lm14: the verb after the object
            "nolemj: 10 315 Latvijas pilsoņu kolektīvo iesniegumu “Par skaidras naudas aprites "
            "normu saglabāšanu” atstāt bez tālākas izskatīšanas. Oriģinālais dokumenta saturs",
            DecisionVerb.NO_FURTHER_ACTION,
            "atstāt",
            None,
        ),
        (  # 514/Lm14: "atstāt … bez turpmākas virzības"
            "nolemj: atstāt 10 817 Latvijas pilsoņu kolektīvo iesniegumu “Par Latvijas "
            "nepievienošanos pandēmijas līgumam” bez turpmākas virzības. Oriģinālais dokumenta "
            "saturs",
            DecisionVerb.NO_FURTHER_ACTION,
            "atstāt",
            None,
        ),
    ],
)
def test_parse_decision_text_finds_the_verb_of_real_collective_submission_drafts(
    fragment, verb, verb_text, addressee
):
    record = parse_decision_text(fragment, url="lm")
    assert (record.verb, record.verb_text, record.addressee) == (verb, verb_text, addressee)


def test_parse_decision_text_ignores_a_verb_inside_the_quoted_title():
    """Synthetic: a title that starts with "Nodot" must not be read as the decision's verb."""
    record = parse_decision_text(
        "Saeima nolemj: 10 000 Latvijas pilsoņu kolektīvo iesniegumu “Nodot ostas zemi "
        "pašvaldībai” atstāt bez turpmākas virzības.",
        url="lm",
    )
    assert record.verb is DecisionVerb.NO_FURTHER_ACTION


def test_parse_decision_text_requires_a_nolemj_clause():
    with pytest.raises(ParseError, match="no 'nolemj'"):
        parse_decision_text("Oriģinālais dokumenta saturs 121_pielikums.docx", url="121/Lm14")


# --- collective submissions ---------------------------------------------------------------------


def test_parse_collective_submission_title_reads_928_lm14_from_the_real_motive():
    import json

    motives = json.loads(read("vote_motifs_14saeima_sample.json"))["motifs"]
    assert MOTIVE_928 in motives
    assert parse_collective_submission_title(MOTIVE_928) == CollectiveSubmission(
        decision_number="928/Lm14",
        signatures=10177,
        initiative_title="Par atklātu algu valsts pārvaldē",
    )


def test_parse_collective_submission_title_reads_936_lm14_with_singular_pilsona():
    assert parse_collective_submission_title(MOTIVE_936) == CollectiveSubmission(
        decision_number="936/Lm14",
        signatures=11391,
        initiative_title="Nodrošināt iespēju brīvprātīgi izņemt 2. pensiju līmeņa uzkrāto kapitālu",
    )


def test_parse_collective_submission_title_keeps_quotes_around_part_of_a_title():
    """952/Lm14 as quoted in an imaksligais/atmina-lv test of `_motif_to_topic` (stored-file id
    57393287596)."""
    motive = (
        'Par 10 485 Latvijas pilsoņu kolektīvā iesnieguma "Goda ģimenes" statuss vecākiem uz '
        "mūžu - pateicība par ieguldījumu Latvijas tautas ataudzē turpmāko virzību (952/Lm14)"
    )
    assert parse_collective_submission_title(motive) == CollectiveSubmission(
        decision_number="952/Lm14",
        signatures=10485,
        initiative_title='"Goda ģimenes" statuss vecākiem uz mūžu - pateicība par ieguldījumu '
        "Latvijas tautas ataudzē",
    )


def test_parse_collective_submission_title_reads_the_accusative_form_of_a_decision_text():
    text = (
        "nolemj: 1) nodot 15 878 Latvijas pilsoņu kolektīvo iesniegumu “Bankām nepaaugstināt "
        "EURIBOR likmi pagātnē izsniegtiem kredītiem” Saeimas Budžeta un finanšu (nodokļu) komisijai"
    )
    assert parse_collective_submission_title(text) == CollectiveSubmission(
        None, 15878, "Bankām nepaaugstināt EURIBOR likmi pagātnē izsniegtiem kredītiem"
    )


def test_parse_collective_submission_title_ignores_other_motives():
    motives = [
        "Grozījumi Imigrācijas likumā (1180/Lp14), 3.lasījums",
        "Par Saeimas piekrišanu valsts īstermiņa aizdevuma izsniegšanai AS “Air Baltic "
        "Corporation” (953/Lm14)",
    ]
    assert [parse_collective_submission_title(m) for m in motives] == [None, None]


@pytest.mark.parametrize("motive", [MOTIVE_928, MOTIVE_936])
def test_parse_collective_submission_title_agrees_with_parse_motive(motive):
    ours = parse_collective_submission_title(motive)
    theirs = parse_motive(motive)
    assert ours is not None
    assert (ours.signatures, ours.initiative_title) == (
        theirs.signature_count,
        theirs.initiative_title,
    )
    assert ours.decision_number == theirs.document_number


def test_strip_wrapping_quotes_removes_only_a_pair_around_the_whole_title():
    assert strip_wrapping_quotes("“Par atklātu algu”") == "Par atklātu algu"
    assert strip_wrapping_quotes("„Grozījumi likumā “Par X””") == "Grozījumi likumā “Par X”"
    assert strip_wrapping_quotes('"A" un "B"') == '"A" un "B"'


def test_split_names_keeps_committee_names_with_commas_whole():
    assert split_names(
        "Aizsardzības, iekšlietu un korupcijas novēršanas komisija, Juridiskā komisija"
    ) == (
        "Aizsardzības, iekšlietu un korupcijas novēršanas komisija",
        "Juridiskā komisija",
    )


def test_labelled_values_reads_labels_in_any_grammatical_form():
    text = "Referente: Čakša Anda Iesniedzējs: Ministru kabinets\nAtbildīgā komisija: Juridiskā komisija"
    assert labelled_values(text) == {
        "Referent": "Čakša Anda",
        "Iesniedzēj": "Ministru kabinets",
        "Atbildīgā": "Juridiskā komisija",
    }


# --- links from a card to its decision text -----------------------------------------------------


def test_parse_decision_text_links_snapshot_finds_the_notice_of_953_lm14():
    url = (
        "https://titania.saeima.lv/LIVS14/saeimalivs_lmp.nsf/webSasaiste?OpenView"
        "&restricttocategory=953/Lm14"
    )
    links = parse_decision_text_links_snapshot(
        read("titania_snapshot_decision_card_953_Lm14.md"), url=url
    )
    assert links == (
        "https://titania.saeima.lv/LIVS14/saeimalivs_lmp.nsf/0/"
        "F1974A4311940EA6C2258DDB0043B181?OpenDocument",
    )


def test_parse_decision_text_links_html_ignores_attachments_outside_the_result_cells():
    """1/P14's results ("Nodots Pieprasījumu komisijai", "Atsaukts") link nothing; its six
    `?OpenDocument` links are attachments elsewhere on the card."""
    url = "https://titania.saeima.lv/LIVS14/saeimalivs_lmp.nsf/webSasaiste?OpenView"
    assert parse_decision_text_links_html(read("titania_request_card_1_P14.html"), url=url) == ()


def test_parse_decision_text_links_snapshot_requires_a_card_table():
    with pytest.raises(ParseError, match="no card table"):
        parse_decision_text_links_snapshot(
            read("titania_snapshot_decision_text_953_Lm14.md"), url="t"
        )
