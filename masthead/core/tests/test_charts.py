"""Admin charts: SVG drawn from the numbers, the same numbers as a table, and a CSV."""

import csv
import io
from xml.etree import ElementTree

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from masthead.core import charts
from masthead.core.charts import Chart, Series


def members_chart(**kwargs):
    return Chart(
        "New members",
        ["Jan", "Feb", "Mar"],
        [Series("Joined", [10, 25, None]), Series("=Left", [2, 3, 4])],
        **kwargs,
    )


@pytest.mark.parametrize("kind", ["line", "bar"])
def test_svg_is_well_formed_and_described(kind):
    svg = str(members_chart(kind=kind).svg())
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    assert "New members, Jan to Mar, from 2 to 25" in root.get("aria-label")
    drawn = "polyline" if kind == "line" else "rect"
    assert svg.count(f"<{drawn}") >= (2 if kind == "bar" else 1)
    # A missing value draws nothing for that label.
    assert "Joined, Mar" not in svg


def test_titles_and_labels_are_escaped():
    chart = Chart('<script>alert("x")</script>', ["<b>"], [Series("<i>", [1])])
    html = chart.render(csv_url="?csv=x")
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;" in html
    ElementTree.fromstring(str(chart.svg()))


def test_table_matches_the_series():
    chart = members_chart(unit=" EUR")
    assert chart.header() == ["", "Joined", "=Left"]
    assert chart.rows()[1] == ["Feb", "25 EUR", "3 EUR"]
    assert chart.rows()[2][1] == "–"


def test_series_must_match_labels():
    with pytest.raises(ValueError):
        Chart("Bad", ["a", "b"], [Series("s", [1])])
    with pytest.raises(ValueError):
        Chart("Bad", ["a"], [Series("s", [1])], kind="pie")


def test_empty_chart_renders():
    chart = Chart("Nothing yet", [], [])
    assert "No data yet" in chart.summary()
    ElementTree.fromstring(str(chart.svg()))


def test_csv_is_formula_safe_and_raw():
    request = RequestFactory().get("/admin/reports/?period=90&csv=new-members")
    response = charts.csv_for(request, [members_chart()])
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["", "Joined", "'=Left"]
    assert rows[1:] == [["Jan", "10", "2"], ["Feb", "25", "3"], ["Mar", "", "4"]]
    assert charts.csv_for(RequestFactory().get("/admin/reports/"), [members_chart()]) is None


def test_template_tag_keeps_the_query():
    request = RequestFactory().get("/admin/reports/?period=90")
    html = Template("{% load charts %}{% chart chart %}").render(
        Context({"chart": members_chart(), "request": request})
    )
    assert 'href="?period=90&amp;csv=new-members"' in html
    assert "<table" in html and '<th scope="row">Feb</th>' in html


@pytest.mark.parametrize(
    ("value", "top"), [(0, 0), (7, 10), (11, 20), (180, 200), (2400, 2500), (0.3, 0.5)]
)
def test_nice_ceiling(value, top):
    assert charts.nice_ceiling(value) == top
