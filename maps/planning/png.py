"""A heatmap as a picture for reports: the hexagons drawn in EPSG:25832 (true metres, north up) on a plain
background with the city's outline, a legend, a scale bar, the k-anonymity rule and the attribution.
Drawn by Pillow from the same cells the GeoJSON carries; no browser, no map tiles."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from .heatmap import Heatmap, min_count

WIDTH, HEIGHT = 1200, 900
MARGIN, FOOTER = 40, 130
SQRT3 = math.sqrt(3)


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian's fonts-dejavu-core (bootstrap, Dockerfile)


def _font(size: int):
    """DejaVu Sans (umlauts, dashes); Pillow's own font where it is missing."""
    try:
        return ImageFont.truetype(str(FONT), size)
    except OSError:
        return ImageFont.load_default(size=size)


def _wrapped(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return lines + ([line] if line else [])


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
    if points:  # the cells with room around them (at least 3 km), the city's outline where it passes
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        half = max(1500.0, (max(xs) - min(xs)) * 0.65, (max(ys) - min(ys)) * 0.65)
        west, east, south, north = cx - half, cx + half, cy - half, cy + half
    elif rings:
        xs, ys = [p[0] for ring in rings for p in ring], [p[1] for ring in rings for p in ring]
        west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    else:
        west, east, south, north = 405000.0, 420000.0, 5470000.0, 5485000.0  # Kaiserslautern
    top = MARGIN + 30
    map_w, map_h = WIDTH - 2 * MARGIN, HEIGHT - top - FOOTER
    scale = min(map_w / max(east - west, 1), map_h / max(north - south, 1))
    offset_x = MARGIN + (map_w - (east - west) * scale) / 2
    offset_y = top + (map_h - (north - south) * scale) / 2

    def pixel(point):
        return (offset_x + (point[0] - west) * scale, offset_y + (north - point[1]) * scale)

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    classes = heatmap.classes()
    for cell, value in zip(cells, heatmap.values):
        draw.polygon([pixel(p) for p in hexagon(size, cell[0], cell[1])], fill=heatmap.colour_of(value, classes),
                     outline="#ffffff")
    for ring in rings:
        draw.line([pixel(p) for p in ring], fill="#1d4f91", width=2)
    # What lies outside the map's frame is covered, so that the outline does not run under the texts.
    draw.rectangle([0, 0, WIDTH, top - 1], fill="white")
    draw.rectangle([0, HEIGHT - FOOTER, WIDTH, HEIGHT], fill="white")

    title_font, text_font, small_font = _font(22), _font(15), _font(13)
    measure = _("contributions") if heatmap.measure == "count" else _("contributions and supports")
    draw.text((MARGIN, 14), f"{heatmap.layer.title} – {_('Heatmap')} ({size} m, {measure})", fill="#1a1a1a",
              font=title_font)

    # Legend, top right, on a white box.
    heading = _("Contributions per cell") if heatmap.measure == "count" else _("Weighted per cell")
    box_w, box_h = 230, 34 + 20 * max(1, len(classes))
    x, y = WIDTH - MARGIN - box_w, top + 10
    draw.rectangle([x - 10, y - 8, x + box_w, y + box_h], fill="white", outline="#999999")
    draw.text((x, y), heading, fill="#1a1a1a", font=text_font)
    for index, cls in enumerate(classes):
        row = y + 26 + index * 20
        draw.rectangle([x, row, x + 26, row + 14], fill=cls["colour"], outline="#555555")
        label = str(cls["from"]) if cls["from"] == cls["to"] else f"{cls['from']}–{cls['to']}"
        draw.text((x + 36, row - 1), label, fill="#1a1a1a", font=small_font)
    if not classes:
        draw.text((x, y + 26), _("No cell has enough contributions."), fill="#1a1a1a", font=small_font)

    # Scale bar and notes under the map.
    length = _nice_length(map_w / scale / 5)
    bar_y = HEIGHT - FOOTER + 14
    draw.line([(MARGIN, bar_y), (MARGIN + length * scale, bar_y)], fill="#1a1a1a", width=4)
    draw.text((MARGIN, bar_y + 6), f"{length // 1000} km" if length >= 1000 else f"{length} m", fill="#1a1a1a",
              font=small_font)
    notes = [
        _("Cells with fewer than %(k)d contributions are left out, so that no single resident can be located.")
        % {"k": min_count()},
        _("Hexagons in ETRS89 / UTM 32N (EPSG:25832), north up."),
        heatmap.layer.licence_text,
    ]
    lines = [line for note in notes for line in _wrapped(draw, note, small_font, WIDTH - 2 * MARGIN)]
    for index, line in enumerate(lines[:5]):
        draw.text((MARGIN, bar_y + 26 + index * 17), line, fill="#333333", font=small_font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
