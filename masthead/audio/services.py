"""Every change to narrations: requesting one, making it, recording failure and retries,
and the editors' choices. Side effects (tasks, cache purges, file deletion) run after
commit."""

import collections
import concurrent.futures
import datetime
import logging
import os
import tempfile
import time

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.core import workers
from masthead.core.tasks import enqueue_on_commit

from . import encoding, text
from .engines import EngineUnavailable, get_engine
from .models import Narration, PronunciationEntry

logger = logging.getLogger(__name__)

PARAGRAPH_PAUSE = 0.35  # seconds of silence between chunks


def lexicon():
    return text.Lexicon(PronunciationEntry.objects.values_list("word", "respelling"))


def spoken_paragraphs(page):
    """The article's spoken text, normalised and respelled, one string per paragraph."""
    names = [author.title for author in page.ordered_authors]
    return text.prepare(text.article_parts(page, names), lexicon())


def _voice_for(narration, engine):
    voices = engine.voices()
    if narration is not None and narration.voice in voices:
        return narration.voice
    return engine.default_voice()


def _hash_for(page, narration, engine):
    voice = _voice_for(narration, engine)
    return text.text_hash(spoken_paragraphs(page), engine=engine.name, voice=voice), voice


def _enqueue_after_commit(page_id, run_after=None):
    from .tasks import narrate_article_task

    enqueue_on_commit(narrate_article_task, page_id, run_after=run_after, robust=False)


@transaction.atomic
def do_request_narration(page, *, force=False):
    """Queue a narration of `page` if its spoken text (or voice) changed since the last
    one, or if `force`. Returns the narration, or None when the article is opted out."""
    narration, _ = Narration.objects.select_for_update().get_or_create(page_id=page.pk)
    if not narration.enabled:
        return None
    engine = get_engine()
    try:
        digest, _voice = _hash_for(page, narration, engine)
    except EngineUnavailable as error:
        narration.status = Narration.Status.FAILED
        narration.error = str(error)
        narration.save(update_fields=["status", "error"])
        return narration
    if not force:
        if digest == narration.text_hash and narration.audio:
            return narration  # already narrated as it reads now
        if digest == narration.requested_hash and _on_its_way(narration):
            return narration
    narration.requested_hash = digest
    narration.status = Narration.Status.QUEUED
    narration.attempts = 0
    narration.error = ""
    narration.requested_at = timezone.now()
    narration.next_attempt_at = None
    if force:
        narration.text_hash = ""  # a forced run makes a new file even for the same text
    narration.save()
    _enqueue_after_commit(page.pk)
    return narration


def _stuck_before():
    return timezone.now() - datetime.timedelta(seconds=settings.NARRATION_STUCK_AFTER)


def _on_its_way(narration):
    """Whether a narration already asked for will still come without a new request: it
    waits in the queue (for less than NARRATION_STUCK_AFTER, retries included), or a
    live worker runs it. A worker that died, or a request lost with its task, expires."""
    stuck_before = _stuck_before()
    if narration.status == Narration.Status.QUEUED:
        since = narration.next_attempt_at or narration.requested_at
        return since is not None and since >= stuck_before
    if narration.status == Narration.Status.RUNNING:
        if narration.claimed_by:
            return workers.is_alive(narration.claimed_by)
        return narration.started_at is not None and narration.started_at >= stuck_before
    return False


def _claimable():
    """Narrations no one is making now: not running, or running for a worker that died
    (or, without a known worker, for longer than NARRATION_STUCK_AFTER)."""
    abandoned = ~Q(claimed_by="") & ~Q(claimed_by__in=workers.live_worker_ids())
    unknown_and_old = Q(claimed_by="", started_at__lt=_stuck_before())
    return ~Q(status=Narration.Status.RUNNING) | abandoned | unknown_and_old


