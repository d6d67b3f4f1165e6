"""analytics listens to `core.attribution.conversion` (sent after the owner's commit by
newsletters, members and payments) and stores each conversion with its source, and to
`core.workers.worker_beat`: a worker of the default queue keeps the flush chain alive
(behind nginx no beacon reaches the app to start it)."""

from masthead.core import attribution, slots, workers

from . import panels, scheduling, services, widgets


def on_conversion(sender, kind, source, amount=None, currency="", ref="", **kwargs):
    services.do_record_conversion(kind, source, amount=amount, currency=currency, ref=ref)


def on_worker_beat(sender, queues, **kwargs):
    names = queues.split(",") if isinstance(queues, str) else queues
    if "default" in names or "*" in names:
        scheduling.ensure_flush_scheduled()


def connect():
    attribution.conversion.connect(on_conversion, dispatch_uid="analytics.conversion")
    workers.worker_beat.connect(on_worker_beat, dispatch_uid="analytics.worker_beat")
    slots.register("head", widgets.render_head)
    slots.register("article.after_body", widgets.render_noscript, order=200)
    slots.register("body.end", widgets.render_page_noscript)
    slots.register("home.most_popular", widgets.render_home_popular)
    slots.register("article.popular", widgets.render_article_popular)
    panels.attach_to_article_editor()
