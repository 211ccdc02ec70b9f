import math

from dashboards import AgreementEntry, agreement_ranking_bar, agreement_ranking_rows

ENTRIES = [
    AgreementEntry(1, "NA", "#aa1111", 0.40, 11, 0.92),
    AgreementEntry(2, "LPV", "#aa11aa", 0.90, 3, 0.25),  # too few shared questions
    AgreementEntry(3, "PRO", "#11aa11", 0.72, 10, 0.80),
    AgreementEntry(4, "JV", "#1111aa", 0.72, 12, 1.00),  # ties PRO, on more questions
    AgreementEntry(5, "ZZS", None, math.nan, 6, 0.50),  # no agreement value at all
]


def test_agreement_ranking_bar_ranks_shown_entries_by_agreement_then_overlap() -> None:
    fig = agreement_ranking_bar(ENTRIES).to_dict()
    (bar,) = fig["data"]

    assert bar["type"] == "bar"
    assert bar["orientation"] == "h"
    assert bar["x"] == [72.0, 72.0, 40.0]
    assert bar["y"] == [0, 1, 2]
    assert bar["customdata"] == [4, 3, 1]
    assert bar["marker"]["color"] == ["#1111aa", "#11aa11", "#aa1111"]
    assert fig["layout"]["yaxis"]["ticktext"][:3] == ["JV", "PRO", "NA"]


def test_agreement_ranking_bar_shows_overlap_and_coverage_next_to_each_share() -> None:
    (bar,) = agreement_ranking_bar(ENTRIES).to_dict()["data"]

    assert bar["text"][0] == "72% · 12 questions, coverage 100%"
    assert bar["text"][2] == "40% · 11 questions, coverage 92%"
    assert bar["hovertext"][1] == (
        "PRO: 72% agreement<br>on 10 shared questions (coverage 80% of your answers)"
    )


def test_agreement_ranking_bar_greys_out_entries_below_min_overlap_without_a_number() -> None:
    fig = agreement_ranking_bar(ENTRIES).to_dict()
    layout = fig["layout"]

    # No trace carries LPV's 90 % or any value for ZZS.
    assert all(90.0 not in trace["x"] for trace in fig["data"])
    assert layout["yaxis"]["ticktext"][3:] == [
        '<span style="color:#616e7c">ZZS</span>',
        '<span style="color:#616e7c">LPV</span>',
    ]
    bands = layout["shapes"]
    assert [(s["type"], s["x0"], s["x1"], s["y0"], s["y1"]) for s in bands] == [
        ("rect", 0, 100, 2.6, 3.4),
        ("rect", 0, 100, 3.6, 4.4),
    ]
    assert [s["showlegend"] for s in bands] == [True, False]
    assert bands[0]["name"] == "n/a: too few shared questions"
    assert [a["text"] for a in layout["annotations"]] == [
        "n/a · 6 shared questions, at least 5 needed",
        "n/a · 3 shared questions, at least 5 needed",
    ]


def test_agreement_ranking_bar_min_overlap_is_a_parameter() -> None:
    fig = agreement_ranking_bar(ENTRIES, min_overlap=3).to_dict()

    assert fig["data"][0]["customdata"] == [2, 4, 3, 1]
    assert fig["data"][0]["x"][0] == 90.0
    assert fig["layout"]["annotations"][0]["text"] == "n/a · 6 shared questions, at least 3 needed"


def test_agreement_ranking_bar_percent_axis_and_translated_texts() -> None:
    fig = agreement_ranking_bar(
        ENTRIES,
        title="Kas balso kā jūs",
        x_title="Saskaņa ar jūsu atbildēm (%)",
        bar_text="{agreement} · {overlap} jautājumi",
        na_text="nav datu ({overlap} < {min_overlap})",
    ).to_dict()

    assert fig["layout"]["title"]["text"] == "Kas balso kā jūs"
    assert fig["layout"]["xaxis"]["title"]["text"] == "Saskaņa ar jūsu atbildēm (%)"
    assert fig["layout"]["xaxis"]["range"] == [0, 100]
    assert fig["data"][0]["text"][0] == "72% · 12 jautājumi"
    assert fig["layout"]["annotations"][1]["text"] == "nav datu (3 < 5)"


def test_agreement_ranking_bar_with_nothing_shown_has_no_bar_trace() -> None:
    fig = agreement_ranking_bar(ENTRIES[1:2]).to_dict()

    assert fig["data"] == []
    assert len(fig["layout"]["shapes"]) == 1


def test_agreement_ranking_rows_hide_the_number_where_the_chart_says_n_a() -> None:
    rows = agreement_ranking_rows(ENTRIES)

    assert [r["label"] for r in rows] == ["JV", "PRO", "NA", "ZZS", "LPV"]
    assert rows[0] == {
        "rank": 1,
        "id": 4,
        "label": "JV",
        "agreement_pct": 72.0,
        "shared_questions": 12,
        "coverage_pct": 100.0,
        "shown": True,
    }
    assert rows[4]["agreement_pct"] is None
    assert rows[4]["shown"] is False
    assert rows[4]["coverage_pct"] == 25.0
