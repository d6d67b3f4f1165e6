"""The reading pages every change must keep fast, accessible and valid, and the checks
that hold them to it: axe-core in Chromium at two widths and the Nu HTML Checker (vnu).

Used by the browser gate in `make test` (test_reader_gate.py) and by `make audit`
(tools/audit.py), which adds Lighthouse. To cover a new kind of page, add one line to
READER_PAGES.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# name -> how to find one such page: a fixed path, or (model, ordering, filters) for the
# first live page of that model. The article is the newest one: it carries every widget
# (narration player, comments, sign-up) that its slots hold.
READER_PAGES = {
    "home": "/",
    "section": ("articles.SectionPage", "path", {}),
    "article": ("articles.ArticlePage", "-published_at", {}),
    "author": ("articles.AuthorPage", "path", {}),
    "news feed": ("livefeed.LiveFeedPage", "path", {}),
    "newsletters": ("newsletters.NewsletterIndexPage", "path", {}),
    "search": "/search/?q=war",
    "membership": "/membership/",
    "donate": "/donate/",
    "gift membership": "/membership/gift/",
    "sign in": "/account/sign-in/",
}

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def browser_test_marks():
    """pytest marks for a test module that drives Chromium against the live server: the
    live server commits, and the serialized rollback restores Wagtail's tree afterwards."""
    import shutil
    from pathlib import Path

    import pytest

    if not Path(CHROMIUM).exists() or not shutil.which(CHROMIUM):
        # No database mark on a skipped test: pytest-django would still flush and
        # re-serialise for it, and the next serialized-rollback test then fails to
        # restore the content types (IntegrityError) on a machine without Chromium.
        return [
            pytest.mark.browser,
            pytest.mark.skip(
                reason=f"{CHROMIUM} is missing: apt-get install chromium (Playwright never downloads one)"
            ),
        ]
    return [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


WIDTHS = {1280: {"width": 1280, "height": 900}, 412: {"width": 412, "height": 915}}
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def resolve_pages():
    """{name: path} for READER_PAGES in the current database. Raises LookupError when a
    page is missing, so a gate never passes by checking nothing."""
    from django.apps import apps
    from wagtail.models import Page

    paths = {}
    for name, how in READER_PAGES.items():
        if isinstance(how, str):
            paths[name] = how
            continue
        model_name, ordering, filters = how
        model = apps.get_model(model_name)
        page = model.objects.live().filter(**filters).order_by(ordering).first()
        if page is None:
            raise LookupError(f"no live {model_name} {filters or ''} for the {name!r} page")
        assert isinstance(page, Page)
        paths[name] = page.get_url()
    return paths


def axe_violations(page, url):
    """Every axe-core violation (any impact) on `url`, as short dicts, in an open
    Playwright page."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(url)
    results = Axe().run(page)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in results.response["violations"]
    ]


def vnu_missing():
    """Why vnu cannot run here, or None."""
    if not shutil.which("java"):
        return "java is missing: apt-get install default-jre-headless"
    if not VNU_JAR.exists():
        return f"{VNU_JAR.relative_to(ROOT)} is missing: run `make install-test` (npm ci)"
    return None


def vnu_errors(documents):
    """Nu HTML Checker errors for {name: html}: {name: [messages]} (only names with
    errors). One Java run checks every document."""
    problem = vnu_missing()
    if problem:
        raise RuntimeError(problem)
    with tempfile.TemporaryDirectory(prefix="masthead-vnu-") as tmp:
        files = {}
        for name, html in documents.items():
            path = Path(tmp) / (name.replace(" ", "-") + ".html")
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
            ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
            + [str(Path(tmp) / file) for file in files],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=180,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError) as error:
        raise RuntimeError(f"vnu gave no report: {result.stderr[-2000:]}") from error
    errors = {}
    for message in messages:
        if message.get("type") in ("error", "non-document-error"):
            url = message.get("url", "")
            name = files.get(url.rsplit("/", 1)[-1], url)
            line = message.get("lastLine", "?")
            extract = " ".join(message.get("extract", "").split())
            errors.setdefault(name, []).append(f"line {line}: {message['message']} [{extract}]")
    return errors
