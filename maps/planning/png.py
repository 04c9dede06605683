"""A heatmap as a picture for reports: the hexagons drawn in EPSG:25832 (true metres, north up) on a plain
background with the city's outline, a legend, a scale bar, the k-anonymity rule and the attribution.
Drawn by Pillow from the same cells the GeoJSON carries; no browser, no map tiles."""

from __future__ import annotations

import io
import math

from django.db import connection
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from .heatmap import Heatmap, min_count

WIDTH, HEIGHT = 1200, 900
MARGIN, FOOTER = 40, 110
SQRT3 = math.sqrt(3)


def _font(size: int):
    return ImageFont.load_default(size=size)


def hexagon(size: float, i: int, j: int) -> list[tuple[float, float]]:
    """The corners of ST_Hexagon(size, i, j) in EPSG:25832."""
    height = SQRT3 * size
    cx, cy = 1.5 * size * i, height * j + (height / 2 if i % 2 else 0)
    return [(cx + dx * size, cy + dy * height) for dx, dy in
            ((-1, 0), (-0.5, -0.5), (0.5, -0.5), (1, 0), (0.5, 0.5), (-0.5, 0.5))]


def _boundary_25832() -> list[list[tuple[float, float]]]:
    """The city's outline in EPSG:25832, simplified to 10 m (it is only drawn)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_Transform(geometry, 25832), 10), 1) "
                       "FROM geo_administrativearea WHERE level = 'city' LIMIT 1")
        row = cursor.fetchone()
    if not row:
        return []
    import json

    shape = json.loads(row[0])
    polygons = shape["coordinates"] if shape["type"] == "MultiPolygon" else [shape["coordinates"]]
    return [[tuple(point) for point in ring] for polygon in polygons for ring in polygon]


def _nice_length(metres: float) -> int:
    for step in (100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if step >= metres:
            return step
    return 10000


def render_png(heatmap: Heatmap) -> bytes:
    cells = heatmap.cells
    size = heatmap.size
    rings = _boundary_25832()
    points = [corner for cell in cells for corner in hexagon(size, cell[0], cell[1])]
    points += [point for ring in rings for point in ring]
    if not points:
        points = [(405000.0, 5470000.0), (420000.0, 5485000.0)]  # Kaiserslautern, should nothing be there
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    map_w, map_h = WIDTH - 2 * MARGIN, HEIGHT - MARGIN - FOOTER
    scale = min(map_w / max(east - west, 1), map_h / max(north - south, 1))
    offset_x = MARGIN + (map_w - (east - west) * scale) / 2
    offset_y = MARGIN + (map_h - (north - south) * scale) / 2

    def pixel(point):
        return (offset_x + (point[0] - west) * scale, offset_y + (north - point[1]) * scale)

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    classes = heatmap.classes()
    values = heatmap.values
    for cell, value in zip(cells, values):
        draw.polygon([pixel(p) for p in hexagon(size, cell[0], cell[1])], fill=heatmap.colour_of(value, classes),
                     outline="#ffffff")
    for ring in rings:
        draw.line([pixel(p) for p in ring], fill="#1d4f91", width=2)

    title_font, text_font, small_font = _font(22), _font(16), _font(13)
    measure = _("contributions") if heatmap.measure == "count" else _("contributions and supports")
    draw.text((MARGIN, 10), f"{heatmap.layer.title} – {_('Heatmap')} ({size} m, {measure})", fill="#1a1a1a", font=title_font)

    # Legend, bottom right.
    x, y = WIDTH - MARGIN - 260, HEIGHT - FOOTER + 10
    draw.text((x, y), _("Contributions per cell") if heatmap.measure == "count" else _("Weighted per cell"),
              fill="#1a1a1a", font=text_font)
    for index, cls in enumerate(classes):
        top = y + 24 + index * 16
        draw.rectangle([x, top, x + 24, top + 12], fill=cls["colour"], outline="#555555")
        label = str(cls["from"]) if cls["from"] == cls["to"] else f"{cls['from']}–{cls['to']}"
        draw.text((x + 32, top - 2), label, fill="#1a1a1a", font=small_font)
    if not classes:
        draw.text((x, y + 24), _("No cell has enough contributions."), fill="#1a1a1a", font=small_font)

    # Scale bar, bottom left.
    length = _nice_length(map_w / scale / 5)
    bar_y = HEIGHT - FOOTER + 20
    draw.line([(MARGIN, bar_y), (MARGIN + length * scale, bar_y)], fill="#1a1a1a", width=4)
    label = f"{length // 1000} km" if length >= 1000 else f"{length} m"
    draw.text((MARGIN, bar_y + 6), label, fill="#1a1a1a", font=small_font)

    notes = [
        _("Cells with fewer than %(k)d contributions are left out, so that no single resident can be located.")
        % {"k": min_count()},
        _("Hexagons in ETRS89 / UTM 32N (EPSG:25832), north up."),
        heatmap.layer.licence_text,
    ]
    for index, note in enumerate(notes):
        draw.text((MARGIN, HEIGHT - FOOTER + 46 + index * 18), note[:150], fill="#333333", font=small_font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
