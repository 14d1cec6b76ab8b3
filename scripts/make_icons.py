"""Generate the application icon files from resources/icons/halo_wizard.svg.

Writes resources/icons/halo_wizard.ico (Windows: PNG entries 16-256 px) and halo_wizard.icns
(macOS: PNG entries 16-1024 px) and a 256 px PNG, rendering the SVG with QtSvg. Both container
formats are written directly: they are a small header and a table of PNG images.

Run: python scripts/make_icons.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "halo_wizard.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns type codes holding PNG data, by pixel size
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = b""
    blobs = b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(images[size])) + images[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"{SVG} is not a valid SVG", file=sys.stderr)
        return 1
    sizes = sorted({*ICO_SIZES, *(s for _, s in ICNS_TYPES)})
    images = {size: render_png(renderer, size) for size in sizes}
    (ICONS / "halo_wizard.ico").write_bytes(ico({s: images[s] for s in ICO_SIZES}))
    (ICONS / "halo_wizard.icns").write_bytes(icns(images))
    (ICONS / "halo_wizard-256.png").write_bytes(images[256])
    for name in ("halo_wizard.ico", "halo_wizard.icns", "halo_wizard-256.png"):
        print(ICONS / name, (ICONS / name).stat().st_size, "bytes")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
