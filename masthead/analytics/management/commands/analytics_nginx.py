"""Write nginx's includes for the view beacon (analytics/nginxlog.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from masthead.analytics import nginxlog


class Command(BaseCommand):
    help = (
        "Write the two nginx includes of deploy/nginx.conf.template for the view beacon: "
        "analytics-http.conf (its log format and maps) and analytics-hit.conf (the body of "
        "`location = /_/hit`), from ANALYTICS_NGINX_LOG_DIR. Set, nginx counts the beacons "
        "into files there that the flush reads; unset, nginx passes them to the app. Run "
        "it again and reload nginx after changing it."
    )

    def add_arguments(self, parser):
        parser.add_argument("output_dir", help="Where to write the two files.")

    def handle(self, *args, output_dir, **options):
        out = Path(output_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "analytics-http.conf").write_text(nginxlog.http_conf())
        (out / "analytics-hit.conf").write_text(nginxlog.location_conf())
        directory = nginxlog.log_dir()
        if directory is not None:
            # nginx writes there, the flush reads and deletes: nobody else reads it
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.stdout.write(
            f"wrote {out}/analytics-http.conf and analytics-hit.conf "
            + (
                f"(nginx logs the beacons into {directory})"
                if directory
                else "(the app counts the beacons)"
            )
        )
