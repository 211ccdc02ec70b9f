import math

import numpy as np
import pytest

from dashboards import DeputyPoint, ideal_point_map, ideal_point_rows

NAN = math.nan
POINTS = np.array([[1.0, 2.0], [-1.0, 0.5], [NAN, NAN], [0.0, -1.0]])
DEPUTIES = [
    DeputyPoint(11, "Anna Avota", ("JV",), "#1111aa"),
    DeputyPoint(12, "Bruno Bērziņš", ("NA",), "#aa1111"),
    DeputyPoint(13, "Cilda Cīrule", ("JV",), "#1111aa"),  # too few votes: no coordinates
    DeputyPoint(14, "Dainis Dārziņš", ("NA", "JV"), "#1111aa"),  # moved from NA to JV
]


def _traces(**kwargs):
    return ideal_point_map(POINTS, DEPUTIES, **kwargs).to_dict()["data"]


def test_ideal_point_map_groups_deputies_by_current_faction_in_its_colour() -> None:
    traces = _traces()

    assert [(t["type"], t["name"]) for t in traces] == [
        ("scatter", "JV"),
        ("scatter", "JV"),
        ("scatter", "NA"),
        ("scatter", "Changed faction"),
    ]
    jv, jv_moved, na, _ = traces
    assert jv["x"] == [1.0, None]
    assert jv["y"] == [2.0, None]
    assert jv["customdata"] == [11, 13]
    assert jv["marker"]["color"] == "#1111aa"
    assert na["x"] == [-1.0]
    assert na["marker"]["color"] == "#aa1111"
    assert jv_moved["customdata"] == [14]


def test_ideal_point_map_marks_faction_changers_with_a_distinct_outlined_marker() -> None:
    jv, jv_moved, _, legend_entry = _traces()

    assert jv["marker"]["symbol"] == "circle"
    assert jv_moved["marker"]["symbol"] == "diamond"
    assert jv_moved["marker"]["line"] == {"color": "#1f2933", "width": 2}
    assert jv_moved["showlegend"] is False
    assert jv_moved["legendgroup"] == jv["legendgroup"]
    assert legend_entry["x"] == [None]
    assert legend_entry["marker"]["symbol"] == "diamond"


def test_ideal_point_map_hover_lists_the_factions_in_order() -> None:
    jv, jv_moved, _, _ = _traces(factions_text="Frakcijas: {factions}")

    assert jv["hovertext"][0] == "<b>Anna Avota</b><br>Frakcijas: JV"
    assert jv_moved["hovertext"] == ["<b>Dainis Dārziņš</b><br>Frakcijas: NA → JV"]


def test_ideal_point_map_without_changers_has_no_changed_faction_legend_entry() -> None:
    traces = ideal_point_map(POINTS[:2], DEPUTIES[:2]).to_dict()["data"]

    assert [t["name"] for t in traces] == ["JV", "NA"]


def test_ideal_point_map_adds_the_citizen_as_a_labelled_star_and_an_optional_cloud() -> None:
    traces = _traces(
        citizen=(0.5, 0.25), citizen_cloud=[[0.4, 0.2], [0.6, NAN]], citizen_label="Jūs"
    )
    cloud, you = traces[-2:]

    assert you["name"] == "Jūs"
    assert (you["x"], you["y"]) == ([0.5], [0.25])
    assert you["marker"]["symbol"] == "star"
    assert you["text"] == ["Jūs"]
    assert you["customdata"] == [None]
    assert cloud["x"] == [0.4, 0.6]
    assert cloud["y"] == [0.2, None]
    assert cloud["hoverinfo"] == "skip"


def test_ideal_point_map_axes_have_titles_and_equal_scale() -> None:
    layout = ideal_point_map(POINTS, DEPUTIES, x_title="1. ass", y_title="2. ass").to_dict()[
        "layout"
    ]

    assert layout["xaxis"]["title"]["text"] == "1. ass"
    assert layout["yaxis"]["title"]["text"] == "2. ass"
    assert layout["yaxis"]["scaleanchor"] == "x"
    assert layout["yaxis"]["scaleratio"] == 1


def test_ideal_point_map_unaffiliated_deputies_get_the_given_label_and_neutral_colour() -> None:
    fig = ideal_point_map(
        [[0.0, 0.0]], [DeputyPoint(1, "Egils Ērglis", ("",), None)], no_faction_label="Nepiederošie"
    )
    (trace,) = fig.to_dict()["data"]

    assert trace["name"] == "Nepiederošie"
    assert trace["marker"]["color"] == "#52606d"
    assert trace["hovertext"] == ["<b>Egils Ērglis</b><br>Factions: Nepiederošie"]


@pytest.mark.parametrize(
    ("points", "citizen", "message"),
    [
        ([[0.0, 0.0, 0.0]], None, r"points must have shape \(D, 2\)"),
        ([[0.0, 0.0]], (1.0, 2.0, 3.0), "citizen must be an"),
    ],
)
def test_ideal_point_map_rejects_wrong_shapes(points, citizen, message) -> None:
    with pytest.raises(ValueError, match=message):
        ideal_point_map(points, DEPUTIES[:1], citizen=citizen)


def test_ideal_point_rows_keep_every_deputy_and_the_citizen() -> None:
    rows = ideal_point_rows(POINTS, DEPUTIES, citizen=(0.5, 0.25))

    assert [r["deputy_id"] for r in rows] == [11, 12, 13, 14, None]
    assert rows[2]["x"] is None
    assert rows[3] == {
        "kind": "deputy",
        "deputy_id": 14,
        "deputy": "Dainis Dārziņš",
        "faction": "JV",
        "factions": "NA → JV",
        "changed_faction": True,
        "x": 0.0,
        "y": -1.0,
    }
    assert rows[4]["kind"] == "citizen"
    assert (rows[4]["x"], rows[4]["y"]) == (0.5, 0.25)
