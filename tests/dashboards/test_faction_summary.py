import math

from dashboards import FactionSummary, faction_summary_bars, faction_summary_rows

SUMMARIES = [
    FactionSummary(1, "JV", "#1111aa", 26, 0.9, 120, 2900, 3120),
    FactionSummary(2, "LPV", "#aa11aa", 3, 0.99, 120, 340, 360),  # too small for cohesion
    FactionSummary(3, "NA", None, 12, math.nan, 0, 0, 0),  # no votes in the period
]


def test_faction_summary_bars_cohesion_and_attendance_side_by_side() -> None:
    fig = faction_summary_bars(SUMMARIES).to_dict()
    cohesion, attendance = fig["data"]

    assert cohesion["x"] == [0.9, None, None]
    assert cohesion["text"] == ["0.90 (120 votes)", "", ""]
    assert cohesion["marker"]["color"] == ["#1111aa", "#aa11aa", "#52606d"]
    assert attendance["x"] == [92.948718, 94.444444, None]
    assert attendance["text"][0] == "92.9% (2900 of 3120)"
    assert attendance["xaxis"] == "x2"
    assert cohesion["customdata"] == attendance["customdata"] == [1, 2, 3]
    assert fig["layout"]["yaxis"]["ticktext"] == ["JV", "LPV", "NA"]


def test_faction_summary_bars_explain_missing_values() -> None:
    annotations = faction_summary_bars(SUMMARIES).to_dict()["layout"]["annotations"]

    assert [(a["text"], a["xref"], a["y"]) for a in annotations] == [
        ("n/a (3 members)", "x", 1),
        ("n/a", "x", 2),
        ("n/a", "x2", 2),
    ]


def test_faction_summary_bars_axis_titles() -> None:
    layout = faction_summary_bars(SUMMARIES).to_dict()["layout"]

    assert layout["xaxis"]["title"]["text"] == "Cohesion (mean Agreement Index, 0–1)"
    assert layout["xaxis"]["range"] == [0, 1]
    assert layout["xaxis2"]["title"]["text"] == "Attendance (% of possible ballots)"
    assert layout["xaxis2"]["ticksuffix"] == "%"


def test_faction_summary_rows_match_the_chart() -> None:
    rows = faction_summary_rows(SUMMARIES)

    assert rows[0] == {
        "faction_id": 1,
        "faction": "JV",
        "members": 26,
        "cohesion": 0.9,
        "cohesion_votes": 120,
        "ballots_cast": 2900,
        "ballots_possible": 3120,
        "attendance_pct": 92.948718,
    }
    assert rows[1]["cohesion"] is None
    assert rows[2]["attendance_pct"] is None
