"""Heatmap counts kept by the database: the cell function, and triggers on map contributions and on opinions.

The sources are written out here as they were declared when this migration was made (maps/mapping/layers.py,
maps/feedback/layers.py): a later change to a declaration needs a migration of its own that installs it again.
Existing rows are counted at once.
"""

from django.db import migrations

from maps.geo.layers import HeatSource
from maps.planning.heatmap import HEX_FUNCTION_SQL, install_sql, recount_sql, uninstall_sql

SOURCES = (
    HeatSource(id=1, table="mapping_contribution", scope="{r}.module_id", facet="coalesce({r}.category_id, 0)",
               weight="1 + {r}.support_count"),
    HeatSource(id=2, table="feedback_opinion", scope="{r}.feature_id", geometry="{r}.point",
               facet="CASE {r}.rating WHEN 'good' THEN 1 WHEN 'okay' THEN 2 WHEN 'bad' THEN 3 ELSE 0 END"),
)


def _count_existing(source):
    return ("INSERT INTO planning_heatcell (source, scope, size, status, facet, i, j, count, weight) "
            f"SELECT * FROM ({recount_sql(source)}) AS r;")


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_heatmap_cells_and_api_tokens"),
        ("mapping", "0002_photos_private_storage"),
        ("feedback", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(HEX_FUNCTION_SQL, "DROP FUNCTION IF EXISTS planning_hex_cell(double precision, double precision, double precision);"),
        *[migrations.RunSQL(install_sql(source) + _count_existing(source),
                            uninstall_sql(source) + f"DELETE FROM planning_heatcell WHERE source = {source.id};")
          for source in SOURCES],
    ]