def do_narrate(page_id, *, engine=None):
    """Make the narration of article `page_id` (the task's work). Safe to run twice: a
    narration already made from the same text is left alone, and a run in progress
    elsewhere is not started again. Never raises for an engine failure: it is recorded
    and retried with backoff."""
    page = ArticlePage.objects.live().filter(pk=page_id).first()
    narration = Narration.objects.filter(page_id=page_id).first()
    if page is None or narration is None or not narration.enabled:
        return None
    engine = engine or get_engine()
    try:
        paragraphs = spoken_paragraphs(page)
        voice = _voice_for(narration, engine)
        digest = text.text_hash(paragraphs, engine=engine.name, voice=voice)
    except EngineUnavailable as error:
        return _record_failure(narration.pk, error)
    if digest == narration.text_hash and narration.audio:
        Narration.objects.filter(pk=narration.pk).exclude(status=Narration.Status.DONE).update(
            status=Narration.Status.DONE, error=""
        )
        return narration
    claimed = (
        Narration.objects.filter(pk=narration.pk, enabled=True)
        .filter(_claimable())
        .update(
            status=Narration.Status.RUNNING,
            started_at=timezone.now(),
            claimed_by=workers.current_worker_id(),
        )
    )
    if not claimed:
        return None  # another worker is on it
    try:
        result = synthesize_to_storage(page, paragraphs, engine=engine, voice=voice)
    except Exception as error:
        logger.exception("narration of article %s failed", page_id)
        return _record_failure(narration.pk, error)
    return _record_success(narration.pk, page, result, digest=digest)


def synthesize_to_storage(page, paragraphs, *, engine, voice):
    """Synthesize `paragraphs` chunk by chunk into a tagged MP3 saved through Django's
    storage. Returns {name, duration, size, engine, voice, wall}."""
    started = time.monotonic()
    handle, path = tempfile.mkstemp(suffix=".mp3")
    try:
        with os.fdopen(handle, "wb") as file:
            writer = encode(paragraphs, file, engine=engine, voice=voice)
        if writer.samples == 0:
            raise EngineUnavailable(f"the {engine.name} engine produced no audio")
        artwork, mime = artwork_for(page)
        encoding.tag(
            path, title=page.title, outlet=outlet_name(page), artwork=artwork, artwork_mime=mime
        )
        size = os.path.getsize(path)
        when = timezone.now()
        name = f"audio/{when:%Y/%m}/{page.slug[:60]}-{page.pk}-{int(when.timestamp())}.mp3"
        with open(path, "rb") as file:
            name = default_storage.save(name, File(file))
    finally:
        os.unlink(path)
    return {
        "name": name,
        "duration": writer.duration,
        "size": size,
        "engine": engine.name,
        "voice": voice,
        "wall": time.monotonic() - started,
    }


def encode(paragraphs, file, *, engine, voice):
    """Synthesize `paragraphs` chunk by chunk, streaming each chunk's PCM straight into
    the MP3 encoder that appends to `file`. Returns the finished Mp3Writer."""
    writer = encoding.Mp3Writer(file, engine.sample_rate(voice), bitrate=settings.NARRATION_BITRATE)
    chunks = text.chunks(paragraphs, settings.NARRATION_CHUNK_CHARS)
    for i, pieces in enumerate(_synthesized(chunks, engine, voice, settings.NARRATION_WORKERS)):
        if i:
            writer.silence(PARAGRAPH_PAUSE)
        for pcm in pieces:
            writer.write(pcm)
    writer.finish()
    return writer


def _synthesized(chunks, engine, voice, workers):
    """Each chunk's PCM pieces, in order. With several workers, up to `workers` chunks are
    synthesized at once (onnxruntime releases the GIL), so at most that many chunks'
    audio is held in memory; with one, PCM streams sentence by sentence."""
    if workers <= 1:
        for chunk in chunks:
            yield engine.synthesize(chunk, voice)
        return
    pending = collections.deque()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for chunk in chunks:
            pending.append(pool.submit(lambda c=chunk: list(engine.synthesize(c, voice))))
            if len(pending) >= workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@transaction.atomic
def _record_success(narration_id, page, result, *, digest):
    narration = Narration.objects.select_for_update().get(pk=narration_id)
    old_name = narration.audio.name if narration.audio else ""
    narration.audio.name = result["name"]
    narration.duration = result["duration"]
    narration.size = result["size"]
    narration.engine = result["engine"]
    narration.used_voice = result["voice"]
    narration.text_hash = digest
    narration.status = Narration.Status.DONE
    narration.attempts = 0
    narration.error = ""
    narration.next_attempt_at = None
    narration.narrated_at = timezone.now()
    narration.save()
    if old_name and old_name != result["name"]:
        transaction.on_commit(lambda: default_storage.delete(old_name))
    _purge_after_commit(page)
    logger.info(
        "narrated article %s: %.1f s of audio in %.1f s (%s/%s)",
        page.pk,
        result["duration"],
        result["wall"],
        result["engine"],
        result["voice"],
    )
    return narration


