from dashboards import DeputyTally, attendance_bar, attendance_rows, rebels_bar, rebels_rows

JV, NA = "#1111aa", "#aa1111"
REBELS = [
    DeputyTally(1, "Anna Avota", "JV", JV, 3, 30),  # 10 %
    DeputyTally(2, "Bruno Bērziņš", "NA", NA, 3, 10),  # 30 %
    DeputyTally(3, "Cilda Cīrule", "JV", JV, 0, 25),  # 0 %
    DeputyTally(4, "Dainis Dārziņš", "NA", NA, 6, 60),  # 10 %, over more votes than Anna
    DeputyTally(5, "Egils Ērglis", "", None, 0, 0),  # nothing counted
]


def test_rebels_bar_ranks_by_rate_then_votes_counted_with_nothing_counted_last() -> None:
    layout = rebels_bar(REBELS).to_dict()["layout"]

    assert layout["yaxis"]["tickvals"] == [0, 1, 2, 3, 4]
    assert layout["yaxis"]["ticktext"] == [
        "Bruno Bērziņš",
        "Dainis Dārziņš",
        "Anna Avota",
        "Cilda Cīrule",
        "Egils Ērglis",
    ]
    assert layout["yaxis"]["range"] == [4.5, -0.5]


def test_rebels_bar_one_horizontal_trace_per_faction_in_faction_colour() -> None:
    traces = rebels_bar(REBELS).to_dict()["data"]

    assert [(t["type"], t["orientation"], t["name"]) for t in traces] == [
        ("bar", "h", "NA"),
        ("bar", "h", "JV"),
        ("bar", "h", "Unaffiliated"),
    ]
    na, jv, unaffiliated = traces
    assert na["x"] == [30.0, 10.0]
    assert na["y"] == [0, 1]
    assert na["marker"]["color"] == NA
    assert jv["x"] == [10.0, 0.0]
    assert jv["y"] == [2, 3]
    assert unaffiliated["x"] == [None]
    assert unaffiliated["marker"]["color"] == "#52606d"


def test_rebels_bar_customdata_is_the_deputy_id() -> None:
    traces = rebels_bar(REBELS).to_dict()["data"]

    assert [t["customdata"] for t in traces] == [[2, 4], [1, 3], [5]]


def test_rebels_bar_shows_share_with_counts_and_explains_nothing_counted() -> None:
    fig = rebels_bar(REBELS).to_dict()
    na, _, unaffiliated = fig["data"]

    assert na["text"] == ["30.0% (3 of 10)", "10.0% (6 of 60)"]
    assert unaffiliated["text"] == [""]
    assert na["hovertext"][0] == (
        "Bruno Bērziņš (NA)<br>voted against the faction line in 3 of 10 votes (30.0%)"
    )
    assert unaffiliated["hovertext"][0] == (
        "Egils Ērglis (Unaffiliated)<br>voted against the faction line in 0 of 0 votes (n/a)"
    )
    (note,) = fig["layout"]["annotations"]
    assert (note["text"], note["x"], note["y"]) == ("n/a (no votes counted)", 0, 4)


def test_rebels_bar_limit_keeps_the_top_rows_and_axis_title_says_percent() -> None:
    fig = rebels_bar(REBELS, limit=2, x_title="Balsojumi pret frakciju (%)").to_dict()

    assert fig["layout"]["yaxis"]["ticktext"] == ["Bruno Bērziņš", "Dainis Dārziņš"]
    assert [t["name"] for t in fig["data"]] == ["NA"]
    assert fig["layout"]["xaxis"]["title"]["text"] == "Balsojumi pret frakciju (%)"
    assert fig["layout"]["xaxis"]["ticksuffix"] == "%"


def test_rebels_rows_follow_the_chart_order() -> None:
    rows = rebels_rows(REBELS)

    assert [r["deputy_id"] for r in rows] == [2, 4, 1, 3, 5]
    assert rows[0] == {
        "rank": 1,
        "deputy_id": 2,
        "deputy": "Bruno Bērziņš",
        "faction": "NA",
        "votes_against_faction": 3,
        "votes_counted": 10,
        "rebellion_pct": 30.0,
    }
    assert rows[4]["rebellion_pct"] is None


ATTENDANCE = [
    DeputyTally(1, "Anna Avota", "JV", JV, 90, 100),
    DeputyTally(2, "Bruno Bērziņš", "NA", NA, 45, 50),
    DeputyTally(3, "Cilda Cīrule", "JV", JV, 120, 150),
]


def test_attendance_bar_lowest_first_on_a_full_percent_axis() -> None:
    fig = attendance_bar(ATTENDANCE).to_dict()
    jv, na = fig["data"]

    # Anna and Bruno tie at 90 %; the tie goes to the larger number of votes held (Anna's 100).
    assert fig["layout"]["yaxis"]["ticktext"] == ["Cilda Cīrule", "Anna Avota", "Bruno Bērziņš"]
    assert jv["x"] == [80.0, 90.0]
    assert jv["text"] == ["80.0% (120 of 150)", "90.0% (90 of 100)"]
    assert na["x"] == [90.0]
    assert na["y"] == [2]
    assert fig["layout"]["xaxis"]["range"] == [0, 100]
    assert fig["layout"]["xaxis"]["title"]["text"] == (
        "Votes attended (% of votes held during the mandate)"
    )


def test_attendance_bar_highest_first_breaks_ties_by_votes_held() -> None:
    fig = attendance_bar(ATTENDANCE, lowest_first=False).to_dict()

    # Anna and Bruno both attended 90 %: Anna's share rests on more votes, so she comes first.
    assert fig["layout"]["yaxis"]["ticktext"] == ["Anna Avota", "Bruno Bērziņš", "Cilda Cīrule"]


def test_attendance_rows_name_their_columns_for_attendance() -> None:
    rows = attendance_rows(ATTENDANCE)

    assert rows[0] == {
        "rank": 1,
        "deputy_id": 3,
        "deputy": "Cilda Cīrule",
        "faction": "JV",
        "votes_attended": 120,
        "votes_held": 150,
        "attendance_pct": 80.0,
    }
