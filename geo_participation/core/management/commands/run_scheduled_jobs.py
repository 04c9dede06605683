import logging

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from geo_participation import formats

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = ("Run every scheduled job the formats declare (Format.jobs), one after the other. docker-compose's "
            "housekeeping service runs this every hour; from cron: 0 * * * * manage.py run_scheduled_jobs. "
            "A job that fails does not stop the others; the command then ends with an error.")

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Only list the jobs.")

    def handle(self, *args, **options):
        failed = []
        for fmt in formats.all_formats():
            for job in fmt.jobs:
                self.stdout.write(f"{fmt.key}: {job}")
                if options["list"]:
                    continue
                try:
                    call_command(job, stdout=self.stdout, stderr=self.stderr)
                except Exception:  # the next job still runs; the log has the trace
                    logger.exception("Scheduled job %s of format %s failed", job, fmt.key)
                    failed.append(job)
        if failed:
            raise CommandError(f"Scheduled jobs failed: {', '.join(failed)}")
