"""Comments benchmark: an article with 2,000 comments.

    .venv/bin/python bench/comments.py                  # what `make bench` runs
    .venv/bin/python bench/comments.py --comments 500 --posts 50 --rounds 3   # quicker

The database is BENCH_COMMENTS_DATABASE_URL (default: a SQLite file
/tmp/masthead_comments_bench.sqlite3; a PostgreSQL URL must name a database with "bench"
in it). It is built once (migrations, a small newsroom, 200 members) and the article's
comments are written again on every run: --comments in all, a third of them replies, with
likes counts spread over them.

Printed, every round (--rounds):
* the article page's render time and query count with its comments fragment missing (a
  comment was just posted: the worst case a reader meets), then served from the page
  cache; the query count is also measured with a tenth of the comments, and must match;
* posting throughput: --posts comments posted end to end (the plain form's POST through
  the Django test Client, signed in, the rules, the write, the purge) per second.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "sqlite:////tmp/masthead_comments_bench.sqlite3"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    return parser.parse_args()


def setup():
    url = os.environ.get("BENCH_COMMENTS_DATABASE_URL", DEFAULT_URL)
    if url.startswith("postgres") and "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit("BENCH_COMMENTS_DATABASE_URL must name a database with 'bench' in it")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(total):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from masthead.articles.models import ArticlePage
    from masthead.comments import text
    from masthead.comments.models import Comment, CommentSettings, Discussion
    from masthead.comments.services import _recount
    from masthead.members.tests.factories import TierFactory, make_member
    from masthead.pages.tests.factories import build_newsroom

    if not ArticlePage.objects.exists():
        started = time.monotonic()
        build_newsroom(sections=2, articles_per_section=2, authors=2)
        print(f"built the newsroom in {time.monotonic() - started:.0f} s")
    article = ArticlePage.objects.live().order_by("pk").first()
    User = get_user_model()
    members = list(User.objects.filter(email__endswith="@comments.bench").order_by("pk"))
    if len(members) < 200:
        tier = TierFactory()
        for n in range(len(members), 200):
            user = User.objects.create_user(
                email=f"reader{n}@comments.bench", display_name=f"Reader {n}"
            )
            make_member(user, tier, welcome=False)
        members = list(User.objects.filter(email__endswith="@comments.bench").order_by("pk"))
    site_settings = CommentSettings.objects.first()
    if site_settings is None:
        from wagtail.models import Site

        site_settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.hold_first = 0
    site_settings.save()
    with transaction.atomic():
        Comment.objects.filter(article=article).delete()
        Discussion.objects.filter(article=article).delete()
        tops = []
        n_top = total - total // 3
        for i in range(n_top):
            body = f"Comment number {i}: a reader's view on the story, with a link https://example.org/{i}."
            tops.append(
                Comment(
                    article=article,
                    author=members[i % len(members)],
                    body=body,
                    html=text.render(body),
                    like_count=(i * 7) % 23,
                )
            )
        Comment.objects.bulk_create(tops, batch_size=500)
        tops = list(Comment.objects.filter(article=article, parent=None).order_by("pk"))
        replies = []
        for i in range(total - n_top):
            parent = tops[(i * 3) % len(tops)]
            body = f"Reply {i} to comment {parent.pk}."
            replies.append(
                Comment(
                    article=article,
                    author=members[(i + 7) % len(members)],
                    parent=parent,
                    in_reply_to=parent,
                    body=body,
                    html=text.render(body),
                )
            )
        Comment.objects.bulk_create(replies, batch_size=500)
        _recount(article.pk)
    return article, members


def render_round(article):
    """(ms and queries of a render with the comments fragment missing and the page cache
    off, ms of a page-cache hit)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from masthead.comments import services
    from masthead.core import fragments

    client = Client()
    fragments.bump_tags(services.tag(article.pk))
    with override_settings(PAGE_CACHE_ENABLED=False), CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(article.url)
        cold = (time.perf_counter() - started) * 1000
    count = len(queries)  # now: the next request clears the log
    assert response.status_code == 200
    assert client.get(article.url).status_code == 200  # stores it in the page cache
    started = time.perf_counter()
    assert client.get(article.url).status_code == 200
    cached = (time.perf_counter() - started) * 1000
    return cold, count, cached


def post_round(article, members, posts, round_number):
    from django.test import Client, override_settings

    clients = []
    for user in members[:50]:
        client = Client()
        client.force_login(user)
        clients.append(client)
    url = f"/comments/{article.pk}/write/"
    with override_settings(COMMENTS_RATE_LIMIT=10**9):
        started = time.perf_counter()
        for n in range(posts):
            response = clients[n % len(clients)].post(
                url,
                {"body": f"Round {round_number}, post {n}: benchmarking the comment form."},
                HTTP_SEC_FETCH_SITE="same-origin",
            )
            assert response.status_code == 302, response.status_code
        elapsed = time.perf_counter() - started
    return posts / elapsed


def main():
    args = parse_args()
    setup()
    load = os.getloadavg()
    print(
        f"comments bench: {args.comments:,} comments on one article, {args.rounds} rounds; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    article, members = build(args.comments // 10)
    small = render_round(article)[1]
    render_round(article)
    small = render_round(article)[1]
    article, members = build(args.comments)
    render_round(article)  # warm-up: renditions, site root paths
    colds, cacheds = [], []
    for r in range(1, args.rounds + 1):
        cold, queries, cached = render_round(article)
        colds.append(cold)
        cacheds.append(cached)
        print(
            f"  round {r}: render with the comments fragment missing {cold:7.1f} ms, "
            f"{queries} queries (with {args.comments // 10:,} comments: {small}); "
            f"from the page cache {cached:5.1f} ms"
        )
        assert queries == small, "the query count grew with the comments"
    print(
        f"render: median {statistics.median(colds):.1f} ms uncached, "
        f"{statistics.median(cacheds):.1f} ms cached; queries constant at {small}"
    )
    rates = []
    for r in range(1, args.rounds + 1):
        rate = post_round(article, members, args.posts, r)
        rates.append(rate)
        print(f"  round {r}: posted {args.posts} comments at {rate:6.1f} comments/s")
    print(f"posting: median {statistics.median(rates):.1f} comments/s end to end")


if __name__ == "__main__":
    main()
