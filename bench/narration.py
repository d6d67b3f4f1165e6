"""Narration benchmark: an 800-word article read by the default engine (Piper with the
packaged en_US-joe-medium voice) into a 64 kbps MP3, as the narration task does it.

    .venv/bin/python bench/narration.py                # what `make bench` runs
    .venv/bin/python bench/narration.py --words 5000   # the memory bound for long articles

The narration runs in a child process (no database: the article text is prepared,
normalised, chunked, synthesized and encoded exactly as masthead.audio.services does).
Printed: the voice model's load time, the wall time of synthesis plus MP3 encoding, the
audio's length, the real-time factor (audio seconds per wall second, encoding included;
target ≥ 15× on an idle 2-core machine), and the child's peak memory (maxrss).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROSE = (
    "The council met on Tuesday to debate the new bridge, while residents waited outside "
    "in the rain. By 3 a.m. the vote was in: 12,000 households will share $1.5bn in aid, "
    "about 40% more than last year. Mr. Savchenko, who represents the river district, said "
    "the 2 km crossing should reopen by Nov. 30, e.g. before the first frost. "
    "Repair crews have worked in shifts since the storm, and the port expects the first "
    "barges within weeks. "
)


def article(words):
    sentences = PROSE.split(". ")
    paragraphs, count, i = [], 0, 0
    while count < words:
        paragraph = ". ".join(sentences[j % len(sentences)] for j in range(i, i + 4)) + "."
        paragraphs.append(paragraph)
        count += len(paragraph.split())
        i += 4
    return [
        "The bridge vote: what it means for the river port.",
        "By Olena Kovalenko.",
    ] + paragraphs


def child(words, threads):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["NARRATION_THREADS"] = str(threads)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from masthead.audio import services, text
    from masthead.audio.engines import get_engine

    engine = get_engine()
    voice = engine.default_voice()
    paragraphs = text.prepare(article(words))
    started = time.perf_counter()
    engine.sample_rate(voice)  # loads the voice model
    loaded = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        writer = services.encode(paragraphs, sink, engine=engine, voice=voice)
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "engine": engine.name,
                "voice": voice,
                "words": sum(len(p.split()) for p in article(words)),
                "load": loaded - started,
                "wall": done - loaded,
                "audio": writer.duration,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("NARRATION_THREADS", 1)))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.words, args.threads)
    result = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "--words",
            str(args.words),
            "--threads",
            str(args.threads),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.stderr.write(result.stderr)
        sys.exit(result.returncode)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rtf = figures["audio"] / figures["wall"]
    print(
        f"narration ({figures['engine']}, {figures['voice']}, {args.threads} threads, "
        f"{os.cpu_count()} cores): {figures['words']} words -> {figures['audio']:.1f} s of 64 kbps MP3\n"
        f"  voice load        {figures['load']:.2f} s\n"
        f"  synthesis+encode  {figures['wall']:.2f} s wall\n"
        f"  real-time factor  {rtf:.1f}x (audio seconds per wall second; target >= 15x)\n"
        f"  peak memory       {peak_mb:.0f} MB (maxrss of the child process)\n"
        f"  load average      {os.getloadavg()[0]:.2f} (other work on the machine slows this)"
    )


if __name__ == "__main__":
    main()
