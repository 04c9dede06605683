import contextlib
import logging

from django.core.management.base import BaseCommand
from django.db import transaction

from geo_participation import formats
from geo_participation.accounts.demo import demo_accounts_load
from geo_participation.core.demo import FIXTURES, Progress
from geo_participation.projects.demo import demo_projects_load
from maps.geo.services import areas_load


class Command(BaseCommand):
    help = "Load the demo city (Kaiserslautern): boundary, districts, accounts, projects and formats. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print the demo accounts.")

    def handle(self, *args, **options):
        loaders = sorted(formats.each("demo"), key=lambda pair: pair[0].demo_order)
        progress = Progress(total=3 + len(loaders), write=self.stdout.write)
        progress.run("Stadtgrenze und Ortsbezirke", lambda: f"{areas_load(boundary_file=FIXTURES / 'boundary.geojson', districts_file=FIXTURES / 'districts.geojson')} Gebiete")
        accounts = progress.run("Demo-Konten", demo_accounts_load)
        progress.run("Projekte", demo_projects_load)
        # The formats' informational log lines (a raffle's audit, which it keeps as rows too) would fall between the
        # progress lines; the demo's own lines say what was made. Warnings still show.
        with _quiet_info_logs():
            for fmt, load in loaders:
                with transaction.atomic():
                    progress.run(f"Format „{fmt.label}“", load, progress=progress)
        if not options["quiet_accounts"]:
            self.stdout.write(self.style.SUCCESS("\nDemo-Konten (Passwort jeweils in Klammern):"))
            for username, role, password in accounts.rows:
                self.stdout.write(f"  {username:<12} {role:<32} ({password})")


@contextlib.contextmanager
def _quiet_info_logs():
    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        root.setLevel(level)
