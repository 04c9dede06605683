from django.core.management.base import BaseCommand

from geo_participation import formats
from maps.geo.layers import HEAT_SOURCES
from maps.planning.heatmap import heatmap_rebuild


class Command(BaseCommand):
    help = ("Recount the heatmap cells of every layer from its rows. The database keeps them current by itself; "
            "this is for after a restore, or if someone switched the triggers off.")

    def handle(self, *args, **options):
        formats.each("layers")  # imports every format's layers module, which declares its heat source
        for source in HEAT_SOURCES.values():
            cells = heatmap_rebuild(source)
            if options["verbosity"]:
                self.stdout.write(f"{source.table}: {cells} cells")