def retry_delay(attempts):
    """Backoff before attempt number `attempts + 1`: base, 2×base, 4×base…"""
    return datetime.timedelta(seconds=settings.NARRATION_RETRY_BACKOFF * 2 ** (attempts - 1))


@transaction.atomic
def _record_failure(narration_id, error):
    narration = Narration.objects.select_for_update().get(pk=narration_id)
    narration.attempts += 1
    narration.error = f"{type(error).__name__}: {error}"[:2000]
    if narration.attempts < settings.NARRATION_MAX_ATTEMPTS and _can_defer():
        narration.status = Narration.Status.QUEUED
        narration.next_attempt_at = timezone.now() + retry_delay(narration.attempts)
        _enqueue_after_commit(narration.page_id, run_after=narration.next_attempt_at)
    else:
        narration.status = Narration.Status.FAILED
        narration.next_attempt_at = None
    narration.save()
    return narration


def _can_defer():
    from .tasks import narrate_article_task

    return narrate_article_task.get_backend().supports_defer


@transaction.atomic
def do_update_narration_settings(page, *, enabled, voice="", regenerate=False):
    """An editor's choices for one article: narrate it or not, with which voice."""
    narration, _ = Narration.objects.select_for_update().get_or_create(page_id=page.pk)
    changed = narration.enabled != enabled or narration.voice != voice
    narration.enabled = enabled
    narration.voice = voice
    if not enabled:
        narration.status = Narration.Status.OFF
    narration.save()
    if changed:
        _purge_after_commit(page)
    if enabled and page.live and (regenerate or changed or not narration.audio):
        return do_request_narration(page, force=regenerate)
    return narration


def do_request_newest(limit=10):
    """Queue narrations of the `limit` newest live articles (the demo's first run)."""
    from masthead.articles import queries

    pages = list(queries.published().order_by("-published_at")[:limit])
    return [n for n in (do_request_narration(page) for page in pages) if n is not None]


def podcast_paths(article):
    """The podcast feeds that list `article` (registered with core.purges in apps.py)."""
    from django.urls import reverse

    urls = [reverse("podcast_feed")]
    if article.section_id:
        urls.append(reverse("podcast_section_feed", args=[article.section.slug]))
    return urls


def _purge_after_commit(page):
    """A narration changed: the article's page and fragments, and every URL that shows the
    article (the Content API's detail names the narration; the podcast lists it)."""
    from masthead.core import fragments, pagecache, purges

    urls = [page.url, *purges.urls_for("article", page)]
    tag = f"article:{page.pk}"
    fragments.bump_tags(tag)

    def purge():
        fragments.bump_tags(tag)
        pagecache.purge(urls)

    transaction.on_commit(purge)


# --- Names and pictures ----------------------------------------------------------


def outlet_name(page=None, site=None):
    from masthead.core.models import SiteSettings

    site = site or (page.get_site() if page is not None else None)
    if site is not None:
        return SiteSettings.for_site(site).outlet_name or settings.WAGTAIL_SITE_NAME
    return settings.WAGTAIL_SITE_NAME


def artwork_for(page):
    """(JPEG bytes, mime) for the MP3's cover: the lead image, else the outlet's logo,
    else the podcast artwork. (None, None) if none can be read."""
    from masthead.core.models import SiteSettings

    image = page.lead_image
    if image is None:
        site = page.get_site()
        image = SiteSettings.for_site(site).logo if site else None
    try:
        if image is not None:
            rendition = image.get_rendition("fill-600x600|format-jpeg|jpegquality-80")
            with rendition.file.open("rb") as file:
                return file.read(), "image/jpeg"
        from .artwork import podcast_artwork

        artwork = podcast_artwork(outlet_name(page))
        with artwork.image.open("rb") as file:
            return file.read(), "image/png"
    except Exception:
        logger.exception("no artwork for narration of article %s", page.pk)
        return None, None
