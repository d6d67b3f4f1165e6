"""Newsletter send benchmark: one issue to 100,000 confirmed subscribers through a local
SMTP sink, end to end (freezing the audience, then worker processes sending).

    .venv/bin/python bench/newsletter_send.py                      # what `make bench` runs
    .venv/bin/python bench/newsletter_send.py --recipients 20000 --workers 2

PostgreSQL only (the workers are separate processes): BENCH_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/masthead_newsletter_bench, is created if missing and
its newsletter tables emptied. The sink (bench/smtp_sink.py, in this process: aiosmtpd
reads DATA line by line and tops out near 150 messages/s here) counts every recipient it
accepted. Each worker runs --threads sending lanes with one SMTP connection each.
Prints the progress every 5 s, then total time, messages/s, the workers' peak memory
(VmHWM) and the sink's count and duplicates. Target: 100,000 in <= 2 minutes, no
duplicate.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/masthead_newsletter_bench"


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def peak_memory_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="sending lanes per worker")
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    name = url.rsplit("/", 1)[1]
    subprocess.run(  # noqa: S603, S607 - fixed arguments; exists already: fine
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from masthead.newsletters import sending
    from masthead.newsletters.models import Issue, Newsletter

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE newsletters_delivery, newsletters_issue, newsletters_subscription,"
            " newsletters_subscriber, newsletters_newsletter, newsletters_suppression CASCADE"
        )
    newsletter = Newsletter.objects.create(
        name="Bench Briefing", slug="bench", sender_name="Bench", sender_email="b@example.org"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO newsletters_subscriber (email, name, created_at, confirmations_sent)"
            " SELECT 'r' || g || '@bench.example', '', now(), 0 FROM generate_series(1, %s) g",
            [args.recipients],
        )
        cursor.execute(
            "INSERT INTO newsletters_subscription (subscriber_id, newsletter_id, status,"
            " created_at, consent_source) SELECT id, %s, 'confirmed', now(), 'bench'"
            " FROM newsletters_subscriber",
            [newsletter.pk],
        )
        cursor.execute("ANALYZE")
    issue = Issue.objects.create(
        newsletter=newsletter,
        subject="The bench edition",
        preheader="One issue, many readers",
        intro="<p>Good morning. This is the benchmark's issue, sent to every subscriber.</p>",
        body=[("heading", "And finally"), ("paragraph", "<p>Thank you for reading.</p>")],
    )

    from smtp_sink import Sink

    sink = Sink()
    port = free_port()
    sink.start("127.0.0.1", port)
    env = {**os.environ, "TEST_EMAIL_URL": f"smtp://127.0.0.1:{port}"}

    began = time.perf_counter()
    Issue.objects.filter(pk=issue.pk).update(status="sending", started_at=timezone.now())
    sending.freeze_audience(issue.pk)  # what start_send_task does first
    frozen = time.perf_counter() - began
    workers = [
        subprocess.Popen(  # noqa: S603 - our own manage.py
            [
                sys.executable,
                "manage.py",
                "newsletter_worker",
                "--until-idle",
                "--poll",
                "0.2",
                "--batch-size",
                str(args.batch_size),
                "--threads",
                str(args.threads),
            ],
            cwd=ROOT,
            env=env,
        )
        for _ in range(args.workers)
    ]
    peaks = {worker.pid: 0 for worker in workers}
    shown = began
    print(f"audience frozen in {frozen:.1f} s; {args.workers} workers started", flush=True)
    while any(worker.poll() is None for worker in workers):
        for worker in workers:
            peaks[worker.pid] = max(peaks[worker.pid], peak_memory_kb(worker.pid))
        time.sleep(0.2)
        now = time.perf_counter()
        if now - shown >= 5:
            shown = now
            got = sink.messages
            print(
                f"  {now - began:6.1f} s  {got:>8,} received  {got / (now - began):5.0f} msg/s"
                f"  worker RSS {max(peaks.values()) // 1024} MB",
                flush=True,
            )
    total = time.perf_counter() - began
    sink.stop()

    issue.refresh_from_db()
    received = sum(sink.count.values())
    duplicates = sum(n - 1 for n in sink.count.values() if n > 1)
    print(
        f"recipients        {args.recipients:,} ({args.workers} workers × {args.threads} lanes,"
        f" chunk {args.batch_size})"
    )
    print(f"audience frozen   {frozen:.1f} s")
    print(f"total             {total:.1f} s")
    print(f"rate              {received / total:.0f} messages/s")
    print(
        f"worker peak RSS   {max(peaks.values()) / 1024:.0f} MB (each: {sorted(p // 1024 for p in peaks.values())} MB)"
    )
    print(f"sink received     {received:,}, distinct {len(sink.count):,}, duplicates {duplicates}")
    print(f"issue status      {issue.status}")
    ok = received == args.recipients == len(sink.count) and duplicates == 0
    target = "met" if ok and total <= 120 else "NOT met"
    print(f"target (all {args.recipients:,} once, <= 120 s): {target}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
