"""`{% chart chart %}`: an admin chart (masthead/core/charts.py) with its data table and a
CSV link that keeps the page's other query parameters (the period, the filters)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def chart(context, chart):
    request = context.get("request")
    csv_url = None
    if request is not None:
        query = request.GET.copy()
        query["csv"] = chart.slug
        csv_url = f"?{query.urlencode()}"
    return chart.render(csv_url=csv_url)
