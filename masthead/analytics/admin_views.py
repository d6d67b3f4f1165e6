"""The analytics dashboard in the Wagtail admin, and one article's figures.

Everyone who may reach the admin may open them; what they see is scoped by
`queries.visible_articles`: editors see every article, an author the articles of their
own byline (others see none). Every chart has its data table and CSV (core/charts.py).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from masthead.articles.models import ArticlePage
from masthead.core import charts

from . import queries
from .models import Breakdown

PERIODS = {"7": 7, "30": 30, "90": 90}
DEFAULT_PERIOD = "30"


def _period_choice(request):
    chosen = request.GET.get("days", DEFAULT_PERIOD)
    return chosen if chosen in PERIODS else DEFAULT_PERIOD


def traffic_chart(series, title, page_views=None):
    """Views and readers of articles by day; with `page_views` ({day: views} of the other
    pages), a third line: the views of every page."""
    labels = [date_format(day, "j M") for day, _views, _readers in series]
    lines = [
        charts.Series(_("Article views"), [views for _day, views, _readers in series]),
        charts.Series(_("Unique readers"), [readers for _day, _views, readers in series]),
    ]
    if page_views is not None:
        lines.insert(
            0,
            charts.Series(
                _("Views of every page"),
                [views + page_views.get(day, 0) for day, views, _readers in series],
            ),
        )
    return charts.Chart(title, labels, series=lines, kind="line", slug="views-and-readers")


def bar_chart(title, rows, slug, name=None):
    return charts.Chart(
        title,
        [label or _("(direct)") for label, _value in rows],
        series=[charts.Series(name or _("Views"), [value for _label, value in rows])],
        kind="bar",
        slug=slug,
    )


def dashboard(request):
    chosen = _period_choice(request)
    period = queries.Period.last_days(PERIODS[chosen])
    articles = queries.visible_articles(request.user)
    totals = queries.totals(period, articles)
    top = queries.top_articles(period, articles)
    referrers = queries.top_values(period, Breakdown.Kind.REFERRER, articles)
    conversions = queries.conversions_by_article(period, articles)
    everything = articles is None
    # The other pages (home, sections…) are the editors' only: no byline scopes them.
    pages = queries.page_totals(period) if everything else None
    all_charts = [
        traffic_chart(
            queries.daily_series(period, articles),
            _("Views and unique readers"),
            page_views=queries.page_daily_views(period) if everything else None,
        ),
        bar_chart(_("Top referrers"), referrers, "referrers"),
        bar_chart(
            _("Signups and new members by source article"),
            [
                (row["article__title"] or _("(no article)"), row["signup"] + row["membership"])
                for row in conversions
            ][:10],
            "conversions-by-article",
            name=_("Signups and new members"),
        ),
    ]
    if response := charts.csv_for(request, all_charts):
        return response
    timed = totals["timed"]
    return TemplateResponse(
        request,
        "analytics/admin/dashboard.html",
        {
            "page_title": _("Analytics"),
            "periods": [
                (key, _("Last %(days)s days") % {"days": days}) for key, days in PERIODS.items()
            ],
            "chosen": chosen,
            "everything": everything,
            "totals": totals,
            "pages": pages,
            "all_views": totals["views"] + pages["views"] if everything else None,
            "top_pages": queries.top_pages(period) if everything else None,
            "read_rate": round(100 * totals["reads"] / timed) if timed else None,
            "avg_seconds": round(totals["seconds"] / timed) if timed else None,
            "traffic": all_charts[0],
            "referrer_chart": all_charts[1],
            "conversion_chart": all_charts[2],
            "top_articles": top,
            "sections": queries.top_sections(period, articles),
            "authors": queries.top_authors(period, articles),
            "campaigns": queries.top_values(period, Breakdown.Kind.CAMPAIGN, articles),
            "devices": queries.top_values(period, Breakdown.Kind.DEVICE, articles),
            "countries": queries.top_values(period, Breakdown.Kind.COUNTRY, articles),
            "conversions": conversions,
            "conversions_by_referrer": queries.conversions_by(period, "referrer", articles),
            "conversions_by_campaign": queries.conversions_by(period, "campaign", articles),
            "campaign_progress": queries.campaign_progress(),
        },
    )


def article(request, page_id):
    page = get_object_or_404(ArticlePage, pk=page_id)
    articles = queries.visible_articles(request.user)
    if articles is not None and page.pk not in articles:
        raise PermissionDenied
    chosen = _period_choice(request)
    figures = queries.article_figures(page.pk, days=PERIODS[chosen])
    chart = traffic_chart(figures["series"], _("Views and unique readers of this article"))
    if response := charts.csv_for(request, [chart]):
        return response
    period = figures["period"]
    return TemplateResponse(
        request,
        "analytics/admin/article.html",
        {
            "page_title": _("Figures: %(title)s") % {"title": page.title},
            "page": page,
            "figures": figures,
            "chart": chart,
            "periods": [
                (key, _("Last %(days)s days") % {"days": days}) for key, days in PERIODS.items()
            ],
            "chosen": chosen,
            "read_rate": round(100 * period["reads"] / period["timed"])
            if period["timed"]
            else None,
            "avg_seconds": round(period["seconds"] / period["timed"]) if period["timed"] else None,
        },
    )
