"""Settings of narration and the podcast feeds (masthead/audio/CONTEXT.md)."""

from masthead.core.appsettings import env

# Narration (masthead/audio): a local voice reads each article on publish.
NARRATION_AUTO = env.bool("NARRATION_AUTO", default=True)
# "piper", "espeak", or the dotted path of a masthead.audio.engines.NarrationEngine.
NARRATION_ENGINE = env.str("NARRATION_ENGINE", default="piper")
NARRATION_VOICE = env.str("NARRATION_VOICE", default="en_US-joe-medium")
NARRATION_BITRATE = env.int("NARRATION_BITRATE", default=64)  # kbps, mono MP3
NARRATION_CHUNK_CHARS = env.int("NARRATION_CHUNK_CHARS", default=1200)
# Chunks synthesized at once, each with NARRATION_THREADS onnxruntime threads. Parallel
# chunks scale better across cores than threads inside one; memory grows with both.
NARRATION_WORKERS = env.int("NARRATION_WORKERS", default=2)
NARRATION_THREADS = env.int("NARRATION_THREADS", default=1)
NARRATION_MAX_ATTEMPTS = env.int("NARRATION_MAX_ATTEMPTS", default=4)
NARRATION_RETRY_BACKOFF = env.int("NARRATION_RETRY_BACKOFF", default=60)  # seconds, doubling
# A narration queued or running this long without news (or claimed by a task worker that
# died) is no longer "on its way": publishing again queues it anew.
NARRATION_STUCK_AFTER = env.int("NARRATION_STUCK_AFTER", default=1800)  # seconds
PODCAST_CATEGORY = env.str("PODCAST_CATEGORY", default="News")
PODCAST_EXPLICIT = env.bool("PODCAST_EXPLICIT", default=False)
PODCAST_LOCKED = env.bool("PODCAST_LOCKED", default=True)
PODCAST_OWNER_EMAIL = env.str("PODCAST_OWNER_EMAIL", default="")
