"""The public site's app icon, drawn once from one shape list: as PNG files of any size
(a tiny PNG writer, ``zlib`` and ``struct`` only) and as an SVG.

The pixels are computed with numpy (a dependency already), each edge softened over one
pixel. The picture: five vertebrae of a lower back, white, in a gentle curve, on the pages'
accent colour. The "any" icons sit on a rounded square (the corners transparent); the
maskable icon fills its square edge to edge and keeps the vertebrae inside the middle
circle of 80 % of its width (the safe zone a phone's mask always shows).
"""

from __future__ import annotations

import math
import struct
import zlib
from functools import cache

import numpy as np

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


def _rounded_box_distance(x: np.ndarray, y: np.ndarray, shape) -> np.ndarray:
    """Signed distance (units of the icon) from each (x, y) to a rounded box: < 0 inside."""
    cx, cy, half_w, half_h, radius = shape
    qx = np.abs(x - cx) - (half_w - radius)
    qy = np.abs(y - cy) - (half_h - radius)
    outside = np.hypot(np.maximum(qx, 0.0), np.maximum(qy, 0.0))
    return outside + np.minimum(np.maximum(qx, qy), 0.0) - radius


def _coverage(distance: np.ndarray, size: int) -> np.ndarray:
    """How much of each pixel a shape covers, from its distance: a one-pixel soft edge."""
    return np.clip(0.5 - distance * size, 0.0, 1.0)


def _pixels(size: int, maskable: bool) -> np.ndarray:
    """The icon as RGBA, one row per pixel row (``size`` x ``size`` x 4, 8-bit)."""
    centres = (np.arange(size) + 0.5) / size
    x, y = np.meshgrid(centres, centres)
    figure = np.zeros((size, size))
    for shape in vertebrae():
        figure = np.maximum(figure, _coverage(_rounded_box_distance(x, y, shape), size))
    background, white = np.array(BACKGROUND_RGB, float), np.array(FIGURE_RGB, float)
    rgb = background + (white - background) * figure[..., None]
    if maskable:  # edge to edge: the phone cuts its own shape out of it
        alpha = np.ones((size, size))
    else:
        alpha = _coverage(_rounded_box_distance(x, y, (0.5, 0.5, 0.5, 0.5, CORNER_RADIUS)), size)
    return np.round(np.dstack([rgb, alpha[..., None] * 255])).astype(np.uint8)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@cache
def icon_png(size_px: int, maskable: bool = False) -> bytes:
    """The icon as a PNG file, ``size_px`` square: 8-bit RGBA, no filter, zlib level 9."""
    header = struct.pack(">IIBBBBB", size_px, size_px, 8, 6, 0, 0, 0)
    pixels = _pixels(size_px, maskable)
    raw = b"".join(b"\x00" + row.tobytes() for row in pixels)
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
