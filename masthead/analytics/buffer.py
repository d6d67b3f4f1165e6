"""Where hits wait for the flush: Redis counters, or append-only files on the embedded default.

Both are made of **segments** that the flush counts one at a time: a segment is counted
and recorded (`FlushedSegment`) in one database transaction, and deleted only after that
commit. A database outage leaves every segment where it was, to be counted by the next
flush; a crash between the commit and the deletion leaves a segment that is recognised
and deleted, never counted twice.

* **Redis** (`RedisBuffer`, when ANALYTICS_REDIS_URL or REDIS_URL is set): a hit is one
  pipelined round trip: HINCRBY of its counters in the current hash (views, breakdowns,
  end-of-view figures per hour and article) and PFADD of its visitor hash into the
  HyperLogLogs of its article's hour and day (a page view: its counter and its page's
  hour HyperLogLog). The flush RENAMEs the current hash into a
  segment (atomic: the next hit starts a new one) and reads the readers with PFCOUNT,
  which is a value, not an increment, so counting it again changes nothing.
* **Files** (`FileBuffer`): each server process appends one line per hit to its own
  file for the current ANALYTICS_SEGMENT_SECONDS slot (an `os.write` of one short line;
  no lock but the process's own); the flush takes the files of slots no process writes
  to any more (two slots back) and counts readers through `Seen`.
"""

import os
import threading
import time
from pathlib import Path

from django.conf import settings

from .hits import Hit

_state = {}


def redis_url():
    return settings.ANALYTICS_REDIS_URL or getattr(settings, "REDIS_URL", "")


def current():
    """The buffer this configuration uses (one per process, rebuilt if settings change)."""
    url = redis_url()
    key = ("redis", url, settings.ANALYTICS_REDIS_PREFIX) if url else ("file", buffer_dir())
    found = _state.get(key)
    if found is None:
        found = RedisBuffer(url, settings.ANALYTICS_REDIS_PREFIX) if url else FileBuffer(key[1])
        _state.clear()
        _state[key] = found
    return found


def buffer_dir():
    return Path(settings.ANALYTICS_BUFFER_DIR or settings.BASE_DIR / ".cache" / "analytics")


