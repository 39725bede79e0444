"""The public site's app icon, drawn once from one shape list: as PNG files of any size
(a tiny PNG writer, ``zlib`` and ``struct`` only) and as an SVG.

The picture: five vertebrae of a lower back, white, in a gentle curve, on the pages'
accent colour. The "any" icons sit on a rounded square (the corners transparent); the
maskable icon fills its square edge to edge and keeps the vertebrae inside the middle
circle of 80 % of its width (the safe zone a phone's mask always shows).
"""

from __future__ import annotations

import math
import struct
import zlib
from functools import cache

__all__ = ["BACKGROUND_RGB", "icon_png", "icon_svg", "png_size"]

# The pages' accent colour (handout/templates/page.css ``--accent``); white on it has
# a contrast ratio of 6.6 : 1 (WCAG AA asks 4.5 : 1).
BACKGROUND_RGB = (0x0B, 0x5C, 0xAD)
FIGURE_RGB = (0xFF, 0xFF, 0xFF)
# Shapes in units of the icon's width (0 to 1): the square's corner radius, then each
# vertebra as (centre x, centre y, half width, half height, corner radius).
CORNER_RADIUS = 0.18
VERTEBRA_COUNT = 5
VERTEBRA_HALF_WIDTH = 0.16
VERTEBRA_HALF_HEIGHT = 0.045
VERTEBRA_RADIUS = 0.03
TOP_Y, STEP_Y = 0.25, 0.125
CURVE_DEPTH = 0.07  # how far the middle vertebra sits forward: the lumbar curve


def vertebrae() -> list[tuple[float, float, float, float, float]]:
    shapes = []
    for index in range(VERTEBRA_COUNT):
        along = index / (VERTEBRA_COUNT - 1)
        x = 0.5 - CURVE_DEPTH / 2 + CURVE_DEPTH * math.sin(math.pi * along)
        shapes.append((x, TOP_Y + STEP_Y * index, VERTEBRA_HALF_WIDTH, VERTEBRA_HALF_HEIGHT,
                       VERTEBRA_RADIUS))  # fmt: skip
    return shapes


def _rounded_box_distance(x, y, shape) -> float:
    """Signed distance (units of the icon) from (x, y) to a rounded box: < 0 inside."""
    cx, cy, half_w, half_h, radius = shape
    qx = abs(x - cx) - (half_w - radius)
    qy = abs(y - cy) - (half_h - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - radius


def _coverage(distance: float, size: int) -> float:
    """How much of a pixel a shape covers, from its distance: a one-pixel soft edge."""
    return min(max(0.5 - distance * size, 0.0), 1.0)


def _pixels(size: int, maskable: bool) -> list[bytearray]:
    """RGBA rows. Only the pixels near a shape's edge or inside it are computed."""
    opaque = bytes((*BACKGROUND_RGB, 255))
    rows = [bytearray(opaque * size) for _ in range(size)]
    if not maskable:
        square = (0.5, 0.5, 0.5, 0.5, CORNER_RADIUS)
        corner_px = math.ceil(CORNER_RADIUS * size) + 1
        edges = [*range(corner_px), *range(size - corner_px, size)]
        for py in edges:
            for px in edges:
                distance = _rounded_box_distance((px + 0.5) / size, (py + 0.5) / size, square)
                rows[py][4 * px + 3] = round(255 * _coverage(distance, size))
    for shape in vertebrae():
        cx, cy, half_w, half_h, _ = shape
        for py in range(int((cy - half_h) * size) - 1, math.ceil((cy + half_h) * size) + 1):
            for px in range(int((cx - half_w) * size) - 1, math.ceil((cx + half_w) * size) + 1):
                distance = _rounded_box_distance((px + 0.5) / size, (py + 0.5) / size, shape)
                alpha = _coverage(distance, size)
                for channel in range(3):
                    base = BACKGROUND_RGB[channel]
                    rows[py][4 * px + channel] = round(base + (FIGURE_RGB[channel] - base) * alpha)
    return rows


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@cache
def icon_png(size_px: int, maskable: bool = False) -> bytes:
    """The icon as a PNG file, ``size_px`` square: 8-bit RGBA, no filter, zlib level 9."""
    header = struct.pack(">IIBBBBB", size_px, size_px, 8, 6, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(row) for row in _pixels(size_px, maskable))
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(raw, 9)),
            _chunk(b"IEND", b""),
        ]
    )


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG file, read from its header; ValueError if not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    return struct.unpack(">II", data[16:24])


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{channel:02x}" for channel in rgb)


@cache
def icon_svg() -> str:
    """The same icon as an SVG (the "any" shape), 100 units square."""
    boxes = "".join(
        f'<rect x="{100 * (cx - w):.2f}" y="{100 * (cy - h):.2f}" width="{200 * w:.2f}" '
        f'height="{200 * h:.2f}" rx="{100 * r:.2f}"/>'
        for cx, cy, w, h, r in vertebrae()
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" rx="{100 * CORNER_RADIUS:.0f}" '
        f'fill="{_hex(BACKGROUND_RGB)}"/>'
        f'<g fill="{_hex(FIGURE_RGB)}">{boxes}</g></svg>\n'
    )
