from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from maps.geo.services import gazetteer_load

DEFAULT_FILE = Path(settings.BASE_DIR) / "fixtures" / "kaiserslautern" / "kaiserslautern_osm_bbbike_c2015.osm.gz"


class Command(BaseCommand):
    help = ("Build the gazetteer (streets, squares, places, addresses) from an OpenStreetMap extract (.osm or .osm.gz). "
            "Load the city's districts first, so that every entry knows its district.")

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="OSM XML file (default: the demo extract).")
        parser.add_argument("--force", action="store_true", help="Replace entries already loaded from OpenStreetMap.")

    def handle(self, *args, **options):
        count = gazetteer_load(osm_file=options["file"], force=options["force"])
        self.stdout.write(self.style.SUCCESS(f"Gazetteer: {count} entries."))