def hour_of(at):
    return int(at // 3600 * 3600)


class FileBuffer:
    kind = "file"

    def __init__(self, directory):
        self.directory = Path(directory)
        self.lock = threading.Lock()
        self.slot = None
        self.fd = None
        self.pid = None

    def _slot(self, now):
        return int(now // settings.ANALYTICS_SEGMENT_SECONDS)

    def append(self, hit):
        data = hit.line().encode()
        with self.lock:
            slot = self._slot(time.time())
            if slot != self.slot or self.pid != os.getpid():
                self._open(slot)
            os.write(self.fd, data)

    def _open(self, slot):
        if self.fd is not None and self.pid == os.getpid():
            os.close(self.fd)
        self.directory.mkdir(parents=True, exist_ok=True)
        # Unique for ever: a counted segment's name is remembered (FlushedSegment).
        name = self.directory / f"hits-{slot:012d}-{os.getpid()}-{time.time_ns()}.tsv"
        self.fd = os.open(name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self.slot, self.pid = slot, os.getpid()

    def segments(self, everything=False):
        """Closed segments, oldest first (`everything`: the open ones too — tests, bench)."""
        if not self.directory.exists():
            return []
        if everything:
            with self.lock:
                if self.fd is not None and self.pid == os.getpid():
                    os.close(self.fd)
                self.fd = self.slot = None
        before = self._slot(time.time()) - 1
        found = []
        for path in sorted(self.directory.glob("hits-*.tsv")):
            slot = int(path.name.split("-")[1])
            if everything or slot < before:
                found.append(FileSegment(path))
        return found


class FileSegment:
    def __init__(self, path):
        self.path = path
        self.name = f"file:{path.name}"

    def hits(self):
        with open(self.path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                hit = Hit.from_line(line)  # a torn last line (a killed process) is skipped
                if hit is not None:
                    yield hit

    def discard(self):
        self.path.unlink(missing_ok=True)


class RedisBuffer:
    kind = "redis"

    def __init__(self, url, prefix):
        import redis

        self.client = redis.Redis.from_url(url)
        self.prefix = prefix
        self.current_key = prefix + "c"
        # EVALSHA, loading the script again if the server lost it (a restart)
        self._script = self.client.register_script(self.SCRIPT)

    def hll_hour(self, hour, article):
        return f"{self.prefix}uh:{hour}:{article}"

    def hll_day(self, day, article):
        return f"{self.prefix}ud:{day}:{article}"

    def hll_page_hour(self, hour, page):
        return f"{self.prefix}ph:{hour}:{page}"

    # One hit, one command: its counters (HINCRBY on the current hash) and its reader in
    # each HyperLogLog (PFADD, and the key's lifetime), run by Redis as one script. A
    # pipeline of the same 5-9 commands cost the beacon about three times the file
    # buffer's CPU per hit, most of it packing and parsing commands in Python.
    # KEYS: the current hash, then the HyperLogLogs; ARGV: the visitor, the number of
    # counters, (field, increment) for each, then each HyperLogLog's lifetime.
    SCRIPT = """
local n = tonumber(ARGV[2])
for i = 0, n - 1 do
  redis.call('HINCRBY', KEYS[1], ARGV[3 + 2 * i], ARGV[4 + 2 * i])
end
local lifetimes = 3 + 2 * n
for k = 2, #KEYS do
  redis.call('PFADD', KEYS[k], ARGV[1])
  redis.call('EXPIRE', KEYS[k], ARGV[lifetimes + k - 2])
end
return 1
"""

    def append(self, hit):
        hour = hour_of(hit.at)
        base = f"{hour}\t{hit.article}"
        counters, readers = [], []  # [(field, increment)], [(key, lifetime)]
        if hit.kind == "p":
            counters.append((f"p\t{base}", 1))
            readers.append((self.hll_page_hour(hour, hit.article), 2 * 86400))
        elif hit.kind == "v":
            counters.append((f"v\t{base}", 1))
            for kind, value in (
                ("r", hit.ref),
                ("c", hit.utm),
                ("d", hit.device),
                ("g", hit.country),
            ):
                if value:
                    counters.append((f"b\t{base}\t{kind}\t{value}", 1))
            day = hour // 86400 * 86400
            readers.append((self.hll_hour(hour, hit.article), 2 * 86400))
            readers.append((self.hll_day(day, hit.article), 3 * 86400))
        else:
            counters.append((f"e\t{base}", 1))
            if hit.read:
                counters.append((f"rt\t{base}", 1))
            if hit.seconds:
                counters.append((f"s\t{base}", hit.seconds))
        args = [hit.visitor or b"", len(counters)]
        for field, increment in counters:
            args += (field, increment)
        args += (lifetime for _key, lifetime in readers)
        self._script(keys=[self.current_key, *(key for key, _lifetime in readers)], args=args)

    def add_readers(self, tally):
        """The readers of a segment counted elsewhere (nginx's log, services.py) into the
        same HyperLogLogs a hit's script fills."""
        pipe = self.client.pipeline(transaction=False)
        for (hour, article), visitors in tally.visitors.items():
            day = hour // 86400 * 86400
            for key, lifetime in (
                (self.hll_hour(hour, article), 2 * 86400),
                (self.hll_day(day, article), 3 * 86400),
            ):
                pipe.pfadd(key, *visitors)
                pipe.expire(key, lifetime)
        for (hour, page), visitors in tally.page_visitors.items():
            pipe.pfadd(self.hll_page_hour(hour, page), *visitors)
            pipe.expire(self.hll_page_hour(hour, page), 2 * 86400)
        pipe.execute()

    def segments(self, everything=False):
        try:
            self.client.rename(self.current_key, f"{self.prefix}seg:{time.time_ns()}")
        except Exception as error:  # no current hash: nothing new since the last flush
            if "no such key" not in str(error).lower():
                raise
        names = sorted(key.decode() for key in self.client.scan_iter(f"{self.prefix}seg:*"))
        return [RedisSegment(self, name) for name in names]

    def uniques(self, keys):
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.pfcount(key)
        return pipe.execute()


class RedisSegment:
    def __init__(self, buffer, key):
        self.buffer = buffer
        self.key = key
        self.name = f"redis:{key}"

    def counters(self):
        """{field: count} of the segment's hash."""
        return {
            field.decode(): int(value)
            for field, value in self.buffer.client.hgetall(self.key).items()
        }

    def discard(self):
        self.buffer.client.delete(self.key)
