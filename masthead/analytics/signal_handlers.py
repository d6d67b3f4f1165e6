"""analytics listens to `core.attribution.conversion` (sent after the owner's commit by
newsletters, members and payments) and stores each conversion with its source."""

from masthead.core import attribution, slots

from . import panels, services, widgets


def on_conversion(sender, kind, source, amount=None, currency="", ref="", **kwargs):
    services.do_record_conversion(kind, source, amount=amount, currency=currency, ref=ref)


def connect():
    attribution.conversion.connect(on_conversion, dispatch_uid="analytics.conversion")
    slots.register("head", widgets.render_head)
    slots.register("article.after_body", widgets.render_noscript, order=200)
    slots.register("body.end", widgets.render_page_noscript)
    slots.register("home.most_popular", widgets.render_home_popular)
    slots.register("article.popular", widgets.render_article_popular)
    panels.attach_to_article_editor()
