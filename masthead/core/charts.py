"""Charts for the admin's reports: server-rendered SVG, a data table, and a CSV.

No script and no CDN: a chart is an SVG drawn here from the numbers, followed by the same
numbers as a table (in a disclosure, for screen readers and for reading exact figures)
and a CSV link. Feature apps build a `Chart` in their view and render it with
`{% load charts %}{% chart chart %}`; the view answers the CSV link with
`charts.csv_for(request, [chart, …])` before rendering the page:

    chart = Chart(_("New members"), labels=months, series=[Series(_("New"), counts)], kind="bar")
    if response := charts.csv_for(request, [chart]):
        return response

Values may be None (no data for that label): a line breaks there, a bar is left out.
"""

import csv
import math
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from masthead.core.csvsafe import cell

# Distinguishable for the common colour-vision deficiencies (Okabe–Ito), each at least
# 3:1 against white for graphics (WCAG 1.4.11); lines also differ by dash pattern.
COLOURS = ("#0b63a8", "#b34700", "#007a5a", "#a3337a", "#5e5e5e", "#8a6d00")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 12, 44
MAX_X_LABELS = 8
MAX_POINT_MARKERS = 62


@dataclass
class Series:
    name: str
    values: list


@dataclass
class Chart:
    title: str
    labels: list
    series: list = field(default_factory=list)
    kind: str = "line"  # "line" or "bar"
    unit: str = ""  # shown after each value, e.g. "%" or " EUR"
    value_format: object = None  # callable(value) -> str; default: localised number + unit
    slug: str = ""
    description: str = ""

    def __post_init__(self):
        if self.kind not in ("line", "bar"):
            raise ValueError(f"Chart kind must be 'line' or 'bar', not {self.kind!r}")
        self.slug = self.slug or slugify(self.title) or "chart"
        for series in self.series:
            if len(series.values) != len(self.labels):
                raise ValueError(
                    f"Series {series.name!r} has {len(series.values)} values for {len(self.labels)} labels"
                )

    # Figures ------------------------------------------------------------------------
    def format(self, value):
        if value is None:
            return "–"
        if self.value_format:
            return self.value_format(value)
        if isinstance(value, float) and not value.is_integer():
            return f"{number_format(round(value, 2), 2, force_grouping=True)}{self.unit}"
        return f"{number_format(int(value), force_grouping=True)}{self.unit}"

    def header(self):
        return ["", *[series.name for series in self.series]]

    def rows(self):
        return [
            [str(label), *[self.format(series.values[index]) for series in self.series]]
            for index, label in enumerate(self.labels)
        ]

    def raw_rows(self):
        return [
            [
                str(label),
                *[
                    "" if series.values[index] is None else series.values[index]
                    for series in self.series
                ],
            ]
            for index, label in enumerate(self.labels)
        ]

    def summary(self):
        """One sentence for assistive technology: what the chart shows and its range."""
        values = [value for series in self.series for value in series.values if value is not None]
        kind = _("Bar chart") if self.kind == "bar" else _("Line chart")
        if not values or not self.labels:
            return _("%(kind)s: %(title)s. No data yet.") % {"kind": kind, "title": self.title}
        return _(
            "%(kind)s: %(title)s, %(first)s to %(last)s, from %(low)s to %(high)s. The data table follows."
        ) % {
            "kind": kind,
            "title": self.title,
            "first": self.labels[0],
            "last": self.labels[-1],
            "low": self.format(min(values)),
            "high": self.format(max(values)),
        }

    # Drawing ------------------------------------------------------------------------
    def svg(self):
        values = [value for series in self.series for value in series.values if value is not None]
        low = min(0, min(values, default=0))
        high = nice_ceiling(max(values, default=0))
        if high <= low:
            high = low + 1
        plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
        count = max(len(self.labels), 1)

        def y(value):
            return TOP + plot_h - (value - low) / (high - low) * plot_h

        if self.kind == "bar":
            slot = plot_w / count

            def x(index):
                return LEFT + slot * (index + 0.5)
        else:
            step = plot_w / max(count - 1, 1)

            def x(index):
                return LEFT + step * index if count > 1 else LEFT + plot_w / 2

        parts = [
            f'<svg class="mh-chart__svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
            f'aria-label="{escape(self.summary())}" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        ]
        # Grid and y-axis ticks.
        for tick in ticks(low, high):
            ty = y(tick)
            parts.append(
                f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#d9d9d9" stroke-width="1"/>'
            )
            parts.append(
                f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11" fill="#333">'
                f"{escape(self.format(tick))}</text>"
            )
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(low):.1f}" y2="{y(low):.1f}" stroke="#555" stroke-width="1"/>'
        )
        # x labels, at most MAX_X_LABELS evenly spread, always the last one (anchored at
        # its end on a line chart, so it stays inside the drawing); a regular label too
        # close to the last one is left out rather than printed over it.
        every = max(1, math.ceil(count / MAX_X_LABELS))
        last = count - 1
        for index, label in enumerate(self.labels):
            if index != last and (index % every or (every > 1 and last - index < every)):
                continue
            anchor = "end" if index == last and self.kind == "line" and count > 1 else "middle"
            parts.append(
                f'<text x="{x(index):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="{anchor}" font-size="11" fill="#333">'
                f"{escape(str(label))}</text>"
            )
        if self.kind == "bar":
            parts.extend(self._bars(x, y, low, plot_w / count))
        else:
            parts.extend(self._lines(x, y))
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 # every text and attribute above is escaped

    def _lines(self, x, y):
        markers = len(self.labels) <= MAX_POINT_MARKERS
        for number, series in enumerate(self.series):
            colour, dash = COLOURS[number % len(COLOURS)], DASHES[number % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            run = []
            for index, value in enumerate([*series.values, None]):
                if value is not None:
                    run.append(f"{x(index):.1f},{y(value):.1f}")
                    continue
                if len(run) > 1:
                    yield (
                        f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                        f'stroke-width="2" stroke-linejoin="round"{dash_attr}/>'
                    )
                run = []
            if markers:
                for index, value in enumerate(series.values):
                    if value is not None:
                        yield (
                            f'<circle cx="{x(index):.1f}" cy="{y(value):.1f}" r="3" fill="{colour}">'
                            f"<title>{escape(series.name)}, {escape(str(self.labels[index]))}: "
                            f"{escape(self.format(value))}</title></circle>"
                        )

    def _bars(self, x, y, low, slot):
        groups = max(len(self.series), 1)
        width = slot * 0.8 / groups
        for number, series in enumerate(self.series):
            colour = COLOURS[number % len(COLOURS)]
            for index, value in enumerate(series.values):
                if value is None:
                    continue
                left = x(index) - slot * 0.4 + width * number
                top, bottom = sorted((y(value), y(low if value >= 0 else 0)))
                yield (
                    f'<rect x="{left:.1f}" y="{top:.1f}" width="{max(width - 1, 1):.1f}" '
                    f'height="{max(bottom - top, 0.5):.1f}" fill="{colour}">'
                    f"<title>{escape(series.name)}, {escape(str(self.labels[index]))}: "
                    f"{escape(self.format(value))}</title></rect>"
                )

    def legend(self):
        return [
            {
                "name": series.name,
                "colour": COLOURS[n % len(COLOURS)],
                "dash": DASHES[n % len(DASHES)],
            }
            for n, series in enumerate(self.series)
        ]

    def render(self, csv_url=None):
        return render_to_string("core/charts/chart.html", {"chart": self, "csv_url": csv_url})


def nice_ceiling(value):
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above value (an axis top people read)."""
    if value <= 0:
        return 0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            top = step * magnitude
            return int(top) if float(top).is_integer() else top
    return 10 * magnitude


def ticks(low, high):
    """Grid values from low to high. The top comes from nice_ceiling (1, 2, 2.5 or 5 ×
    10^n), so five steps (four for a top of 2 × 10^n) land on round numbers: 0, 5, 10,
    15, 20, 25 rather than 0, 6.25, 12.5 …"""
    span = high - low
    mantissa = span / 10 ** math.floor(math.log10(span)) if span > 0 else 1
    count = 4 if math.isclose(mantissa, 2) else 5
    return [low + span * n / count for n in range(count + 1)]


def csv_response(chart, filename=None):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename or chart.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow([cell(value) for value in chart.header()])
    for row in chart.raw_rows():
        writer.writerow([cell(value) for value in row])
    return response


def csv_for(request, charts):
    """The CSV of the chart that `?csv=<slug>` names, or None when the request asks for none."""
    wanted = request.GET.get("csv")
    if not wanted:
        return None
    for chart in charts:
        if chart.slug == wanted:
            return csv_response(chart)
    return None
